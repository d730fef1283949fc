"""The per-document rows the corpus-wide tables are assembled from: for each
kind, the rows one document contributes, a pure function of that document
and its extraction, and the objects the corpus-wide merges need rebuilt
from them.

A span's inspection is linked to one of its own document's inspection
MENTIONS here (``linked_mention``); the corpus-wide merge later names that
mention's inspection. That is the link ``link_inspection`` makes with the
merged ids, because the merge never puts two mentions of one document in
one inspection (``assemble.store`` checks it on every assembly)."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from datetime import date

import pyarrow as pa

from pipelines.extract.extraction import DocumentExtraction
from pipelines.extract.inspections.mention import InspectionMention
from pipelines.extract.providers.records import ProviderRecord
from pipelines.extract.quotes import QuoteCandidate, SpeakerRef
from pipelines.read.model import SourceDocument
from pipelines.resolve.inspections import link_inspection
from schemas.registry import TABLES


def _table_fields(table: str, *, without: tuple[str, ...] = ()) -> list[pa.Field]:
    return [pa.field(f.name, f.type) for f in TABLES[table].arrow_schema() if f.name not in without]


_LINK = pa.field("linked_mention", pa.string())
_STRINGS = pa.list_(pa.string())

# Every kind's columns, as stored; the store adds the document's key and each
# row's position within its document.
KINDS: dict[str, pa.Schema] = {
    "documents": pa.schema(_table_fields("documents")),
    "sections": pa.schema(_table_fields("sections")),
    "metrics": pa.schema([*_table_fields("metrics", without=("inspection_id",)), _LINK]),
    "ratings": pa.schema([
        *_table_fields("ratings", without=("inspection_id", "rated_date", "rated_date_precision")),
        pa.field("previous_year", pa.int64()), pa.field("stated_year", pa.int64()),
        pa.field("document_date", pa.date32()), _LINK,
    ]),
    "provider_mentions": pa.schema([
        *_table_fields("provider_mentions", without=("mention_id",)),
        pa.field("discovered", pa.string()),  # the ProviderRecord of a provider found only in the text, as JSON
    ]),
    "quotes": pa.schema([
        pa.field("document_id", pa.string()), pa.field("section_index", pa.int64()), pa.field("text", pa.string()),
        pa.field("char_start", pa.int64()), pa.field("char_end", pa.int64()), pa.field("is_comment", pa.bool_()),
        pa.field("cue", pa.string()), pa.field("speaker_name", pa.string()), pa.field("speaker_type", pa.string()),
        pa.field("speaker_role", pa.string()), pa.field("speaker_organisation", pa.string()),
        pa.field("speaker_provider_id", pa.string()), _LINK,
    ]),
    "inspection_mentions": pa.schema([
        pa.field("document_id", pa.string()), pa.field("char_start", pa.int64()), pa.field("char_end", pa.int64()),
        pa.field("text", pa.string()), pa.field("title", pa.string()), pa.field("inspectorate", pa.string()),
        pa.field("inspection_type", pa.string()), pa.field("area", pa.string()),
        pa.field("published_date", pa.date32()), pa.field("date_precision", pa.string()),
        pa.field("provider_ids", _STRINGS), pa.field("lead_inspector", pa.string()),
        pa.field("headline_finding", pa.string()), pa.field("status", pa.string()),
        pa.field("inspectorate_ids", _STRINGS), pa.field("topic", pa.string()), pa.field("given_title", pa.string()),
        pa.field("heading_title", pa.string()), pa.field("date_is_explicit", pa.bool_()),
        pa.field("references", pa.list_(pa.list_(pa.int64()))), pa.field("document_date", pa.date32()),
        pa.field("subject_ids", _STRINGS), pa.field("subject_name", pa.string()), pa.field("subject_id", pa.string()),
        pa.field("subject_type", pa.string()), pa.field("subject_explicit", pa.bool_()),
        pa.field("looking_back", pa.list_(pa.int64())), pa.field("fieldwork_date", pa.date32()),
        pa.field("report_period", pa.string()),
    ]),
}


def document_row(d: SourceDocument) -> dict:
    return {
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


def section_rows(d: SourceDocument) -> list[dict]:
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
        for s in d.sections
    ]


def rows_of(document: SourceDocument, extraction: DocumentExtraction | None) -> dict[str, list[dict]]:
    """Every kind's rows of one document (only its document and sections
    when its extraction failed)."""
    rows = {"documents": [document_row(document)], "sections": section_rows(document)}
    if extraction is None:
        return rows
    # Each mention stands for its own inspection: the link names a mention.
    own = {m.mention_id: m.mention_id for m in extraction.inspections}

    def linked(start: int, end: int) -> str | None:
        return link_inspection(document, start, end, extraction.inspections, own)

    rows["metrics"] = [{**row, "linked_mention": linked(row["char_start"], row["char_end"])}
                       for row in extraction.metrics]
    rows["ratings"] = [
        {**rating, "document_date": document.published_date,
         "linked_mention": None if rating["is_previous"] else linked(rating["char_start"], rating["char_end"])}
        for rating in extraction.ratings
    ]
    rows["provider_mentions"] = [
        {"document_id": document.document_id, "provider_id": m.provider_id, "char_start": m.char_start,
         "char_end": m.char_end, "text": m.text, "discovered": _record_json(m.discovered)}
        for m in extraction.mentions or ()
    ]
    rows["quotes"] = [_quote_row(q, linked(q.char_start, q.char_end)) for q in extraction.quotes]
    rows["inspection_mentions"] = [asdict(m) for m in extraction.inspections]
    return rows


def _quote_row(quote: QuoteCandidate, linked_mention: str | None) -> dict:
    speaker = quote.speaker
    return {
        "document_id": quote.document_id, "section_index": quote.section_index, "text": quote.text,
        "char_start": quote.char_start, "char_end": quote.char_end, "is_comment": quote.is_comment, "cue": quote.cue,
        "speaker_name": speaker.name if speaker else None,
        "speaker_type": speaker.speaker_type if speaker else None,
        "speaker_role": speaker.role if speaker else None,
        "speaker_organisation": speaker.organisation if speaker else None,
        "speaker_provider_id": speaker.provider_id if speaker else None,
        "linked_mention": linked_mention,
    }


def quote_candidate(row: dict) -> QuoteCandidate:
    speaker = None
    if row["speaker_name"] is not None:
        speaker = SpeakerRef(row["speaker_name"], row["speaker_type"], row["speaker_role"],
                             row["speaker_organisation"], row["speaker_provider_id"])
    return QuoteCandidate(row["document_id"], row["section_index"], row["text"], row["char_start"], row["char_end"],
                          row["is_comment"], row["cue"], speaker)


_MENTION_TUPLES = {"provider_ids", "inspectorate_ids", "subject_ids", "looking_back"}


def inspection_mention(row: dict) -> InspectionMention:
    values = {k: tuple(v) if k in _MENTION_TUPLES else v for k, v in row.items() if k in _MENTION_FIELDS}
    values["references"] = tuple(tuple(pair) for pair in row["references"])
    return InspectionMention(**values)


_MENTION_FIELDS = {f.name for f in fields(InspectionMention)}
_RECORD_DATES = ("valid_from", "valid_to")


def _record_json(record: ProviderRecord | None) -> str | None:
    if record is None:
        return None
    values = asdict(record)
    for name in _RECORD_DATES:
        values[name] = values[name].isoformat() if values[name] else None
    return json.dumps(values, ensure_ascii=False, sort_keys=True)


def provider_record(text: str) -> ProviderRecord:
    values = json.loads(text)
    for name in _RECORD_DATES:
        values[name] = date.fromisoformat(values[name]) if values[name] else None
    for item in fields(ProviderRecord):
        if isinstance(values[item.name], list):
            values[item.name] = tuple(tuple(v) if isinstance(v, list) else v for v in values[item.name])
    return ProviderRecord(**values)
