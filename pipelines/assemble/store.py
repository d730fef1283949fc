"""A log-structured store of per-document rows (``rows.py``) beside the
extraction store, so the corpus-wide tables are assembled by DuckDB over
Parquet instead of by re-reading every stored extraction once per table.

Layout: ``<outputs>/.cache/rows/<code digest>/segment-<id>/<kind>.parquet``.
Each build that meets documents the store does not hold appends one segment
with their rows (a ``doc_key`` column names each row's document: its
extraction's key, so a changed file is a new key) and commits it by writing
its ``keys.parquet`` last. A segment without its keys, or with a kind's file
missing or unreadable, is torn: it is ignored and its documents' rows are
written again. A view of the store is the corpus's current keys joined with
the segment each is read from, so the rows of a changed or removed document
never reach a table. Segments are compacted when they pile up.

Everything is keyed by the code (every module of pipelines/ and schemas/,
the reference data) and the extraction store's fingerprint: any change to
either starts a new folder and removes the old ones."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.assemble.rows import KINDS, rows_of
from pipelines.extract.corpus import Corpus, CorpusEntry, MissingExtraction
from pipelines.extract.extraction import DocumentExtraction
from pipelines.reuse import code_digest

KEYS = "keys.parquet"
_LOCK = ".lock"
# Documents whose rows are gathered before they are written as row groups:
# bounds what a full build holds (the documents' texts above all).
CHUNK = 500
# More segments than this are merged into one (the largest stays when its
# rows are mostly live, so a one-added rebuild does not rewrite the corpus).
MAX_SEGMENTS = 8
_KEYS_SCHEMA = pa.schema([pa.field("doc_key", pa.string())])


@dataclass(frozen=True)
class RowView:
    """The corpus's rows in the store: which segment each current document
    is read from, in the corpus's order. Small, picklable, handed between
    steps; ``assemble.sql`` queries it."""

    folder: str
    corpus_digest: str
    live: tuple[tuple[str, str, str], ...]  # (doc_key, segment, document_id) in corpus order
    segments: tuple[str, ...]

    def files(self, kind: str) -> list[str]:
        return [str(Path(self.folder, segment, f"{kind}.parquet")) for segment in self.segments]


def document_key(entry: CorpusEntry) -> str:
    """What a document's rows are stored under: what its extraction is (a
    changed file, or one moved, is another document)."""
    return hashlib.sha256(f"{entry.document_id}\0{entry.source_path}\0{entry.sha256}".encode()).hexdigest()


def _extraction(corpus: Corpus, entry: CorpusEntry) -> DocumentExtraction:
    extraction = corpus.store.get(entry)
    if not isinstance(extraction, DocumentExtraction):
        raise MissingExtraction(f"The stored extraction of {entry.source_path} is gone; build again to extract it anew.")
    return extraction


class RowStore:
    def __init__(self, root: Path, extraction_fingerprint: str | None) -> None:
        digest = hashlib.sha256(f"{code_digest()}\0{extraction_fingerprint}".encode()).hexdigest()[:16]
        self.root = Path(root)
        self.folder = self.root / digest

    @classmethod
    def beside(cls, outputs: Path, corpus: Corpus) -> RowStore:
        return cls(Path(outputs) / ".cache" / "rows", getattr(corpus.store, "fingerprint", None))

    def update(self, corpus: Corpus) -> RowView:
        """Append the rows of every document of ``corpus`` the store lacks,
        compact when segments pile up, and return the corpus's view."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._locked():
            self._remove_other_folders()
            stored = self._committed()
            keys = [document_key(entry) for entry in corpus.entries]
            missing = [(key, entry) for key, entry in zip(keys, corpus.entries) if key not in stored]
            if missing:
                segment = self._write_segment(corpus, missing)
                stored.update({key: segment for key, _ in missing})
            if len(set(stored.values())) > MAX_SEGMENTS:
                stored = self._compact(stored, set(keys))
        live = tuple((key, stored[key], entry.document_id) for key, entry in zip(keys, corpus.entries))
        return RowView(str(self.folder), corpus.digest(), live, tuple(sorted({s for _, s, _ in live})))

    # --- segments -------------------------------------------------------------

    def _committed(self) -> dict[str, str]:
        """doc_key -> the segment its rows are read from (the oldest holding
        it). Torn segments are removed: under the lock none is being written."""
        stored: dict[str, str] = {}
        for path in sorted(self.folder.glob("segment-*")):
            keys = self._keys(path)
            if keys is None:
                shutil.rmtree(path, ignore_errors=True)
                continue
            for key in keys:
                stored.setdefault(key, path.name)
        return stored

    @staticmethod
    def _keys(segment: Path) -> list[str] | None:
        try:
            for kind in KINDS:
                pq.read_metadata(segment / f"{kind}.parquet")
            return pq.read_table(segment / KEYS).column("doc_key").to_pylist()
        except (OSError, pa.ArrowException):
            return None

    def _new_segment(self) -> Path:
        # Named in the order written: the oldest copy of a document's rows wins.
        path = self.folder / f"segment-{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
        path.mkdir()
        return path

    def _write_segment(self, corpus: Corpus, missing: list) -> str:
        path = self._new_segment()
        with _SegmentWriter(path) as writer:
            for start in range(0, len(missing), CHUNK):
                chunk: dict[str, list[dict]] = {kind: [] for kind in KINDS}
                for key, entry in missing[start:start + CHUNK]:
                    if entry.document_id in corpus.unextracted:
                        document_rows = rows_of(corpus.unextracted[entry.document_id], None)
                    else:
                        extraction = _extraction(corpus, entry)
                        document_rows = rows_of(extraction.document, extraction)
                    for kind, rows in document_rows.items():
                        chunk[kind].extend({**row, "doc_key": key, "ordinal": i} for i, row in enumerate(rows))
                writer.write(chunk)
            writer.commit([key for key, _ in missing])
        return path.name

    def _compact(self, stored: dict[str, str], current: set[str]) -> dict[str, str]:
        """Merge segments into one holding only the current documents' rows;
        the largest segment stays when most of it is current."""
        from pipelines.assemble.sql import connect

        sizes: dict[str, int] = {}
        for segment in stored.values():
            sizes[segment] = sizes.get(segment, 0) + 1
        largest = max(sizes, key=sizes.get)
        kept_live = sum(1 for key in current if stored.get(key) == largest)
        keep = {largest} if kept_live * 2 >= sizes[largest] else set()
        moved = {key: segment for key, segment in stored.items() if key in current and segment not in keep}
        path = self._new_segment()
        view = RowView(str(self.folder), "", tuple((key, segment, "") for key, segment in moved.items()),
                       tuple(sorted(set(moved.values()))))
        with connect(view) as con, _SegmentWriter(path) as writer:
            for kind in KINDS:
                writer.write_arrow(kind, con.execute(
                    f"SELECT * EXCLUDE (position) FROM {kind} ORDER BY position, ordinal").fetch_arrow_table())
            writer.commit(list(moved))
        for segment in set(sizes) - keep:
            shutil.rmtree(self.folder / segment, ignore_errors=True)
        return {key: (segment if segment in keep else path.name)
                for key, segment in stored.items() if key in current or segment in keep}

    # --- housekeeping -----------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with (self.folder / _LOCK).open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _remove_other_folders(self) -> None:
        """Folders of other code: removed unless a build is using one."""
        for other in self.root.iterdir():
            if other == self.folder or not other.is_dir():
                continue
            try:
                with (other / _LOCK).open("a") as handle:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    shutil.rmtree(other, ignore_errors=True)
            except OSError:
                continue


