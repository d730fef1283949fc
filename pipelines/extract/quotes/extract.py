"""Direct quotations in one document, and who said them: the entry point.

Attribution reads the single spaCy parse the caller made of the whole
document: the subject of the speech verb that governs a quotation, resolved
through titles, appositives, short names, pronouns, role references ("the
chief inspector"), providers (gazetteer) and other bodies (refdata/bodies.yaml)."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import NamedTuple

from pipelines.extract.context import DocumentContext
from pipelines.extract.quotes.attribution import _Attributing
from pipelines.extract.quotes.candidate import MIN_QUOTE_WORDS, QuoteCandidate
from pipelines.extract.quotes.context import _Attribution, _Para
from pipelines.extract.quotes.events import _SpeechEvents
from pipelines.extract.quotes.headlines import _Headlines
from pipelines.extract.quotes.marks import _Marked, count_words, scan_quotation_marks
from pipelines.extract.quotes.names import _NameIndex
from pipelines.extract.quotes.paragraphs import _Paragraphs
from pipelines.extract.quotes.phrases import _PhraseReading
from pipelines.extract.quotes.resolution import _SpeakerResolution

log = logging.getLogger(__name__)


class _DocumentQuotes(_Paragraphs, _NameIndex, _SpeechEvents, _SpeakerResolution, _PhraseReading, _Attributing, _Headlines):
    """Quotation extraction for one document over its one parse."""

    def run(self) -> list[QuoteCandidate]:
        self._find_paragraphs()
        self._collect_names()
        self._collect_events()
        results: dict[tuple[int, int], QuoteCandidate] = {}
        headlines: list[tuple[_Para, _Marked]] = []
        carried: _Attribution | None = None  # a quotation left open at the end of the previous paragraph
        previous: _Para | None = None
        for para in self.paras:
            if previous is not None and previous.section.index != para.section.index:
                previous = carried = None
            if para.section.kind != "boilerplate":
                carried = self._paragraph_quotes(para, previous, carried, results, headlines)
            previous = para
        # Headlines last: they are attributed from the body's quotations.
        for para, quote in headlines:
            found = self._attribute_headline(para, quote, results)
            results[(quote.start, quote.end)] = self._candidate(para, quote.start, quote.end, found)
        # A title line or caption that quotes words the article attributes
        # further down ("'Impossible to say' if ..." over "A watchdog said it
        # is 'impossible to say'") is those words' speaker's.
        for key, candidate in list(results.items()):
            if candidate.speaker is None and not candidate.is_comment and self._is_title_line(candidate):
                echoed = self._echoed_in_body(_Span(candidate.char_start, candidate.char_end), results)
                if echoed is not None:
                    results[key] = replace(candidate, speaker=echoed.speaker)
        return [results[k] for k in sorted(results)]

    def _is_title_line(self, candidate: QuoteCandidate) -> bool:
        """A short line with no sentence of its own around the quotation: a
        headline or a caption, not a statement."""
        para = self._para_of_char(candidate.char_start)
        if para is None:
            return False
        line = para.span.of(self.text).strip()
        return len(line) <= 200 and not re.search(r"[.!?:]\W*$", line.rstrip("’'\"”"))

    def _paragraph_quotes(
        self,
        para: _Para,
        previous: _Para | None,
        carried: _Attribution | None,
        results: dict[tuple[int, int], QuoteCandidate],
        headlines: list[tuple[_Para, _Marked]],
    ) -> _Attribution | None:
        """Attribute the paragraph's quotations; returns the attribution of a
        quotation still open at its end, for the next paragraph."""
        if not para.quotes:
            block = self._block_quote(para, previous)
            if block is not None:
                results[(block.char_start, block.char_end)] = block
            return None
        left_open: _Attribution | None = None
        for n, quote in enumerate(para.quotes):
            if not self._is_quotation(para, quote):
                left_open = carried if quote.close_at is None and n == 0 else None
                continue
            if para.headline:
                headlines.append((para, quote))
                continue
            found = self._attribute(para, quote, n, carried, previous)
            results[(quote.start, quote.end)] = self._candidate(para, quote.start, quote.end, found)
            left_open = found if quote.close_at is None else None
        return left_open

    def _candidate(self, para: _Para, start: int, end: int, found: _Attribution) -> QuoteCandidate:
        quoted = self.text[start:end]
        assert end > start and quoted.strip() == quoted, "a quotation's evidence span is its trimmed words"
        return QuoteCandidate(
            document_id=self.document.document_id,
            section_index=para.section.index,
            text=quoted,
            char_start=start,
            char_end=end,
            is_comment=para.section.kind == "comment",
            cue=found.cue,
            speaker=found.speaker,
        )


class _Span(NamedTuple):
    start: int
    end: int


def extract_quotes(context: DocumentContext) -> list[QuoteCandidate]:
    """Direct quotations in the document, each with its verified evidence span.
    Attribution reads the context's one parse; it is never re-parsed here."""
    document = context.document
    if not document.text.strip():
        return []
    if context.parsed is None:
        log.warning("%s: no parse of the document's text; quotations left unattributed", document.document_id)
        return _unattributed(context)
    candidates = _DocumentQuotes(context).run()
    # Every row is evidence: its text is exactly the document's text at its span.
    return [c for c in candidates if document.text[c.char_start : c.char_end] == c.text]


def _unattributed(context: DocumentContext) -> list[QuoteCandidate]:
    """Quotations without speakers, for a document without a parse."""
    document = context.document
    out = []
    for span in context.paragraphs:
        section = document.section_at(span.char_start)
        if section is not None and section.kind == "boilerplate":
            continue
        for quote in scan_quotation_marks(document.text, span.char_start, span.char_end):
            quoted = document.text[quote.start : quote.end]
            if count_words(quoted) >= MIN_QUOTE_WORDS:
                out.append(
                    QuoteCandidate(
                        document.document_id,
                        section.index if section else 0,
                        quoted,
                        quote.start,
                        quote.end,
                        bool(section and section.kind == "comment"),
                        None,
                        None,
                    )
                )
    return out
