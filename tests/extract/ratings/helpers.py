"""Invented bodies for the register of the ratings tests, and readings of
their results."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from pipelines.assemble.ratings import rating_rows

# A few PDUs and youth offending services in invented places (Felpersham,
# Casterbridge, ...), so the tests do not depend on which real ones the
# reference data holds.
BODIES = {
    "felpersham-pdu": ("Felpersham PDU", "pdu"),
    "borchester-pdu": ("Borchester PDU", "pdu"),
    "loxley-pdu": ("Loxley PDU", "pdu"),
    "casterbridge-yos": ("Casterbridge Youth Offending Service", "youth_offending_service"),
    "budmouth-yos": ("Budmouth Youth Offending Service", "youth_offending_service"),
    "melchester-yos": ("Melchester Youth Offending Service", "youth_offending_service"),
    "sherton-and-abbas-yos": ("Sherton and Abbas Youth Offending Service", "youth_offending_service"),
    # a place with two kinds of body: a list of youth services must pick the service
    "casterbridge-crc": ("Casterbridge CRC", "crc"),
}


def facts(rows: list[dict]) -> set[tuple]:
    return {(r["provider_id"] or r["area"], r["standard"], r["rating"]) for r in rows}


def table_rows_of(rows: list[dict], document) -> list[dict]:
    return rating_rows([SimpleNamespace(document=document, inspections=[], ratings=rows)], [], {})


def table_rows(rating: dict, published: date | None = None) -> list[dict]:
    document = SimpleNamespace(document_id="doc", published_date=published, text="", paragraphs=[], sections=[])
    return table_rows_of([rating], document)
