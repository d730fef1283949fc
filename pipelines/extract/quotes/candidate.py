"""What the quotation extractor returns: a quotation with its evidence span and speaker."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SpeakerRef:
    name: str
    speaker_type: str  # person | organisation | report
    role: str | None
    organisation: str | None
    provider_id: str | None


@dataclass(frozen=True)
class QuoteCandidate:
    document_id: str
    section_index: int
    text: str
    char_start: int
    char_end: int
    is_comment: bool
    cue: str | None
    speaker: SpeakerRef | None


# Quotations shorter than this are scare quotes or names, not statements.
MIN_QUOTE_WORDS = 3
# A quotation with no cue of its own is given to the last speaker named at
# most this many paragraphs earlier in the same section.
MAX_FALLBACK_PARAGRAPHS = 2
