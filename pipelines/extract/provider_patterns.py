"""Provider mentions found by pattern rather than by a registered alias, and
the article's date that decides which provider a phrase means.

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
* A lower-case "the probation service": the one local provider the article
  is about, else the national service of the article's date.

Vocabularies (cue words, rating labels, organisation nouns) live in
``refdata/providers.yaml``; places and periods in the register.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from pipelines.extract.provider_register import ProviderRecord


# Defined here, not in providers.py, so that the alias matcher there and the
# pattern finders here share it without an import cycle.
@dataclass(frozen=True)
class ProviderMention:
    """One mention of a provider: ``text == document.text[char_start:char_end]``.

    ``discovered`` carries the record of a provider found only in the text
    (not in the reference data), so the providers table can register it.
    """

    provider_id: str
    char_start: int
    char_end: int
    text: str
    discovered: ProviderRecord | None = field(default=None, compare=False)


# Capitalised words that start a phrase but are no place names.
NOT_PLACE = {
    "The", "A", "An", "This", "That", "These", "Those", "Each", "Every", "Any", "All", "No", "Its", "Their",
    "Our", "Your", "His", "Her", "Other", "Another", "Local", "Private", "Public", "Neighbouring", "New",
    "Former", "Failing", "Troubled", "Struggling", "Largest", "Smallest", "Probation", "Community",
    "Rehabilitation", "Inspectors", "Inspection", "Report", "Says", "Said", "Under", "When", "While", "After",
    "Before", "Since", "In", "At", "On", "For", "From", "By", "With", "But", "And", "Or", "If", "As", "Of",
    "Which", "What", "Why", "How", "Where", "Two", "Three", "Four", "Five", "Six", "One", "Some", "Many",
    "Most", "Both", "Several", "Regional", "National", "Individual", "Current", "Existing", "Poor",
    "Outsourced", "Privately", "Owned", "Run", "Latest", "Second", "Third", "First", "Fourth", "Last",
    "Services", "Service", "Say", "Says", "Crisis", "Failing", "Failed", "Warns", "Warned", "Is", "Are", "Was",
    "Were", "Has", "Have", "Not", "Staff", "Chief", "Inspector", "Inspectorate", "Company", "Companies",
    "Outstanding", "Good", "Inadequate", "Requires", "Improvement", "Youth", "Offending", "Justice", "Delivery",
    "Unit", "Welsh", "English", "British", "Council", "County", "Borough", "Rated", "Named",
}

# Twenty words never take more; a longer line is body text, however it ends.
_MAX_HEADLINE_CHARS = 400


def in_headline(text: str, offset: int) -> bool:
    """Title case makes every word look like a name: no discovery in headlines."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    end = end if end >= 0 else len(text)
    if end - start > _MAX_HEADLINE_CHARS:
        return False
    line = text[start:end].strip()
    return len(line.split()) <= 20 and not re.search(r"[.!?:;,]['’\"”)]?$", line)


def sentence_bounds(sentences: list[tuple[int, int]], offset: int, text_len: int) -> tuple[int, int]:
    for start, end in sentences:
        if start <= offset < end:
            return start, end
    return 0, text_len


def discovered(name: str, provider_type: str, sector: str, region: str | None, surface: str) -> ProviderRecord:
    return ProviderRecord(
        provider_id=slugify(name),
        name=name,
        aliases=(),
        provider_type=provider_type,
        sector=sector,
        owner_provider_id=None,
        region=region,
        note=f"Not in the reference data; found in the text as '{surface}'.",
    )


def slugify(text: str) -> str:
    text = text.replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


# --- place phrases -------------------------------------------------------------

_WORD = r"[A-Z][a-z]+(?:-(?:on|upon|under|le)-[A-Z][a-z]+)?"
_PLACE = rf"{_WORD}(?:[ \t]+(?:upon[ \t]+|on[ \t]+|of[ \t]+|of[ \t]+the[ \t]+)?{_WORD})*"
_PLACE_LIST = rf"{_PLACE}(?:(?:[ \t]*,[ \t]*(?:and[ \t]+)?|[ \t]+(?:and|&)[ \t]+){_PLACE})*"
_ITEM = re.compile(_PLACE)


