"""Offices and who held them when, read once from refdata/office_holders.yaml.

A role named without the person ("the Chief Inspector", "the Justice
Secretary", "the union's general secretary") is the person who held that
office on the article's date. The article's date is the document's
``published_date``; failing that, the latest date the text mentions (an
article reports what is recent, and the dates it gives are at or before its
own), so an undated article is read at the time of the latest event it names.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

from pipelines.refdata import load_refdata


@dataclass(frozen=True)
class Holder:
    name: str
    also_known_as: tuple[str, ...]
    start: tuple[date, date] | None  # earliest and latest day the bound can mean; None = unknown
    end: tuple[date, date] | None  # None = still in office
    acting: bool
    source: str

    def covers(self, day: date) -> bool:
        """In office on ``day``, reading a bound at its precision ("2014-02"
        covers the whole month)."""
        after_start = self.start is None or self.start[0] <= day
        before_end = self.end is None or day <= self.end[1]
        return after_start and before_end


@dataclass(frozen=True)
class Office:
    office_id: str
    title: str
    organisation: str
    role_phrases: tuple[tuple[str, ...], ...]  # word keys, longest first
    ambiguous_phrases: tuple[tuple[str, ...], ...]
    excluded_phrases: tuple[tuple[str, ...], ...]
    holders: tuple[Holder, ...]

    def holders_on(self, day: date) -> list[Holder]:
        return [h for h in self.holders if h.covers(day)]

    def holder_before(self, day: date) -> Holder | None:
        """The holder before the one in office on ``day`` ("the former chief inspector")."""
        current = self.holders_on(day)
        if not current:
            return None
        index = self.holders.index(current[0])
        return self.holders[index - 1] if index > 0 else None


DEFAULT_ORGANISATION = "HM Inspectorate of Probation"


@functools.lru_cache(maxsize=1)
def _role_words() -> tuple[frozenset[str], frozenset[str]]:
    """refdata/office_holders.yaml's role_words: the words dropped before a role, and those meaning "former"."""
    words = load_refdata("office_holders").get("role_words") or {}
    return frozenset(words.get("dropped") or ()), frozenset(words.get("former") or ())


def _strip_leading(keys: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
    """Drop 'the', 'its', 'former' ... before a role, and the possessive and
    articles inside it ("the Howard League's chief executive" -> howard league
    chief executive); say whether 'former' was there."""
    keys_list, former = list(keys), False
    dropped, former_words = _role_words()
    while keys_list and (keys_list[0] in dropped or keys_list[0] in former_words):
        former = former or keys_list[0] in former_words
        keys_list.pop(0)
    return tuple(k for k in keys_list if k not in ("'s", "the")), former


def role_keys(text: str) -> tuple[str, ...]:
    """'the union's General Secretary' -> ('union', "'s", 'general', 'secretary')."""
    words = [w.replace("’", "'").casefold() for w in re.findall(r"[^\W_]+(?:['’][^\W_]+)?|['’]s\b", text)]
    keys: list[str] = []
    for word in words:
        if word.endswith("'s") and len(word) > 2:
            keys.extend([word[:-2], "'s"])
        else:
            keys.append(word)
    return tuple(keys)


def _bound(value) -> tuple[date, date] | None:
    """'2014-02' -> (1 Feb 2014, 28 Feb 2014); '2004' -> the whole year."""
    if value in (None, ""):
        return None
    text = str(value)
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        day = date(*parts)
        return day, day
    if len(parts) == 2:
        year, month = parts
        return date(year, month, 1), date(year + (month == 12), month % 12 + 1, 1) - date.resolution
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


@functools.lru_cache(maxsize=1)
def offices() -> tuple[Office, ...]:
    data = load_refdata("office_holders")
    result = []
    for row in data["offices"]:
        holders = tuple(
            Holder(
                name=str(h["name"]),
                also_known_as=tuple(str(a) for a in h.get("also_known_as") or ()),
                start=_bound(h.get("from")),
                end=_bound(h.get("to")),
                acting=bool(h.get("acting")),
                source=str(h.get("source") or ""),
            )
            for h in row.get("holders") or ()
        )
        phrases = lambda key: tuple(  # noqa: E731
            sorted({_strip_leading(role_keys(p))[0] for p in row.get(key) or ()}, key=len, reverse=True)
        )
        result.append(
            Office(
                office_id=row["office_id"],
                title=row["title"],
                organisation=row["organisation"],
                role_phrases=phrases("role_phrases"),
                ambiguous_phrases=phrases("ambiguous_phrases"),
                excluded_phrases=phrases("excluded_phrases"),
                holders=holders,
            )
        )
    return tuple(result)


@dataclass(frozen=True)
class RoleReading:
    office: Office
    former: bool


def read_role(text: str, named_organisations: frozenset[str] = frozenset()) -> RoleReading | None:
    """The office a role phrase names, or None. ``named_organisations`` (the
    bodies the article names) chooses between the offices an ambiguous phrase
    ("chief inspector", "the union's general secretary") may mean; with none
    named, the first office listing the phrase (the probation one) is meant."""
    stripped, former = _strip_leading(role_keys(text))
    keys = list(stripped)
    if not keys or keys[0] == "shadow" and not any(o.office_id.startswith("shadow") for o in offices()):
        return None
    phrase = tuple(keys)
    for office in offices():
        if any(phrase == p for p in office.excluded_phrases):
            return None
    for office in offices():
        if phrase in office.role_phrases:
            return RoleReading(office, former)
    candidates = [o for o in offices() if phrase in o.ambiguous_phrases]
    if not candidates:
        return None
    named = [o for o in candidates if o.organisation in named_organisations]
    if named:
        return RoleReading(named[0], former)
    # With no organisation named, an ambiguous role ("the chief inspector")
    # is the inspectorate's own, the body every article here reports on.
    default = [o for o in candidates if o.organisation == DEFAULT_ORGANISATION]
    return RoleReading(default[0], former) if default else None


def holder_of(reading: RoleReading, day: date | None, named_people: frozenset[str] = frozenset()) -> Holder | None:
    """Who held the office on ``day`` (the one before, for "the former ...").
    At a boundary where two holders overlap, the one the article names wins."""
    if day is None:
        return None
    if reading.former:
        return reading.office.holder_before(day)
    current = reading.office.holders_on(day)
    if len(current) > 1:
        named = [h for h in current if h.name.casefold() in named_people]
        current = named or [h for h in current if not h.acting] or current
    return current[-1] if current else None


def article_date(published: date | None, mentioned: list[tuple[int | None, int | None, int | None]]) -> date | None:
    """The date a role is read at: the published date, else the latest date
    the text mentions (at its precision's middle: a year alone is read at
    its 1 July, a month at its 15th), else None."""
    if published is not None:
        return published
    best: date | None = None
    for year, month, day in mentioned:
        if year is None or not 1990 <= year <= date.today().year:
            continue
        guess = date(year, month or 7, day or (15 if month else 1))
        if best is None or guess > best:
            best = guess
    return best
