"""The corpus-wide steps: the table rows that need every document (canonical
speakers, inspections reported by several documents, quote groups, the links
between tables), and the corpus of stored extractions the table assets read."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import Any

from pipelines.extract.cache import extract_with_cache
from pipelines.extract.document import SourceDocument
from pipelines.extract.errors import IngestError
from pipelines.extract.extraction import DocumentExtraction
from pipelines.extract.inspections import link_inspection, merge_inspections
from pipelines.extract.manifest import KnownDocument, SourceManifest
from pipelines.extract.providers import Gazetteer, build_provider_tables
from pipelines.extract.quotes import QuoteCandidate
from pipelines.extract.ratings import rating_rows as build_rating_rows
from pipelines.extract.seeds import DEFAULT_MAX_BYTES, iter_corpus
from pipelines.extract.speakers import build_quote_tables


def document_rows(documents: Iterable[SourceDocument]) -> list[dict]:
    return [
        {
            "document_id": d.document_id,
            "source_path": d.source_path,
            "sha256": d.sha256,
            "title": d.title,
            "publisher": d.publisher,
            "published_date": d.published_date,
            "published_date_precision": d.published_date_precision if d.published_date else None,
            "text": d.text,
            "n_chars": len(d.text),
            "n_words": d.n_words,
        }
        for d in documents
    ]


def section_rows(documents: Iterable[SourceDocument]) -> list[dict]:
    return [
        {
            "document_id": d.document_id,
            "section_index": s.index,
            "kind": s.kind,
            "publisher": s.publisher,
            "title": s.title,
            "char_start": s.char_start,
            "char_end": s.char_end,
        }
        for d in documents
        for s in d.sections
    ]


def error_rows(errors: Iterable[IngestError]) -> list[dict]:
    return [{"source_path": e.source_path, "stage": e.stage, "error": e.message} for e in errors]


def provider_tables(extractions: Iterable[DocumentExtraction], gazetteer: Gazetteer) -> tuple[list[dict], list[dict]]:
    return build_provider_tables(gazetteer, {x.document.document_id: x.mentions for x in extractions})


def inspection_table(extractions: Iterable[DocumentExtraction]) -> tuple[list[dict], dict[str, str]]:
    """(inspections rows, {inspection mention id: inspection_id})."""
    return merge_inspections({x.document.document_id: x.inspections for x in extractions})


def quote_tables(
    extractions: Iterable[DocumentExtraction], inspection_ids: dict[str, str]
) -> tuple[list[dict], list[dict]]:
    # Each quotation is linked while its document is at hand, so the
    # documents can stream past; speakers and quote groups need them all.
    candidates: list[QuoteCandidate] = []
    linked: dict[tuple[str, int, int], str | None] = {}
    for extraction in extractions:
        for quote in extraction.quotes:
            candidates.append(quote)
            linked[(quote.document_id, quote.char_start, quote.char_end)] = _inspection_of(
                extraction, quote.char_start, quote.char_end, inspection_ids
            )
    speakers, quotes = build_quote_tables(candidates)
    for row in quotes:
        row["inspection_id"] = linked[(row["document_id"], row["char_start"], row["char_end"])]
    return speakers, quotes


def metric_rows(extractions: Iterable[DocumentExtraction], inspection_ids: dict[str, str]) -> list[dict]:
    return [
        {**row, "inspection_id": _inspection_of(extraction, row["char_start"], row["char_end"], inspection_ids)}
        for extraction in extractions
        for row in extraction.metrics
    ]


def rating_rows(
    extractions: Iterable[DocumentExtraction], inspection_rows: list[dict], inspection_ids: dict[str, str]
) -> list[dict]:
    """The ratings table: each rating linked to the inspection that gave it
    (when that inspection is of the rated body) and dated."""
    return build_rating_rows(extractions, inspection_rows, inspection_ids)


def _inspection_of(extraction: DocumentExtraction, char_start: int, char_end: int, inspection_ids: dict[str, str]) -> str | None:
    return link_inspection(extraction.document, char_start, char_end, extraction.inspections, inspection_ids)


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
