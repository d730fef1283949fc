"""The document model every extractor reads: text, paragraphs, sections."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[char_start, char_end)`` of a document's text."""

    char_start: int
    char_end: int

    def of(self, text: str) -> str:
        return text[self.char_start : self.char_end]


@dataclass(frozen=True)
class Section:
    """A part of a document: the article itself, an embedded article, a reader
    comment, or page furniture (``kind`` is one of ``schemas.enums.SECTION_KINDS``)."""

    index: int
    kind: str
    char_start: int
    char_end: int
    publisher: str | None = None
    title: str | None = None


@dataclass
class SourceDocument:
    document_id: str
    source_path: str
    sha256: str
    text: str
    title: str = ""
    publisher: str | None = None
    published_date: date | None = None
    published_date_precision: str | None = None  # day, or year for an "Updated:" stamp
    paragraphs: list[Span] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    @property
    def reference_date(self) -> date | None:
        """The day "today" and "on Tuesday" resolve against: the own date when
        the page gives its day (an "Updated:" stamp gives only its year)."""
        return self.published_date if self.published_date_precision in (None, "day") else None

    @property
    def n_words(self) -> int:
        return len(self.text.split())

    def section_at(self, char_offset: int) -> Section | None:
        for section in self.sections:
            if section.char_start <= char_offset < section.char_end:
                return section
        return None
