"""The phrases of a sentence that name the bodies a rating is given to:
provider mentions, body nouns with their places, lists of places, numbered
plurals that cover a list beside them, pronouns and generic nouns ("the
service") that stand for the document's main provider."""

from __future__ import annotations

import re

from pipelines.extract.providers import ProviderMention
from pipelines.extract.ratings.bodies import Body, Resolver
from pipelines.extract.ratings.spans import WORD, closing_quote, last_of, list_items, trim_place
from pipelines.extract.ratings.vocabulary import Vocabulary
from pipelines.refdata.ratings import ratings_data

# "Derby's probation service": the words between a place and its body noun
# are refdata/ratings.yaml's; the punctuation, conjunctions and pronouns of
# the patterns here are grammar.
_PLACE_BODY_GAP = re.compile(
    r"(?:['’]s)?\s*(?:" + "|".join(rf"{re.escape(w)}\s+" for w in ratings_data().place_body_words) + r")?")
_LIST_LEAD = re.compile(r"\s*[.,]?\s*[-–—:]\s*")
_JOINED = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)\s*")
_PRONOUN = re.compile(r"\b(?:its|it)\b", re.I)


class _BodyPhrases:
    """The part of the sentence reader that finds rated bodies in the text;
    the reader's ``_bodies`` chooses among them for one rating word."""

    text: str
    sentences: list[tuple[int, int]]
    mentions: list[ProviderMention]
    resolver: Resolver
    vocab: Vocabulary
    cardinals: dict[str, int]
    last_bodies: list[Body]  # the bodies rated last, for a generic noun in a document naming no provider

    def _heads(self, lo: int, hi: int) -> list[tuple]:
        """Candidate rated bodies in text[lo:hi], in text order: provider
        mentions, body nouns (with their places), appositions, pronouns."""
        text, vocab = self.text, self.vocab
        heads: list[tuple] = []
        # A national body is never the rated one: "the probation service for
        # Leicester" is read as a body noun with its place.
        inside = [m for m in self.mentions if lo <= m.char_start and m.char_end <= hi and not self._national(m)]
        for m in inside:
            heads.append((m.char_start, "mention", m))
        for noun in vocab.body.finditer(text, lo, hi):
            if any(m.char_start <= noun.start() < m.char_end or noun.start() <= m.char_start < noun.end() for m in inside):
                continue
            if text[lo:noun.start()].rstrip().endswith("("):
                continue  # "Probation Delivery Unit (PDU)": the abbreviation repeats the noun
            heads.append((noun.start(), "noun", noun))
        # "eight required improvement while one, Cardiff, was rated inadequate"
        apposition = re.search(rf"(?:{vocab.count_word.pattern}|\b\d+)\s*,\s*({vocab.place.pattern})\s*,\s*[\w\s]*$", text[lo:hi])
        if apposition:
            heads.append((lo + apposition.start(1), "place", (lo + apposition.start(1), lo + apposition.end(1))))
        for pronoun in _PRONOUN.finditer(text, lo, hi):
            heads.append((pronoun.start(), "pronoun", pronoun))
        if not heads:
            heads += self._subject_place(lo, hi)
        return sorted(heads, key=lambda h: h[0])

    def _subject_place(self, lo: int, hi: int) -> list[tuple]:
        """A place with no body noun as the clause's subject ("Greater
        Manchester, by contrast, received a rating of 'Good'"), only when
        the register knows a body there."""
        m = re.match(r"\s*", self.text[lo:hi])
        place = self.vocab.place.match(self.text, lo + m.end(), hi)
        span = trim_place(self.text, place.start(), place.end(), self.vocab) if place else None
        if span is None or self.resolver.place(self.text[span[0]:span[1]], None, *span).provider_id is None:
            return []
        return [(span[0], "place", span)]

    def _generic(self, start: int, end: int) -> Body | None:
        """"The service", "the unit", "it": the document's main provider, or,
        in a document that names none, the body rated last before."""
        body = self.resolver.generic(start, end)
        if body is None and len(self.last_bodies) == 1:
            last = self.last_bodies[0]
            body = Body(last.provider_id, last.area, start, end)
        return body

    def _national(self, mention: ProviderMention) -> bool:
        record = self.resolver.record(mention.provider_id)
        return record is not None and record.provider_type in self.vocab.national_types

    def _from_head(self, head: tuple, index: int) -> list[Body]:
        position, kind, item = head
        resolver = self.resolver
        if kind == "mention":
            return [resolver.mention(m) for m in self._coordinated(item)]
        if kind == "place":
            place = self.text[item[0]:item[1]]
            return [resolver.place(place, None, item[0], item[1])]
        if kind == "pronoun":
            body = self._generic(item.start(), item.end())
            return [body] if body else []
        return self._from_noun(item, index)

    def _coordinated(self, mention: ProviderMention) -> list[ProviderMention]:
        """"Lambeth PDU and Ealing and Hillingdon PDU each received ...": the
        mentions joined to this one by commas and "and" share its rating."""
        chain = [mention]
        for other in sorted(self.mentions, key=lambda m: m.char_start, reverse=True):
            if other.char_end <= chain[0].char_start and _JOINED.fullmatch(self.text[other.char_end:chain[0].char_start]):
                if not self._national(other):
                    chain.insert(0, other)
        return chain

    def _from_noun(self, noun: re.Match, index: int) -> list[Body]:
        text, vocab = self.text, self.vocab
        phrase = noun.group(0)
        body_kind = vocab.kind(phrase)
        plural = phrase.lower().endswith("s") and not phrase.isupper()
        previous_word = WORD.findall(text[max(0, noun.start() - 20):noun.start()])[-1:]
        if not plural and previous_word and (vocab.count_word.fullmatch(previous_word[0]) or previous_word[0].isdigit()) \
                and not self._named_list_follows(noun):
            return []  # "One service 'Outstanding'" in a count of services by rating
        place = self._place_of(noun)
        if plural:
            # "Tameside, Wigan and North Manchester PDUs were rated ..."
            items = list_items(text, *place, None, vocab) if place else []
            return self._listed(items, body_kind) if items else self._covered(noun, body_kind, index)
        if place is not None:
            return [self.resolver.place(text[place[0]:place[1]], body_kind, min(place[0], noun.start()),
                                        max(place[1], noun.end()))]
        body = self._generic(noun.start(), noun.end())
        return [body] if body else []

    def _named_list_follows(self, noun: re.Match) -> bool:
        s0, s1 = self._sentence_of(noun.start())
        rating = self.vocab.rating_word.search(self.text, noun.end(), s1)
        if rating is None:
            return False
        close = closing_quote(self.text, rating.start(), rating.end(), s1) or rating.end()
        lead = _LIST_LEAD.match(self.text, close, s1)
        return lead is not None and self.vocab.place.match(self.text, lead.end(), s1) is not None

    def _place_of(self, noun: re.Match) -> tuple[int, int] | None:
        """The place tied to a body noun: "Derby's service", "Hertfordshire
        youth offending team", "the service for Leicester, ...", "in Cardiff"."""
        text, vocab = self.text, self.vocab
        s0, s1 = self._sentence_of(noun.start())
        before = text[s0:noun.start()]
        for m in vocab.place.finditer(before):
            tail = before[m.end():]
            if _PLACE_BODY_GAP.fullmatch(tail):
                span = trim_place(text, s0 + m.start(), s0 + m.end(), vocab)
                if span:
                    return span
        # "the service (PDU) for Leicester", "in Cardiff"
        after = re.match(r"\s*(?:\([^)]*\))?,?\s+(?:in|for|of|covering|across)\s+(?:the\s+)?(" + vocab.place.pattern + ")",
                         text[noun.end():s1])
        if after:
            return trim_place(text, noun.end() + after.start(1), noun.end() + after.end(1), vocab)
        return None

    def _covered(self, noun: re.Match, body_kind, index: int) -> list[Body]:
        """A numbered plural body covers named bodies only when a list of
        exactly that many stands beside it ("all three units" ... "in North
        Manchester, Tameside and Wigan"; "Two probation services" ... "The A
        PDU and the B PDU"); else it counts unnamed services."""
        text = self.text
        before = WORD.findall(text[max(0, noun.start() - 40):noun.start()].lower())[-3:]
        count = next((self.cardinals[w] for w in before if w in self.cardinals),
                     next((int(w) for w in before if w.isdigit()), None))
        if count is None and "both" in before:
            count = 2
        if count is None or count < 2:
            return []
        for lo, hi in self._neighbours(index):
            for m in self.vocab.place.finditer(text, lo, hi):
                items = list_items(text, m.start(), m.end(), count, self.vocab)
                if items and len(items) == count:
                    return self._listed(items, body_kind)
            for mention in self.mentions:
                if lo <= mention.char_start < hi:
                    chain = self._coordinated(mention)
                    if len(chain) == count:
                        return [self.resolver.mention(m) for m in chain]
        return []

    def _named_list(self, end: int, s1: int, clause_start: int, w0: int) -> tuple[list[Body], int] | None:
        """'Six services 'Good' - Brent, Bury and Rochdale, ...': one body per name."""
        lead = _LIST_LEAD.match(self.text, end, s1)
        if not lead:
            return None
        place = self.vocab.place.match(self.text, lead.end(), s1)
        if not place:
            return None
        clause = self.text[clause_start:w0]
        noun = last_of(self.vocab.body.finditer(clause))
        words = WORD.findall(clause.lower())
        count = next((self.cardinals[w] for w in words if w in self.cardinals), None)
        items = list_items(self.text, place.start(), place.end(), count, self.vocab)
        if not items:
            return None
        body_kind = self.vocab.kind(noun.group(0)) if noun else None
        return self._listed(items, body_kind), items[-1][1]

    def _listed(self, items: list[tuple[int, int]], body_kind) -> list[Body]:
        """The bodies of a list are of one kind: a name the register knows
        under several kinds (a county's CRC and its youth offending service)
        takes the kind of the other names."""
        bodies = [self.resolver.place(self.text[a:b], body_kind, a, b) for a, b in items]
        if body_kind is None:
            kinds = {self.resolver.kind_of(b.provider_id) for b in bodies if b.provider_id}
            if len(kinds) == 1 and None not in kinds:
                shared = kinds.pop()
                bodies = [b if b.provider_id else self.resolver.place(b.area, shared, b.char_start, b.char_end)
                          for b in bodies]
        return bodies

    def _body_after(self, end: int, s1: int) -> Body | None:
        """"'inadequate' youth offending service in Cardiff", "Outstanding
        Hertfordshire youth offending team": the body the rating word qualifies."""
        text = self.text
        gap = re.match(r"\s*", text[end:s1])
        start = end + gap.end()
        for m in self.mentions:
            if m.char_start == start:
                return self.resolver.mention(m)
        noun = self.vocab.body.match(text, start, s1)
        place = None
        if noun is None:
            place = self.vocab.place.match(text, start, s1)
            if place is None:
                return None
            noun = self.vocab.body.match(text, place.end() + 1, s1)
            if noun is None or text[place.end():noun.start()].strip():
                return None
        bodies = self._from_noun(noun, self._index_of(start))
        return bodies[0] if len(bodies) == 1 else None

    # -- sentences -----------------------------------------------------------------

    def _index_of(self, offset: int) -> int:
        for i, (s0, s1) in enumerate(self.sentences):
            if s0 <= offset < s1:
                return i
        return 0

    def _sentence_of(self, offset: int) -> tuple[int, int]:
        return self.sentences[self._index_of(offset)]

    def _neighbours(self, index: int) -> list[tuple[int, int]]:
        return [self.sentences[i] for i in (index, index + 1, index - 1) if 0 <= i < len(self.sentences)]
