"""Documents and readings of the quotation extractor's results, shared by its tests."""

from __future__ import annotations

from pipelines.extract.quotes import QuoteCandidate
from pipelines.read.document import Section, SourceDocument
from tests.documents import article


def make_document(text: str, sections: list[Section] | None = None, title: str = "") -> SourceDocument:
    return article(text, sections=sections, title=title)



def texts(found: list[QuoteCandidate]) -> list[str]:
    return [q.text for q in found]


def speakers(found: list[QuoteCandidate]) -> list[str | None]:
    return [q.speaker.name if q.speaker else None for q in found]


def only(found: list[QuoteCandidate]) -> QuoteCandidate:
    assert len(found) == 1, texts(found)
    return found[0]
