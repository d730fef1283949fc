"""Attributing one quotation: a cue around it, a dash or colon introduction,
a quotation carried over from the previous paragraph, or the last speaker."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pipelines.extract.quotes.candidate import MAX_FALLBACK_PARAGRAPHS, QuoteCandidate, SpeakerRef
from pipelines.extract.quotes.context import _NAME_PARTICLES, _Attribution, _Event, _Para
from pipelines.extract.quotes.marks import _DASHES, _TERMINAL, _Marked
from pipelines.extract.quotes.state import _QuoteState
from pipelines.extract.quotes.words import _is_prose

if TYPE_CHECKING:
    from spacy.tokens import Token


class _Attributing(_QuoteState):
    """Gives one quotation its cue and speaker."""

    def _attribute(
        self, para: _Para, quote: _Marked, n: int, carried: _Attribution | None, previous: _Para | None
    ) -> _Attribution:
        """The quotation's own cue first; then, for a quotation that opens its
        paragraph, the quotation it continues or the ``X said:`` before it;
        then the last speaker named just before."""
        direct = self._direct(para, quote)
        if direct.speaker is not None or direct.anonymous:
            return direct  # "one officer said": the text names its speaker, if only vaguely
        opens_paragraph = n == 0 and quote.open_at == para.span.char_start
        if opens_paragraph and carried is not None and (carried.speaker is not None or carried.anonymous):
            return carried
        if opens_paragraph and previous is not None:
            intro = self._colon_intro(previous)
            if intro is not None and (intro.speaker is not None or intro.anonymous):
                return _Attribution.of(intro)
        if para.section.kind == "comment":
            return direct  # a reader's quotation is attributed only by its own sentence
        event = self._last_event(para, quote.open_at)
        if event is not None:
            return _Attribution(event.speaker, direct.cue or event.cue, event.finding)
        if direct.finding:
            # "were found to be ...", "was judged ...": in a piece about an
            # inspection, an unnamed finder is the inspectorate.
            return _Attribution(self._report_of(para), direct.cue, True)
        return direct

    def _direct(self, para: _Para, quote: _Marked) -> _Attribution:
        """The cue in the quotation's own sentence: ``X said: "..."``,
        ``"...," X said``, ``"..." - X``, ``X: "..."``."""
        after = self._after_tokens(para, quote)
        dashed = self._dash_attribution(after)
        if dashed is not None:
            return _Attribution(dashed)
        ends_sentence = quote.close_at is not None and self.text[quote.end - 1] in _TERMINAL
        reach = 3 if ends_sentence else 8
        after_cue = next((t for t in after[:reach] if t.i in self.event_at), None)
        before_tokens = self._before_tokens(para, quote)
        before = [t for t in before_tokens if t.i in self.event_at]
        before_cue = before[-1] if before else None
        trailing_comma = quote.close_at is not None and (
            self.text[quote.end - 1] == "," or self.text[quote.close_at + 1 : quote.close_at + 2] == ","
        )
        if after_cue is not None and (trailing_comma or before_cue is None):
            chosen = after_cue
        else:
            chosen = before_cue or after_cue
        if chosen is not None:
            return _Attribution.of(self.event_at[chosen.i])
        return _Attribution(
            self._label_speaker(para, before_tokens)
            or self._reporting_subject(para, before_tokens)
            or self._document_owner(para, before_tokens)
        )

    def _document_owner(self, para: _Para, before: list[Token]) -> SpeakerRef | None:
        """``Among the findings in the Probation Inspector's report are ... "..."``:
        with no speech verb, a person's report named before the quotation is its source."""
        for token in reversed(before):
            if token.pos_ == "NOUN" and any(c.dep_ == "poss" for c in token.children):
                reading = self._owner_of_document(token)
                if reading is not None:
                    speaker = self._speaker_from_readings(reading, [], token.idx)
                    if speaker is not None:
                        return speaker
        return None

    def _label_speaker(self, para: _Para, before: list[Token]) -> SpeakerRef | None:
        """``Chief Inspector of Probation Justin Russell: "..."``: a speaker
        named before a colon, with no verb at all. Only a full name or a
        known body counts; a bare label ("CRC and Through The Gate:") does not."""
        words = [t for t in before if not t.is_space]
        if len(words) < 2 or words[-1].text != ":" or any(t.pos_ in ("VERB", "AUX") for t in words):
            return None
        return self._plausible_label(self._speaker_from_head(words[-2], para))

    def _plausible_label(self, speaker: SpeakerRef | None) -> SpeakerRef | None:
        """A speaker named by position alone (no verb) must be a full name or
        a known provider or body, not any capitalised label."""
        if speaker is None or (speaker.speaker_type == "person" and len(speaker.name.split()) < 2):
            return None
        if speaker.speaker_type != "person" and speaker.provider_id is None and not self._is_known_body(speaker.name):
            return None
        return speaker

    def _reporting_subject(self, para: _Para, before: list[Token]) -> SpeakerRef | None:
        """``inspectors had "serious concerns"``: with no speech verb, the
        sentence's subject is the source when it is an inspectorate's report."""
        for token in before:
            if token.dep_ == "nsubj" and token.head.pos_ in ("VERB", "AUX") and token.head in before:
                speaker = self._speaker_from_head(token, para)
                return speaker if speaker is not None and self._speaks_in_reports(speaker) else None
        return None

    def _speaks_in_reports(self, speaker: SpeakerRef) -> bool:
        """A report, or a body that speaks through reports ("inspectors had ...")."""
        return speaker.speaker_type == "report" or any(
            b.name == speaker.name and b.speaker_type == "report" for b in self.lex.bodies
        )

    def _is_known_body(self, name: str) -> bool:
        return any(b.name == name for b in self.lex.bodies)

    def _after_tokens(self, para: _Para, quote: _Marked) -> list[Token]:
        if quote.close_at is None:
            return []
        _, end = self._sentence(para, quote.close_at)
        tokens = []
        for token in self._tokens(quote.close_at + 1, end):
            if self.inside[token.idx]:
                break
            tokens.append(token)
        return tokens

    def _before_tokens(self, para: _Para, quote: _Marked) -> list[Token]:
        start, _ = self._sentence(para, quote.open_at)
        return [t for t in self._tokens(start, quote.open_at) if not self.inside[t.idx]]

    def _dash_attribution(self, after: list[Token]) -> SpeakerRef | None:
        """``"..." - Justin Russell`` or a caption's ``"...": Chris Grayling in 2013``."""
        words = [t for t in after if not t.is_space]
        if len(words) < 2 or words[0].text not in (*_DASHES, ":") or not words[1].text[:1].isupper():
            return None
        name = [words[1]]
        for token in words[2:]:
            if not (token.text[:1].isupper() or token.lower_ in _NAME_PARTICLES) or token.is_punct:
                break
            name.append(token)
        para = self._para_of_char(name[-1].idx)
        return self._plausible_label(self._speaker_from_head(name[-1], para)) if para else None

    def _colon_intro(self, previous: _Para) -> _Event | None:
        """The speech event of a paragraph that ends ``... said:``."""
        raw = previous.span.of(self.text).rstrip()
        if not re.search(r":\s*-?$", raw):
            return None
        start, _ = self._sentence(previous, previous.span.char_end - 1)
        events = [e for e in self.events if start <= e.char < previous.span.char_end and e.para == previous.index]
        if events:
            return events[-1]
        return self._colon_subject(previous, start)

    def _colon_subject(self, previous: _Para, start: int) -> _Event | None:
        """``Mr Jones makes it plain that ...:`` then the quotation: a sentence
        that introduces a quotation with a colon presents its subject's words,
        whatever its verb, when that subject is a person."""
        tokens = [t for t in self._tokens(start, previous.span.char_end) if not self.inside[t.idx]]
        # The sentence's main verb: its root, or the first verb whose head lies
        # outside the sentence (the parse of a page can join sentences).
        inside = {t.i for t in tokens}
        root = next(
            (t for t in tokens if t.pos_ in ("VERB", "AUX") and (t.dep_ == "ROOT" or t.head.i not in inside)), None
        )
        if root is None:
            return None
        subject = next((c for c in root.children if c.dep_ == "nsubj" and c.i in inside), None)
        if subject is None:
            return None
        speaker = self._speaker_from_head(subject, previous)
        if speaker is None or speaker.speaker_type != "person":
            return None
        return _Event(
            token_i=root.i, char=root.idx, cue=root.lower_, finding=False, speaker=speaker,
            para=previous.index, section=previous.section.index, in_headline=previous.headline,
        )

    def _last_event(self, para: _Para, before: int) -> _Event | None:
        for event in reversed(self.events):
            if event.char >= before or event.speaker is None or event.in_headline:
                continue
            if event.section != para.section.index or para.index - event.para > MAX_FALLBACK_PARAGRAPHS:
                return None
            return event
        return None

    def _block_quote(self, para: _Para, previous: _Para | None) -> QuoteCandidate | None:
        """A paragraph without quote marks introduced by ``X said:``."""
        if previous is None or para.section.kind == "comment" or para.headline:
            return None
        raw = para.span.of(self.text)
        if not _is_prose(raw) or re.match(r"\s*(?:[-–—•*]|\d+[.)])\s", raw):
            return None
        intro = self._colon_intro(previous)
        if intro is None:
            return None
        return self._candidate(para, para.span.char_start, para.span.char_end, _Attribution.of(intro))
