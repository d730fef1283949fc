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
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
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
            # The key is a pickle of its own ahead of the value: a stale
            # result (most of a rebuild's tables, hundreds of MB at 10,000
            # articles) is never unpickled only to be thrown away.
            if pickle.load(handle) == key:
                return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        pass
    value = compute()
    _store(path, key, value)
    return value


def _store(path: Path, *parts) -> None:
    """Each of ``parts`` pickled in turn into ``path``, written aside and renamed."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as handle:
            for part in parts:
                pickle.dump(part, handle, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(path)
    except OSError:
        temporary.unlink(missing_ok=True)  # not stored: only a slower next build


class _UsedMemo(MutableMapping):
    """A memo that remembers which of its entries this build used."""

    def __init__(self, entries: dict) -> None:
        self.entries = entries
        self.used: set = set()

    def __getitem__(self, key):
        value = self.entries[key]
        self.used.add(key)
        return value

    def __setitem__(self, key, value) -> None:
        self.entries[key] = value
        self.used.add(key)

    def __delitem__(self, key) -> None:
        del self.entries[key]
        self.used.discard(key)

    def __contains__(self, key) -> bool:
        return key in self.entries

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


@contextmanager
def kept_memo(folder: Path, name: str) -> Iterator[MutableMapping]:
    """A memo for a corpus-wide step (keys are digests of what an entry was
    computed from) that the next build finds again. Only the entries this
    build read or wrote are kept, so the memo holds the current corpus's,
    not every version of every document; a step that fails keeps the old
    memo. Other code starts an empty one."""
    path = folder / f"{name}.memo.pickle"
    entries: dict = {}
    try:
        with path.open("rb") as handle:
            if pickle.load(handle) == code_digest():
                entries = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        pass
    memo = _UsedMemo(entries)
    yield memo
    _store(path, code_digest(), {key: entries[key] for key in memo.used if key in entries})
