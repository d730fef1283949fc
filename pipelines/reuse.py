"""Corpus-wide results reused while nothing they are computed from has
changed: the same documents with the same stored extractions (the corpus's
digest) and the same code (every module of pipelines/ and schemas/, and the
reference data). A rebuild with nothing changed then reads each table back
instead of re-reading every extraction and redoing the merges.

A result is stored beside the key it was computed under and used only when
the key matches; a missing, torn or stale one is computed again."""

from __future__ import annotations

import hashlib
import pickle
import uuid
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from pipelines.extract.cache import add_files
from pipelines.settings import PROJECT_ROOT

T = TypeVar("T")


@lru_cache(maxsize=1)
def code_digest() -> str:
    digest = hashlib.sha256()
    sources = [*PROJECT_ROOT.joinpath("pipelines").rglob("*.py"), *PROJECT_ROOT.joinpath("schemas").rglob("*.py"),
               *PROJECT_ROOT.joinpath("pipelines").rglob("*.yaml")]
    add_files(digest, sources, PROJECT_ROOT)
    return digest.hexdigest()


def reuse(folder: Path, corpus_digest: str, name: str, compute: Callable[[], T]) -> T:
    """``compute()``, or what it returned last time under the same corpus and code."""
    key = f"{corpus_digest}\0{code_digest()}"
    path = folder / f"{name}.pickle"
    try:
        with path.open("rb") as handle:
            stored_key, value = pickle.load(handle)
        if stored_key == key:
            return value
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        pass
    value = compute()
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as handle:
            pickle.dump((key, value), handle, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(path)
    except OSError:
        temporary.unlink(missing_ok=True)  # not stored: only a slower next build
    return value
