"""Speech and finding verbs ("said", "found") with the speaker each attributes words to."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from pipelines.extract.quotes.candidate import SpeakerRef
from pipelines.extract.quotes.context import _Event, _Para
from pipelines.extract.quotes.lexicon import _key
from pipelines.extract.quotes.state import _QuoteState
from pipelines.extract.quotes.words import _between_subject_and_verb, _direct_subject

if TYPE_CHECKING:
    from spacy.tokens import Token


class _SpeechEvents(_QuoteState):
    """Collects the speech and finding verbs with the speaker of each."""

    def _collect_events(self) -> None:
        for para in self.paras:
            if para.section.kind == "boilerplate":
                continue
            for token in self._tokens(para.span.char_start, para.span.char_end):
                if self.inside[token.idx]:
                    continue
                if self._is_cue(token):
                    subject = self._subject_of(token, para)
                    self._add_event(token, token.lower_, subject, self._speaker_of_subject(subject, para), para)
                    continue
                prepositional = self._prepositional_cue(token)
                if prepositional:
                    cue, obj = prepositional
                    self._add_event(token, cue, obj, self._speaker_from_head(obj, para), para)

    def _add_event(
        self, token: Token, cue: str, subject: Token | None, speaker: SpeakerRef | None, para: _Para
    ) -> None:
        event = _Event(
            token_i=token.i,
            char=token.idx,
            cue=cue,
            finding=_key(token.lemma_) in self.lex.finding_lemmas,
            speaker=speaker,
            para=para.index,
            section=para.section.index,
            in_headline=para.headline,
            # "A Napo spokesperson said ... He added": the pronoun is the
            # spokesperson, so it stands for the organisation.
            spokesperson=subject is not None and _key(subject.text) in self.lex.spokesperson_words,
            anonymous=subject is not None and speaker is None,
        )
        self.events.append(event)
        self.event_at[token.i] = event

    def _speaker_of_subject(self, subject: Token | None, para: _Para) -> SpeakerRef | None:
        if subject is None or self.inside[subject.idx]:
            return None
        speaker = self._speaker_from_head(subject, para)
        if speaker is None and subject.dep_ == "appos":
            speaker = self._speaker_from_head(subject.head, para)
        return speaker

    def _sentence_tokens(self, para: _Para, token: Token) -> tuple[int, int]:
        """Token index bounds of the sentence holding ``token``. The parse of
        a whole page sometimes runs sentences across paragraphs, so every use
        of the dependency tree is clipped to these bounds."""
        start, end = self._sentence(para, token.idx)
        return bisect.bisect_left(self.token_starts, start), bisect.bisect_left(self.token_starts, end)

    def _subject_of(self, verb: Token, para: _Para) -> Token | None:
        lo, hi = self._sentence_tokens(para, verb)
        within = lambda t: t is not None and lo <= t.i < hi and not self.inside[t.idx]  # noqa: E731
        own = _direct_subject(verb, lo, hi)
        if within(own):
            return own
        if verb.dep_ in ("conj", "advcl", "xcomp", "pcomp", "ccomp", "dep"):
            # "..., adding:" / "but warned ...": the speaker is the subject of
            # the nearest speech verb above, not of whatever clause the parser
            # hung the participle on.
            for ancestor in verb.ancestors:
                if not lo <= ancestor.i < hi:
                    break
                if _key(ancestor.lemma_) in self.lex.cue_lemmas:
                    subject = self._subject_of(ancestor, para)
                    if subject is not None:
                        return subject
            # "went on to say", "but warned", "..., continuing:": the clause
            # above shares its subject.
            if (verb.dep_ in ("conj", "xcomp") or verb.tag_ == "VBG") and within(_direct_subject(verb.head, lo, hi)):
                return _direct_subject(verb.head, lo, hi)
        if verb.tag_ == "VBG":
            # "... issued a critique arguing that ...": the participle's
            # doer is the subject of the clause it hangs from.
            clause = next((a for a in verb.ancestors if a.pos_ in ("VERB", "AUX")), None)
            if clause is not None and lo <= clause.i < hi and within(_direct_subject(clause, lo, hi)):
                return _direct_subject(clause, lo, hi)
            return None
        if verb.dep_ in ("acl", "relcl", "amod"):
            return None
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            return None  # "were found to be ...": the finder is not named
        return self._subject_by_position(verb, lo, hi)

    def _subject_by_position(self, verb: Token, lo: int, hi: int) -> Token | None:
        """When the parse gives no subject in the sentence: the noun right
        before the verb ("Richard Burgon claimed"), or right after it in the
        inverted order ("..., said Dame Glenys")."""
        if verb.dep_ in ("xcomp", "conj") and lo <= verb.head.i < verb.i:
            return self._subject_by_position(verb.head, lo, hi)  # "Ian Lawrence went on to say"
        i = verb.i - 1
        while i >= lo and _between_subject_and_verb(self.doc[i]):
            i -= 1
        if i >= lo and self.doc[i].text == "," and i - 1 >= lo:
            # "X, the appositive, said": X when the parse hung the appositive on it
            opening = next((k for k in range(i - 1, lo - 1, -1) if self.doc[k].text == ","), None)
            if opening is not None and opening - 1 >= lo and self.doc[opening - 1].pos_ in ("PROPN", "NOUN"):
                subject = self.doc[opening - 1]
                # "The chief executive of the Howard League, X, said": up
                # from the object of "of" to the noun it belongs to.
                while subject.dep_ in ("pobj", "prep", "compound") and lo <= subject.head.i < subject.i:
                    subject = subject.head
                return subject if subject.pos_ in ("PROPN", "NOUN") else self.doc[opening - 1]
            i -= 1
        if i >= lo and self.doc[i].pos_ in ("PROPN", "NOUN", "PRON") and not self.inside[self.doc[i].idx]:
            return self.doc[i]
        before = self.doc[verb.i - 1] if verb.i - 1 >= lo else None
        if before is not None and not (before.is_punct or self.inside[before.idx]):
            return None
        j = verb.i + 1
        if j < hi and self.doc[j].pos_ in ("PROPN", "NOUN", "PRON", "DET") and not self.inside[self.doc[j].idx]:
            while j + 1 < hi and self.doc[j + 1].pos_ in ("PROPN", "NOUN") and not self.doc[j + 1].is_punct:
                j += 1
            return self.doc[j]
        return None
