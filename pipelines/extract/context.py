"""One document as every extractor sees it, built once per document.

The parse is checked against the text here and nowhere else, paragraphs fall
back to a split of the text here and nowhere else, and the sentences come
from the one splitter. Extractors take a context and return typed mentions;
providers run first, and the others see their mentions in the context.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from pipelines.extract.nlp import parse_is_of
from pipelines.extract.sentences import sentence_spans
from pipelines.read.dates import DateMention, find_dates
from pipelines.read.document import find_paragraphs
from pipelines.read.model import SourceDocument, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from pipelines.extract.providers import Gazetteer, ProviderMention


@dataclass
class DocumentContext:
    document: SourceDocument
    parsed: Doc | None  # the parse of exactly this text; None when there is none
    gazetteer: Gazetteer
    paragraphs: list[Span]
    sentences: list[tuple[int, int]]  # cut at paragraph ends, sorted, disjoint
    provider_mentions: list[ProviderMention] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.document.text

    @functools.cached_property
    def dates(self) -> list[DateMention]:
        return find_dates(self.text)

    def with_provider_mentions(self, mentions: list[ProviderMention]) -> DocumentContext:
        return replace(self, provider_mentions=list(mentions))


def build_context(document: SourceDocument, parsed, gazetteer: Gazetteer) -> DocumentContext:
    """The context of ``document`` with ``parsed``, the caller's one parse of
    its text (dropped when it is of another text), and no provider mentions yet."""
    text = document.text
    checked = parsed if parse_is_of(parsed, text) else None
    paragraphs = list(document.paragraphs) or find_paragraphs(text)
    sentences = sentence_spans(text, [(p.char_start, p.char_end) for p in paragraphs], checked)
    return DocumentContext(document, checked, gazetteer, paragraphs, sentences)