class _SegmentWriter:
    """One Parquet file per kind, written as row groups; ``commit`` writes
    the keys that make the segment count."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.schemas = {kind: pa.schema([pa.field("doc_key", pa.string()), pa.field("ordinal", pa.int32()), *schema])
                        for kind, schema in KINDS.items()}
        self.writers = {kind: pq.ParquetWriter(path / f"{kind}.parquet", schema, compression="zstd")
                        for kind, schema in self.schemas.items()}
        self.committed = False

    def write(self, chunk: dict[str, list[dict]]) -> None:
        for kind, rows in chunk.items():
            if rows:
                names = self.schemas[kind].names
                table = pa.Table.from_pylist([{n: row.get(n) for n in names} for row in rows], schema=self.schemas[kind])
                self.writers[kind].write_table(table)

    def write_arrow(self, kind: str, table: pa.Table) -> None:
        if table.num_rows:
            self.writers[kind].write_table(table.cast(self.schemas[kind]))

    def commit(self, keys: list[str]) -> None:
        for writer in self.writers.values():
            writer.close()
        temporary = self.path / f".{KEYS}.{uuid.uuid4().hex}"
        pq.write_table(pa.table({"doc_key": pa.array(keys, pa.string())}, schema=_KEYS_SCHEMA), temporary)
        os.replace(temporary, self.path / KEYS)
        self.committed = True

    def __enter__(self) -> _SegmentWriter:
        return self

    def __exit__(self, *exc) -> None:
        if not self.committed:
            for writer in self.writers.values():
                writer.close()
            shutil.rmtree(self.path, ignore_errors=True)
