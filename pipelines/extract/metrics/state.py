"""One document as the metric rules read it: tokens, sentences, dates, figures and
provider mentions, each with an index for lookups by offset."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from pipelines.extract.context import DocumentContext
from pipelines.extract.numbers import Quantity
from pipelines.extract.providers import ProviderMention
from pipelines.read.dates import DateMention
from pipelines.read.document import SourceDocument


@dataclass
class _MetricState:
    document: SourceDocument
    text: str
    tokens: list  # spaCy tokens, or [] when the parse does not match the text
    token_starts: list[int]
    sentences: list[tuple[int, int]]
    sentence_starts: list[int]
    dates: list[DateMention]
    mentions: list[ProviderMention]
    mention_starts: list[int]
    provider_types: dict[str, str]  # provider_id -> provider_type, from the reference data
    figures: list[Quantity] = field(default_factory=list)  # every figure, metric or not, by core_start
    figure_starts: list[int] = field(default_factory=list)
    # (figure, sentence) -> its counted noun: _elided_noun asks again for every
    # later figure of the sentence, which is quadratic in figures without it.
    counted_nouns: dict = field(default_factory=dict)

    def set_figures(self, figures: list[Quantity]) -> None:
        self.figures = sorted(figures, key=lambda q: (q.core_start, q.core_end))
        self.figure_starts = [q.core_start for q in self.figures]

    @classmethod
    def build(cls, context: DocumentContext) -> "_MetricState":
        document, text, parsed = context.document, context.text, context.parsed
        # Context from the parse needs the dependency tree of this very text;
        # without it figures still come from the text, with less context.
        usable = parsed is not None and parsed.has_annotation("DEP")
        tokens = list(parsed) if usable else []
        sentences = _sentences(context, usable)
        in_text = (m for m in context.provider_mentions if 0 <= m.char_start < m.char_end <= len(text))
        valid = sorted(in_text, key=lambda m: (m.char_start, m.char_end))
        return cls(
            document=document,
            text=text,
            tokens=tokens,
            token_starts=[t.idx for t in tokens],
            sentences=sentences,
            sentence_starts=[s for s, _ in sentences],
            dates=context.dates,
            mentions=valid,
            mention_starts=[m.char_start for m in valid],
            provider_types={pid: record.provider_type for pid, record in context.gazetteer.records.items()},
        )

    def token_at(self, offset: int):
        if not self.tokens:
            return None
        i = bisect.bisect_right(self.token_starts, offset) - 1
        if i < 0:
            return None
        tok = self.tokens[i]
        return tok if tok.idx <= offset < tok.idx + max(1, len(tok.text)) else None

    def figures_in(self, sentence: tuple[int, int]) -> list[Quantity]:
        lo = bisect.bisect_left(self.figure_starts, sentence[0])
        hi = bisect.bisect_left(self.figure_starts, sentence[1])
        return self.figures[lo:hi]

    def mentions_in(self, sentence: tuple[int, int]) -> list[ProviderMention]:
        lo = bisect.bisect_left(self.mention_starts, sentence[0])
        hi = bisect.bisect_left(self.mention_starts, sentence[1])
        return [m for m in self.mentions[lo:hi] if m.char_end <= sentence[1]]

    def sentence_of(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.sentence_starts, offset) - 1
        if 0 <= i < len(self.sentences) and self.sentences[i][0] <= offset < self.sentences[i][1]:
            return self.sentences[i]
        return _line_of(self.text, offset)


def _sentences(context: DocumentContext, usable: bool) -> list[tuple[int, int]]:
    """The document's sentences without surrounding space; paragraphs stand
    in for them when there is no dependency parse."""
    paragraphs = [(p.char_start, p.char_end) for p in context.paragraphs] or [(0, len(context.text))]
    spans = {_strip(context.text, lo, hi) for lo, hi in (context.sentences if usable else paragraphs)}
    return sorted(s for s in spans if s[0] < s[1])


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _line_of(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return _strip(text, start, len(text) if end < 0 else end)
