"""Versioned reference data: domain knowledge that holds for any article.

Each YAML file documents its own fields at the top. Loaded through
``load_refdata`` so every extractor reads the same parsed copy.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import yaml

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.lru_cache(maxsize=None)
def load_refdata(name: str) -> Any:
    """Parse ``refdata/<name>.yaml`` once per process."""
    with resources.files(__package__).joinpath(f"{name}.yaml").open(encoding="utf-8") as handle:
        # libyaml's loader when the build of PyYAML has it: the same documents,
        # parsed about ten times faster (the files are read on every build).
        return yaml.load(handle, Loader=_SAFE_LOADER)
