"""What the inspection extractor returns for one document: an inspection mention."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class InspectionMention:
    """One inspection as one document reports it.

    ``char_start``/``char_end`` is the evidence: the sentence that names the
    inspection (``text == document.text[char_start:char_end]``).
    ``references`` are the spans of every sentence that discusses it, used to
    link quotes and metrics. ``status`` is ``current`` (the report the
    article is about) or ``previous`` (an earlier inspection it recalls).
    """

    document_id: str
    char_start: int
    char_end: int
    text: str
    title: str
    inspectorate: str
    inspection_type: str
    area: str | None
    published_date: date | None
    date_precision: str | None
    provider_ids: tuple[str, ...]
    lead_inspector: str | None
    headline_finding: str | None
    status: str = "current"
    inspectorate_ids: tuple[str, ...] = ()
    topic: str | None = None
    given_title: str | None = None
    heading_title: str | None = None
    date_is_explicit: bool = False
    references: tuple[tuple[int, int], ...] = ()
    document_date: date | None = None
    subject_ids: tuple[str, ...] = ()  # providers named as the inspected body, a subset of provider_ids
    subject_name: str | None = None  # the one provider it is an inspection of, when there is one
    subject_id: str | None = None  # that provider's id: with the date, the inspection's identity
    subject_type: str | None = None  # that provider's type (crc, pdu, ...)
    subject_explicit: bool = False  # named as inspected, not just the one provider around it
    # Where an earlier report is recalled in a clause ("has improved since an
    # inspection in 2016"), the clause's start: the words before it are not about it.
    looking_back: tuple[int, ...] = ()
    fieldwork_date: date | None = None
    report_period: str | None = None  # the year or years an annual report covers, as the text gives them ("2018–19")  # the month inspectors visited ("carried out inspections in November")

    @property
    def mention_id(self) -> str:
        return f"{self.document_id}:{self.char_start}-{self.char_end}"
