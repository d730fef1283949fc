"""Provider mentions found by pattern rather than by a registered alias,
read against the article's date (``era.document_date``).

* PDUs: "Wigan PDU" for a PDU the register does not know (registered as
  found in the text), and "the Probation Delivery Unit (PDU) in Tameside" /
  "the probation units in North Manchester, Tameside and Wigan".
* Place references: "Leicester, Leicestershire and Rutland probation
  service", "the probation service for Derby", "Derby's service" mean the
  provider of that place at the article's date (a PDU after June 2021, a CRC
  2015-2021, a probation trust before); "the CRC in Cumbria" is the CRC
  whose contract area holds the county.
* Youth offending services: "Anytown Youth Offending Team" for one the
  register does not know, and a registered service's bare place where the
  sentence presents it as a youth service ("Essex is the second youth
  offending team ... - Hertfordshire being the other") or lists it under a
  rating ("Six services 'Good' - Brent, Bury and Rochdale, ...").

Vocabularies (cue words, rating labels, organisation nouns) live in
``refdata/providers.yaml``; places and periods in the register. Sentences
are the document context's (the one splitter's, cut at paragraph ends).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Iterable

from pipelines.extract.providers.gazetteer import Gazetteer
from pipelines.extract.providers.places import NOT_PLACE, PLACE, PLACE_LIST, in_headline, joined, places
from pipelines.extract.providers.records import ProviderMention, discovered
from pipelines.extract.providers.register import (
    capitals_optional,
    place_location_words,
    place_pattern_words,
    provider_settings,
    type_nouns,
    youth_service_words,
)
from pipelines.extract.providers.spans import Spans
from pipelines.extract.sentences import sentence_around

_CRC, _PDU = type_nouns()["crc"], type_nouns()["pdu"]
_WORDS = place_pattern_words()


def _written(words: Iterable[str]) -> str:
    return "|".join(map(re.escape, words))


# "<Place> probation service", "<Place> service", "<Place> Probation": the
# national service's noun (providers.yaml national_service_words), its head
# noun and its first word.
_SERVICE_NOUNS = tuple(provider_settings().get("national_service_words") or ())
_SERVICE_HEADS = tuple(phrase.split(" ")[-1] for phrase in _SERVICE_NOUNS)
_SERVICE_FIRST = tuple(phrase.split(" ")[0] for phrase in _SERVICE_NOUNS)
_SERVICE_NOUN = "|".join(map(capitals_optional, _SERVICE_NOUNS))
# The plural "s" after a PDU's nouns is grammar.
_PDU_NAMES = rf"{re.escape(_PDU.abbreviation)}s?|{capitals_optional(_PDU.noun)}s?"
_PDU_NOUNS = (rf"{capitals_optional(_PDU.noun)}s?|{re.escape(_PDU.abbreviation)}s?"
              + "".join(rf"|{re.escape(w)}s?" for w in _WORDS.pdu_plain_nouns))


class PatternFinder:
    """Pattern-based mentions over one document (``on`` is its date or None)."""

    def __init__(self, text: str, sentences: list[tuple[int, int]], gazetteer: Gazetteer, on: date | None,
                 mentions: list[ProviderMention]) -> None:
        self.text, self.sentences, self.gazetteer, self.on = text, sentences, gazetteer, on
        self._taken = Spans(mentions)  # the alias and fallback mentions, which a bare place may not overlap
        self.settings = gazetteer.settings
        self._youth_words = re.compile(
            r"(?<![\w-])(?:" + "|".join(map(_word_pattern, youth_service_words())) + r")(?![\w-])")
        org = self.settings.get("place_organisation_words") or []
        self._organisation_after = re.compile(r"[ \t]+(?:" + "|".join(map(re.escape, org)) + r")(?![\w-])")
        located = "|".join(map(re.escape, place_location_words()))
        self._location_before = re.compile(rf"(?:{located})[ \t]+(?:the[ \t]+)?$")

    def all(self) -> list[ProviderMention]:
        return [*self.pdus(), *self.place_services(), *self.youth_services()]

    # -- PDUs -----------------------------------------------------------------------

    _PDU_NAMED = re.compile(
        rf"(?P<place>{PLACE})[ \t]+(?:{re.escape(_PDU.abbreviation)}|{re.escape(_PDU.noun)})(?![\w-])")
    _PDU_IN = re.compile(
        rf"(?<![\w-])(?:{_PDU_NOUNS})(?:[ \t]*\({re.escape(_PDU.abbreviation)}s?\))?"
        rf"[ \t]+(?:in|for|covering)[ \t]+(?:the[ \t]+)?(?P<list>{PLACE_LIST})")

    def pdus(self) -> Iterable[ProviderMention]:
        text = self.text
        for m in self._PDU_IN.finditer(text):
            items = joined(text, places(text, m.start("list"), m.end("list")), self._pdu_of)
            if len(items) == 1:  # "the Probation Delivery Unit (PDU) in Tameside": the whole phrase
                yield ProviderMention(items[0][2], m.start(), items[0][1], text[m.start():items[0][1]])
            else:
                for start, end, provider_id in items:
                    yield ProviderMention(provider_id, start, end, text[start:end])
        for m in self._PDU_NAMED.finditer(text):
            place = self._strip_leading(m, "place")
            if place is None or in_headline(text, m.start()) or self.gazetteer.resolve(text[place[0]:m.end()]):
                continue
            name = text[place[0]:place[1]]
            if self._pdu_of(name) or _has_acronym(name):
                continue
            record = discovered(f"{name} PDU", "pdu", "public", None, text[place[0]:m.end()])
            yield ProviderMention(record.provider_id, place[0], m.end(), text[place[0]:m.end()], discovered=record)

    def _pdu_of(self, place: str) -> str | None:
        return self.gazetteer.provider_for_place(place, self.on, ("pdu",))

    # -- "<Place> probation service", "the probation service for <Place>" -------------

    # Singular and definite: "probation services in Kent, Surrey and Sussex"
    # says where someone works, not which provider is meant.
    _SERVICE_FOR = re.compile(
        rf"(?<![\w-])(?:[Tt]he|THE)[ \t]+(?P<noun>{_SERVICE_NOUN}|"
        rf"(?P<crc>{re.escape(_CRC.abbreviation)}|{re.escape(_CRC.noun)}(?:[ \t]*\({re.escape(_CRC.abbreviation)}\))?))"
        r"[ \t]+(?:for|in|covering)[ \t]+"
        rf"(?:the[ \t]+)?(?P<list>{PLACE_LIST})")
    # "service users", "service delivery": the noun of another phrase. A bare
    # "probation" names the provider only as a brand ("Hampshire Probation")
    # or before its people ("Essex probation staff").
    _PLACE_SERVICE = re.compile(
        rf"(?P<list>{PLACE_LIST})(?:['’]s)?[ \t]+"
        rf"(?P<noun>{_SERVICE_NOUN}|{_written(_SERVICE_HEADS)}|{'|'.join(map(capitals_optional, _SERVICE_FIRST))}"
        rf"(?=[ \t]*(?:\n|$|[.,;:!?'’\"”)]|[ \t]+(?:{_written(_WORDS.probation_people)})\b)))(?![\w-])"
        rf"(?![ \t]+(?:{_written(_WORDS.service_compounds)})s?\b)")

    def place_services(self) -> Iterable[ProviderMention]:
        text = self.text
        for m in self._SERVICE_FOR.finditer(text):
            resolve = self._crc_of if m.group("crc") else self._provider_of_area
            items = joined(text, places(text, m.start("list"), m.end("list")), resolve)
            if len(items) == 1:  # "the probation service for Leicester, ...": the whole phrase
                start = m.start("noun")
                yield ProviderMention(items[0][2], start, items[0][1], text[start:items[0][1]])
        for m in self._PLACE_SERVICE.finditer(text):
            if m.group("noun") in _SERVICE_HEADS and not self._probation_sentence(m.start()):
                continue
            items = places(text, m.start("list"), m.end("list"))
            # The place is the end of the list that names a provider: in "Concerns
            # as Greater Manchester probation service" it is "Greater Manchester".
            for k in range(len(items)):
                start = items[k][0]
                provider_id = self._local_of(text[start:m.end("list")])
                if provider_id:
                    yield ProviderMention(provider_id, start, m.end(), text[start:m.end()])
                    break

    def _local_of(self, place: str) -> str | None:
        return self.gazetteer.provider_for_place(place, self.on, self.settings.get("place_service_types") or ())

    def _crc_of(self, place: str) -> str | None:
        return self.gazetteer.provider_for_place(place, self.on, ("crc",))

    def _provider_of_area(self, place: str) -> str | None:
        """"The probation service in London" (2023) is the London region when
        no smaller provider has that name."""
        return self._local_of(place) or self.gazetteer.provider_for_place(place, self.on, ("region",))

    def _probation_sentence(self, offset: int) -> bool:
        lo, hi = sentence_around(self.sentences, offset, len(self.text))
        return bool(re.search(rf"(?i)\b(?:{_written(_SERVICE_FIRST)})\b", self.text[lo:hi]))

    # -- youth offending services ------------------------------------------------------

    _YOS_NAMED = re.compile(
        rf"(?P<place>{PLACE})(?:['’]s)?[ \t]+(?:{_written(_WORDS.youth_service_nouns)})(?![\w-])")

    def youth_services(self) -> Iterable[ProviderMention]:
        text = self.text
        for m in self._YOS_NAMED.finditer(text):
            place = self._strip_leading(m, "place")
            if place is None or in_headline(text, m.start()) or self.gazetteer.resolve(text[place[0]:m.end()]):
                continue
            name = text[place[0]:place[1]]
            # A council of a joint service names that service ("Warrington
            # Youth Offending Team" is the Cheshire and Warrington one).
            if known := self._youth_of(name):
                yield ProviderMention(known, place[0], m.end(), text[place[0]:m.end()])
                continue
            if _has_acronym(name):
                continue
            record = discovered(f"{name} Youth Offending Service", "youth_offending_service", "public", None,
                                text[place[0]:m.end()])
            yield ProviderMention(record.provider_id, place[0], m.end(), text[place[0]:m.end()], discovered=record)
        if not self._youth_words.search(text):
            return
        for lo, hi, resolve in self._youth_spans():
            for m in re.finditer(PLACE_LIST, text[lo:hi]):
                items = [(s, e) for s, e in places(text, lo + m.start(), lo + m.end()) if self._bare_place(s, e)]
                for start, end, provider_id in joined(text, items, resolve):
                    yield ProviderMention(provider_id, start, end, text[start:end])

    def _youth_of(self, place: str) -> str | None:
        return self.gazetteer.provider_for_place(place, self.on, ("youth_offending_service",))

    def _youth_spans(self):
        """(start, end, resolver): sentences that present youth services, and
        the lists after a rating label ("Six services 'Good' - Brent, Bury and
        Rochdale"), whose places are youth services in an article about them
        and PDUs in an article about PDUs."""
        labels = "|".join(map(re.escape, self.settings.get("rated_list_labels") or ()))
        rated = re.compile(rf"(?:{labels})['’\"”]?[ \t]*[-–—:][ \t]*(?=[A-Z])")
        pdu_words = len(re.findall(rf"(?<![\w-])(?:{_PDU_NAMES})(?![\w-])", self.text))
        listed = self._youth_of if len(self._youth_words.findall(self.text)) >= pdu_words else self._pdu_of
        for lo, hi in self.sentences:
            if self._youth_words.search(self.text, lo, hi):
                yield lo, hi, self._youth_of
            else:
                for m in rated.finditer(self.text, lo, hi):
                    yield m.end(), hi, listed

    def _bare_place(self, start: int, end: int) -> bool:
        """A place standing alone, not the start of another organisation's
        name ("Essex Police") nor a place someone is merely in or from."""
        text = self.text
        if self._organisation_after.match(text, end):
            return False
        before = text[max(0, start - 12):start]
        if self._location_before.search(before):
            return False
        return not self._taken.overlaps(start, end)

    # -- helpers ----------------------------------------------------------------------

    def _strip_leading(self, m: re.Match, group: str) -> tuple[int, int] | None:
        """Drop leading words that are no place ("The Wigan PDU" -> "Wigan");
        None when no place is left or a later word is no place either."""
        start, end = m.start(group), m.end(group)
        words = [w for w in re.finditer(r"\S+", self.text[start:end])]
        while words and words[0].group() in NOT_PLACE:
            words.pop(0)
        if not words or any(w.group() in NOT_PLACE for w in words):
            return None
        return start + words[0].start(), end


def _word_pattern(word: str) -> str:
    """Acronyms exactly; other words in any case of their first letter."""
    if sum(1 for c in word if c.isupper()) >= 2:
        return re.escape(word)
    return "".join(f"[{c.upper()}{c.lower()}]" if i == 0 or word[i - 1] == " " else re.escape(c)
                   for i, c in enumerate(word))


def _has_acronym(name: str) -> bool:
    return any(sum(1 for c in w if c.isupper()) >= 2 for w in name.split())
