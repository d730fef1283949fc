"""What each seeds file was when it was last read, so that a rebuild costs a
stat per unchanged file rather than a read, a decode and a layout.

An entry is trusted only while the file's size and modification time (in
nanoseconds) are those recorded; a file changed since is read again. As git
does with its index, a file modified within ``RACY_SECONDS`` of being read
is not recorded: a second write in the same clock tick could keep the same
size and time with other bytes.

The manifest is a hint, never the truth: a lost or torn one only means the
files are read again.
"""

from __future__ import annotations

import os
import pickle
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

RACY_SECONDS = 2.0
MANIFEST_NAME = "sources.pickle"


@dataclass(frozen=True)
class KnownFile:
    """A seeds file as last read: enough to find its stored extraction (the
    hash of its bytes) and to tell duplicates apart (the hash of its text)
    without reading it."""

    size: int
    mtime_ns: int
    sha256: str
    text_digest: str
    warning: str | None = None


@dataclass(frozen=True)
class KnownDocument:
    """An unchanged document whose extraction is stored: what the extraction
    is keyed on, and nothing read from the file."""

    document_id: str
    source_path: str
    sha256: str


class SourceManifest:
    """``source_path -> KnownFile`` for one seeds folder, kept beside the
    extractions it points at. Only local folders have one: an object store's
    listing gives no modification time worth trusting."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[str, KnownFile] = {}
        self._changed = False
        if path is not None:
            try:
                with path.open("rb") as handle:
                    loaded = pickle.load(handle)
                if isinstance(loaded, dict):
                    self.entries = loaded
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
                self.entries = {}

    @classmethod
    def beside(cls, store_root, seeds_dir) -> SourceManifest:
        """The manifest of ``seeds_dir`` in the extraction store at
        ``store_root``; an inert one when either is not a local folder."""
        if not _is_local(store_root) or not _is_local(seeds_dir):
            return cls(None)
        key = str(Path(seeds_dir).resolve()).encode("utf-8", "surrogateescape").hex()[-48:]
        return cls(Path(store_root) / "manifests" / f"{key}.{MANIFEST_NAME}")

    @property
    def active(self) -> bool:
        return self.path is not None

    def lookup(self, source_path: str, stat: os.stat_result) -> KnownFile | None:
        known = self.entries.get(source_path)
        if known is None or known.size != stat.st_size or known.mtime_ns != stat.st_mtime_ns:
            return None
        return known

    def record(self, source_path: str, stat: os.stat_result, sha256: str, text_digest: str, warning: str | None) -> None:
        if self.path is None or time.time_ns() - stat.st_mtime_ns < RACY_SECONDS * 1e9:
            return
        known = KnownFile(stat.st_size, stat.st_mtime_ns, sha256, text_digest, warning)
        if self.entries.get(source_path) != known:
            self.entries[source_path] = known
            self._changed = True

    def save(self) -> None:
        """Written aside and renamed; a manifest that cannot be written is
        only a slower next build."""
        if self.path is None or not self._changed:
            return
        temporary = self.path.with_name(f"{self.path.name}.{uuid.uuid4().hex}.part")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(pickle.dumps(self.entries, protocol=pickle.HIGHEST_PROTOCOL))
            temporary.replace(self.path)
            self._changed = False
        except OSError:
            temporary.unlink(missing_ok=True)


def _is_local(folder) -> bool:
    return isinstance(folder, Path) and "://" not in str(folder) and getattr(folder, "protocol", "") in ("", "file", "local")
