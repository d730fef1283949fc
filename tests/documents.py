"""Documents for extractor unit tests, built directly so a test controls
exactly what the layout step would otherwise decide (sections, date, title)."""

from __future__ import annotations

from datetime import date

from pipelines.extract.context import DocumentContext, build_context
from pipelines.extract.providers import Gazetteer, ProviderMention, load_gazetteer
from pipelines.read.document import find_paragraphs
from pipelines.read.model import Section, SourceDocument


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


def context(document: SourceDocument, parsed, gazetteer: Gazetteer | None = None,
            mentions: list[ProviderMention] | None = None) -> DocumentContext:
    """The context the corpus builds for ``document``, with ``mentions`` as its
    provider mentions (none unless given)."""
    built = build_context(document, parsed, gazetteer or load_gazetteer())
    return built.with_provider_mentions(mentions or [])