def _places(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The place items of a list ("North Manchester, Tameside and Wigan")."""
    return [(start + m.start(), start + m.end()) for m in _ITEM.finditer(text[start:end])]


def _joined(text: str, items: list[tuple[int, int]], resolve) -> list[tuple[int, int, str]]:
    """Items resolved longest first, so a joint place ("Bury and Rochdale",
    "Leicester, Leicestershire and Rutland") beats its parts."""
    found, i = [], 0
    while i < len(items):
        for j in range(len(items) - 1, i - 1, -1):
            start, end = items[i][0], items[j][1]
            provider_id = resolve(text[start:end])
            if provider_id:
                found.append((start, end, provider_id))
                i = j + 1
                break
        else:
            i += 1
    return found


# --- the finders ------------------------------------------------------------------


class PatternFinder:
    """Pattern-based mentions over one document (``on`` is its date or None)."""

    def __init__(self, text: str, sentences: list[tuple[int, int]], gazetteer, on: date | None,
                 mentions: list[ProviderMention]) -> None:
        self.text, self.sentences, self.gazetteer, self.on = text, sentences, gazetteer, on
        self.mentions = mentions
        self.settings = gazetteer.settings
        words = self.settings.get("youth_service_words") or []
        self._youth_words = re.compile(
            r"(?<![\w-])(?:" + "|".join(_word_pattern(w) for w in sorted(words, key=len, reverse=True)) + r")(?![\w-])")
        org = self.settings.get("place_organisation_words") or []
        self._organisation_after = re.compile(r"[ \t]+(?:" + "|".join(map(re.escape, org)) + r")(?![\w-])")

    def all(self) -> list[ProviderMention]:
        return [*self.pdus(), *self.place_services(), *self.youth_services()]

    # -- PDUs -----------------------------------------------------------------------

    _PDU_NAMED = re.compile(rf"(?P<place>{_PLACE})[ \t]+(?:PDU|Probation Delivery Unit)(?![\w-])")
    _PDU_IN = re.compile(
        r"(?<![\w-])(?:[Pp]robation [Dd]elivery [Uu]nits?|PDUs?|probation units?)(?:[ \t]*\(PDUs?\))?"
        rf"[ \t]+(?:in|for|covering)[ \t]+(?:the[ \t]+)?(?P<list>{_PLACE_LIST})")

    def pdus(self) -> Iterable[ProviderMention]:
        text = self.text
        for m in self._PDU_IN.finditer(text):
            items = _joined(text, _places(text, m.start("list"), m.end("list")), self._pdu_of)
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
        r"(?<![\w-])(?:[Tt]he|THE)[ \t]+(?P<noun>[Pp]robation [Ss]ervice|(?P<crc>CRC|Community Rehabilitation Company"
        r"(?:[ \t]*\(CRC\))?))[ \t]+(?:for|in|covering)[ \t]+"
        rf"(?:the[ \t]+)?(?P<list>{_PLACE_LIST})")
    # "service users", "service delivery": the noun of another phrase. A bare
    # "probation" names the provider only as a brand ("Hampshire Probation")
    # or before its people ("Essex probation staff").
    _PLACE_SERVICE = re.compile(
        rf"(?P<list>{_PLACE_LIST})(?:['’]s)?[ \t]+"
        r"(?P<noun>[Pp]robation [Ss]ervice|service|[Pp]robation(?=[ \t]*(?:\n|$|[.,;:!?'’\"”)]|[ \t]+(?:staff|officers?|"
        r"workers?|teams?|managers?|leaders?)\b)))(?![\w-])"
        r"(?![ \t]+(?:users?|delivery|level|provision|standards?|design|improvement|manager|plan)s?\b)")

    def place_services(self) -> Iterable[ProviderMention]:
        text = self.text
        for m in self._SERVICE_FOR.finditer(text):
            resolve = self._crc_of if m.group("crc") else self._provider_of_area
            items = _joined(text, _places(text, m.start("list"), m.end("list")), resolve)
            if len(items) == 1:  # "the probation service for Leicester, ...": the whole phrase
                start = m.start("noun")
                yield ProviderMention(items[0][2], start, items[0][1], text[start:items[0][1]])
        for m in self._PLACE_SERVICE.finditer(text):
            if m.group("noun") == "service" and not self._probation_sentence(m.start()):
                continue
            items = _places(text, m.start("list"), m.end("list"))
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
        lo, hi = sentence_bounds(self.sentences, offset, len(self.text))
        return bool(re.search(r"(?i)\bprobation\b", self.text[lo:hi]))

    # -- youth offending services ------------------------------------------------------

    _YOS_NAMED = re.compile(
        rf"(?P<place>{_PLACE})(?:['’]s)?[ \t]+(?:Youth Offending (?:Service|Team)|Youth Justice Service|YOT|YOS|YJS)(?![\w-])")

    def youth_services(self) -> Iterable[ProviderMention]:
        text = self.text
        for m in self._YOS_NAMED.finditer(text):
            place = self._strip_leading(m, "place")
            if place is None or in_headline(text, m.start()) or self.gazetteer.resolve(text[place[0]:m.end()]):
                continue
            name = text[place[0]:place[1]]
            if self._youth_of(name) or _has_acronym(name):
                continue
            record = discovered(f"{name} Youth Offending Service", "youth_offending_service", "public", None,
                                text[place[0]:m.end()])
            yield ProviderMention(record.provider_id, place[0], m.end(), text[place[0]:m.end()], discovered=record)
        if not self._youth_words.search(text):
            return
        for lo, hi, resolve in self._youth_spans():
            for m in re.finditer(_PLACE_LIST, text[lo:hi]):
                items = [(s, e) for s, e in _places(text, lo + m.start(), lo + m.end()) if self._bare_place(s, e)]
                for start, end, provider_id in _joined(text, items, resolve):
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
        pdu_words = len(re.findall(r"(?<![\w-])(?:PDUs?|[Pp]robation [Dd]elivery [Uu]nits?)(?![\w-])", self.text))
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
        if re.search(r"(?:outside|across|throughout|around|from|beyond|near|of)[ \t]+(?:the[ \t]+)?$", before):
            return False
        return not any(m.char_start < end and start < m.char_end for m in self.mentions)

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


# --- the national service and the article's date ---------------------------------------

_LOCAL_TYPES = ("crc", "pdu", "probation_trust", "nps_division")


def national_mentions(text: str, gazetteer, on: date | None, mentions: list[ProviderMention]) -> list[ProviderMention]:
    """A lower-case "the probation service": the one local provider the
    article is about, else the national service of the article's date.
    Followed by a place the register does not resolve ("the probation service
    in Northumberland"), it is that local provider or nothing."""
    local = {m.provider_id for m in mentions if _type_of(gazetteer, m) in _LOCAL_TYPES}
    one_local = next(iter(local)) if len(local) == 1 else None
    national = one_local or gazetteer.national_service_at(on)
    words = "|".join(re.escape(w) for w in gazetteer.settings.get("national_service_words") or ())
    pattern = re.compile(rf"(?<![\w-])(?:[Tt]he|THE)[ \t]+(?P<name>{words})(?![\w-])"
                         rf"(?P<place>[ \t]+(?:for|in|of|covering)[ \t]+[A-Z])?")
    found = []
    for m in pattern.finditer(text):
        provider_id = one_local if m.group("place") else national
        if provider_id:
            found.append(ProviderMention(provider_id, m.start("name"), m.end("name"), m.group("name")))
    return found


def in_era(gazetteer, mentions: list[ProviderMention], on: date | None) -> list[ProviderMention]:
    """The national service's name means the service of the article's date
    ("the Probation Service" in 2018 is the National Probation Service; in
    2012, before any national service, none). Regions and PDUs did not exist
    before June 2021, so an article of an earlier date does not name them."""
    out = []
    for mention in mentions:
        record = gazetteer.records.get(mention.provider_id)
        if record is None or on is None or record.valid_on(on):
            out.append(mention)
        elif record.provider_type == "nps":
            current = gazetteer.national_service_at(on)
            if current is not None:
                out.append(ProviderMention(current, mention.char_start, mention.char_end, mention.text))
        elif record.provider_type not in ("region", "pdu"):
            out.append(mention)
    return out


# The national service's own name is not evidence: its meaning is what the
# date decides.
_ERA_TYPES = ("crc", "pdu", "region", "probation_trust", "nps_division")


def document_date(document, gazetteer, mentions: list[ProviderMention]) -> date | None:
    """The date the article speaks from: its published date when it has one;
    else the latest year the text mentions that fits the era of the latest
    provider it names (trusts, CRCs, divisions, regions, PDUs); else the
    middle of that era; else the latest year mentioned."""
    published = getattr(document, "published_date", None)
    if published:
        return published
    text = document.text
    this_year = date.today().year
    years = sorted({int(y) for y in re.findall(r"(?<![\d£$.,])(20[0-3]\d)(?![\d%])", text) if int(y) <= this_year})
    eras = [r for r in (gazetteer.records.get(m.provider_id) for m in mentions)
            if r and r.provider_type in _ERA_TYPES and r.valid_from]
    if eras:
        latest = max(eras, key=lambda r: r.valid_from)
        end = latest.valid_to or date.today()
        fitting = [y for y in years if latest.valid_from.year <= y <= end.year]
        if fitting:
            return max(latest.valid_from, min(end, date(fitting[-1], 7, 1)))
        return latest.valid_from + (end - latest.valid_from) / 2
    if years:
        return date(years[-1], 7, 1)
    return None


def _type_of(gazetteer, mention: ProviderMention) -> str | None:
    record = gazetteer.records.get(mention.provider_id) or mention.discovered
    return record.provider_type if record else None

