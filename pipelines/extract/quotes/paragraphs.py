"""Paragraphs, their quotations, sentence breaks (the document's one splitter,
joined inside quotations) and headlines."""

from __future__ import annotations

import bisect
import re

from pipelines.extract.quotes.candidate import MIN_QUOTE_WORDS
from pipelines.extract.quotes.context import _FINITE_TAGS, _Para
from pipelines.extract.quotes.marks import (
    _TERMINAL,
    _Marked,
    count_words,
    scan_quotation_marks,
)
from pipelines.extract.quotes.state import _QuoteState
from pipelines.extract.quotes.words import _ends_with_word, _is_prose, _title_cased
from pipelines.extract.sentences import starts_outside_quotations
from pipelines.read.document import Section


class _Paragraphs(_QuoteState):
    """Finds the paragraphs, their quotation marks, sentence breaks and headlines."""

    def _find_paragraphs(self) -> None:
        spans = self.context.paragraphs
        spans = sorted(
            (s for s in spans if 0 <= s.char_start < s.char_end <= len(self.text)), key=lambda s: s.char_start
        )
        default = Section(0, "article", 0, len(self.text))
        left_open: str | None = None
        for i, span in enumerate(spans):
            quotes = scan_quotation_marks(self.text, span.char_start, span.char_end, left_open)
            # An unclosed single quote is only a continuing quotation when the
            # next paragraph reopens it; otherwise it is a stray apostrophe.
            if quotes and quotes[-1].close_at is None and quotes[-1].family == "single":
                nxt = spans[i + 1] if i + 1 < len(spans) else None
                if nxt is None or self.text[nxt.char_start] not in "'‘":
                    quotes = quotes[:-1]
            left_open = quotes[-1].family if quotes and quotes[-1].close_at is None else None
            section = self.document.section_at(span.char_start) or default
            self.paras.append(_Para(i, span, section, quotes))
            for q in quotes:
                stop = q.close_at if q.close_at is not None else span.char_end - 1
                self.inside[q.open_at : stop + 1] = b"\x01" * (stop + 1 - q.open_at)
        self.para_starts = [p.span.char_start for p in self.paras]
        for para in self.paras:
            para.breaks = starts_outside_quotations(
                self.text, self.context.sentences, para.span.char_start, para.span.char_end,
                [(q.open_at, q.close_at) for q in para.quotes],
            )
            para.headline = self._is_headline(para)

    def _is_quotation(self, para: _Para, quote: _Marked) -> bool:
        quoted = self.text[quote.start : quote.end]
        if count_words(quoted) < MIN_QUOTE_WORDS:
            return False
        before = self.text[max(para.span.char_start, quote.open_at - 25) : quote.open_at].casefold()
        if _ends_with_word(re.sub(r"[\s,:]+$", "", before), self.lex.name_introducers):
            return False
        if self._is_document_title(quote, before):
            return False
        return not self._is_title_case_name(para, quote, quoted)

    def _is_document_title(self, quote: _Marked, before: str) -> bool:
        """``its report, "Probation in crisis", found``: a quoted span set off
        after a document noun is the document's title."""
        if quote.close_at is None or self.text[quote.end - 1] in _TERMINAL:
            return False
        after = self.text[quote.close_at + 1 : quote.close_at + 2]
        set_off = after in (",", ")", ";") or self.text[quote.end - 1] == ","
        return set_off and _ends_with_word(re.sub(r"[\s,(]+$", "", before), self.lex.title_nouns)

    def _is_title_case_name(self, para: _Para, quote: _Marked, quoted: str) -> bool:
        """'Transforming Rehabilitation Programme': every longer word capitalised
        and no sentence punctuation, in a paragraph that is not itself
        title-cased (a title-cased headline capitalises its quotes too)."""
        if re.search(r"[.!?,;:]$", quoted):
            return False
        if not _title_cased(quoted):
            return False
        outside = self.text[para.span.char_start : quote.open_at] + " " + self.text[quote.end : para.span.char_end]
        return not _title_cased(outside)

    def _sentence(self, para: _Para, pos: int) -> tuple[int, int]:
        after = bisect.bisect_right(para.breaks, pos)
        start = para.breaks[after - 1] if after else para.span.char_start
        end = para.breaks[after] if after < len(para.breaks) else para.span.char_end
        return start, end

    def _is_headline(self, para: _Para) -> bool:
        raw = para.span.of(self.text).strip()
        if para.section.kind == "comment":
            return False
        titles = {(self.document.title or "").strip()} | {(s.title or "").strip() for s in self.document.sections}
        if (para.index == 0 and not _is_prose(raw)) or (raw in titles - {""} and not self._prose_before(para)):
            return True
        if count_words(raw) > 25 or not para.quotes:
            return False
        tokens = self._tokens(para.span.char_start, para.span.char_end)
        if any(t.tag_ in _FINITE_TAGS and not self.inside[t.idx] for t in tokens):
            return False  # a sentence of its own, not a headline
        unquoted_end = re.sub(r"[\s”’\"']+$", "", raw)
        first = para.quotes[0]
        label = self.text[para.span.char_start : first.open_at].strip()
        return not unquoted_end.endswith(tuple(_TERMINAL)) or (label.endswith(":") and _title_cased(label))

    def _prose_before(self, para: _Para) -> bool:
        """Whether running text precedes ``para`` in its section: a headline
        never comes after the story has started."""
        for other in self.paras[: para.index]:
            if other.section.index == para.section.index and _is_prose(other.span.of(self.text)):
                return True
        return False
