"""Headline quotations, attributed from the body quotation they echo or the
report the article is about."""

from __future__ import annotations

import re

from pipelines.extract.quotes.candidate import QuoteCandidate, SpeakerRef
from pipelines.extract.quotes.context import _CONTENT_POS, _Attribution, _Para
from pipelines.extract.quotes.lexicon import _key
from pipelines.extract.quotes.marks import _Marked
from pipelines.extract.quotes.state import _QuoteState
from pipelines.extract.quotes.words import _window_covers


class _Headlines(_QuoteState):
    """Attributes the quotations of headlines, after the body's."""

    def _attribute_headline(
        self, para: _Para, quote: _Marked, results: dict[tuple[int, int], QuoteCandidate]
    ) -> _Attribution:
        """A headline quotes the body: the body's attribution of the same
        words is the precise one. Failing that, the headline's own cue; failing
        that, the inspectorate's report when the piece reports on one."""
        echoed = self._echoed_in_body(quote, results)
        if echoed is not None:
            return _Attribution(echoed.speaker)
        direct = self._direct(para, quote)
        if direct.speaker is not None:
            return direct
        return _Attribution(self._report_of(para), direct.cue, direct.finding)

    def _echoed_in_body(self, quote: _Marked, results: dict[tuple[int, int], QuoteCandidate]) -> QuoteCandidate | None:
        wanted = self._content_lemmas(quote.start, quote.end)
        if len(wanted) < 2:
            return None
        for key in sorted(results):
            candidate = results[key]
            if candidate.speaker is None or candidate.char_start <= quote.end:
                continue
            sequence = [
                _key(t.lemma_) for t in self._tokens(candidate.char_start, candidate.char_end) if t.is_alpha
            ]
            if _window_covers(sequence, wanted, 2 * len(wanted) + 2):
                return candidate
        return None

    def _content_lemmas(self, start: int, end: int) -> set[str]:
        return {
            _key(t.lemma_)
            for t in self._tokens(start, end)
            if t.is_alpha and t.pos_ in _CONTENT_POS and _key(t.lemma_) not in ("be", "have", "do")
        }

    def _report_of(self, para: _Para) -> SpeakerRef | None:
        """The inspectorate whose report the section (else the document)
        talks about: named outright, else referred to as "the report"."""
        scopes = [self.text[para.section.char_start : para.section.char_end], self.text]
        reports = [b for b in self.lex.bodies if b.speaker_type == "report"]
        for scope in scopes:
            for names in ([(b.name, *b.aliases) for b in reports], [b.generic_aliases for b in reports]):
                for body, aliases in zip(reports, names):
                    if any(re.search(r"(?<!\w)" + re.escape(a) + r"(?!\w)", scope, re.IGNORECASE) for a in aliases):
                        return SpeakerRef(body.name, body.speaker_type, None, None, None)
        return None
