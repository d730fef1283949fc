"""Documents for extractor unit tests, built directly so a test controls
exactly what the layout step would otherwise decide (sections, date, title)."""

from __future__ import annotations

from datetime import date

from pipelines.extract.document import find_paragraphs
from pipelines.extract.model import Section, SourceDocument


def article(
    text: str,
    *,
    document_id: str = "doc",
    published: date | None = None,
    sections: list[Section] | None = None,
    title: str = "",
) -> SourceDocument:
    """``text`` as one document; by default a single article section."""
    return SourceDocument(
        document_id=document_id,
        source_path=f"{document_id}.txt",
        sha256="",
        text=text,
        title=title,
        published_date=published,
        paragraphs=find_paragraphs(text),
        sections=sections or [Section(0, "article", 0, len(text))],
    )
