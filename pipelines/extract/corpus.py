"""The corpus of stored extractions: every usable document of the seeds
folder with its per-document extraction (from the cache, or extracted now),
and every file that failed. The table assets read it one document at a time."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import Any

from pipelines.extract.cache import extract_with_cache
from pipelines.extract.extraction import DocumentExtraction
from pipelines.extract.providers import Gazetteer
from pipelines.read.errors import IngestError
from pipelines.read.manifest import KnownDocument, SourceManifest
from pipelines.read.model import SourceDocument
from pipelines.read.seeds import DEFAULT_MAX_BYTES, iter_corpus


@dataclass(frozen=True)
class CorpusEntry:
    """A document of the corpus, by what its stored extraction is keyed on."""

    document_id: str
    source_path: str
    sha256: str


class MissingExtraction(RuntimeError):
    """A stored extraction the corpus lists has gone (its store was cleared
    while the tables were being built)."""


@dataclass
class Corpus:
    """Every usable document and every file that failed, with the store that
    holds each document's extraction.

    It lists documents rather than holding them: ``documents()`` and
    ``extractions()`` read one stored extraction at a time, so building a
    table holds that table's rows, never every article's text and parse
    results at once, whatever the size of the corpus."""

    store: Any  # an ExtractionCache: get(entry) -> DocumentExtraction | IngestError | None, has_extraction(entry)
    entries: list[CorpusEntry] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    # Documents whose extraction failed: still documents, with no extracted rows.
    unextracted: dict[str, SourceDocument] = field(default_factory=dict)

    def add(self, document: SourceDocument | KnownDocument, extraction: DocumentExtraction | IngestError | None) -> None:
        """``extraction`` is None for a stored extraction not loaded."""
        self.entries.append(CorpusEntry(document.document_id, document.source_path, document.sha256))
        if isinstance(extraction, IngestError):
            self.errors.append(extraction)
            self.unextracted[document.document_id] = document

    def digest(self) -> str:
        """What every table is computed from: the documents, by the content
        their extractions are keyed on, the store's extractor fingerprint and
        the files that failed."""
        state = (getattr(self.store, "fingerprint", None), [astuple(e) for e in self.entries],
                 [(e.source_path, e.stage, e.message) for e in self.errors])
        return hashlib.sha256(repr(state).encode("utf-8", "surrogatepass")).hexdigest()

    def documents(self) -> Iterator[SourceDocument]:
        for entry in self.entries:
            if entry.document_id in self.unextracted:
                yield self.unextracted[entry.document_id]
            else:
                yield self._extraction(entry).document

    def extractions(self) -> Iterator[DocumentExtraction]:
        for entry in self.entries:
            if entry.document_id not in self.unextracted:
                yield self._extraction(entry)

    def _extraction(self, entry: CorpusEntry) -> DocumentExtraction:
        extraction = self.store.get(entry)
        if not isinstance(extraction, DocumentExtraction):
            raise MissingExtraction(
                f"The stored extraction of {entry.source_path} is gone; build again to extract it anew."
            )
        return extraction


def collect_corpus(
    seeds_dir: Path, store, nlp_loader, gazetteer: Gazetteer, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[Corpus, int]:
    """The corpus of ``seeds_dir`` with every extraction in ``store`` (an
    ExtractionCache), extracting any that is not; returns it and how many
    documents had to be parsed here."""
    corpus = Corpus(store)
    unreadable: list[IngestError] = []
    folder_order: dict[str, int] = {}
    manifest = SourceManifest.beside(getattr(store, "root", None), seeds_dir)

    def documents() -> Iterator[SourceDocument | KnownDocument]:
        for item in iter_corpus(seeds_dir, max_bytes, manifest, store.has_extraction):
            if isinstance(item, IngestError):
                unreadable.append(item)
            else:
                folder_order[item.document_id] = len(folder_order)
                yield item

    parsed = 0
    for document, extraction, reused in extract_with_cache(documents(), store, nlp_loader, gazetteer):
        parsed += not reused
        corpus.add(document, extraction)
    # Stored extractions come back before fresh ones; the corpus keeps the
    # folder's order whichever came from where.
    corpus.entries.sort(key=lambda entry: folder_order[entry.document_id])
    corpus.errors[:0] = unreadable
    manifest.save()
    return corpus, parsed
