"""The dataset's tables from extractions in memory: one function per table
(or pair of tables built together). A build assembles them from the row
store instead (``sql.py``), which gives the same rows; these are the
reference it is tested against, and what tests build small corpora with.
The corpus-wide work they need (speakers, inspections merged across
documents, links to inspections) is in ``pipelines.resolve``."""

from __future__ import annotations

from collections.abc import Iterable

from pipelines.assemble import rows as per_document
from pipelines.assemble.providers import build_provider_tables
from pipelines.assemble.ratings import rating_rows as build_rating_rows
from pipelines.extract.extraction import DocumentExtraction
from pipelines.extract.providers import Gazetteer
from pipelines.extract.quotes import QuoteCandidate
from pipelines.read.errors import IngestError
from pipelines.read.model import SourceDocument
from pipelines.resolve.inspections import link_inspection, merge_inspections
from pipelines.resolve.speakers import build_quote_tables


def document_rows(documents: Iterable[SourceDocument]) -> list[dict]:
    return [per_document.document_row(d) for d in documents]


def section_rows(documents: Iterable[SourceDocument]) -> list[dict]:
    return [row for d in documents for row in per_document.section_rows(d)]


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
