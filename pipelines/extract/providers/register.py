"""The provider register: reference rows from three versioned files, their
periods of existence, and the look-ups that depend on a date.

``refdata/providers.yaml`` holds the alias templates, the matching rules and
the providers of 2004-2021 (probation trusts, CRCs and their owners, the
National Probation Service and its divisions); ``probation_service.yaml`` the
Probation Service, HMPPS and NOMS, the regions and PDUs;
``youth_offending_services.yaml`` the youth offending services. Every row may
carry ``valid_from`` / ``valid_to`` (YYYY, YYYY-MM or YYYY-MM-DD),
``successor_provider_id`` and ``parent_provider_id``.

Public look-ups (also for other extractors):
``Register.provider_for_place(place, on, types)`` - the provider of a place
at a date ("Tameside" in 2023 -> tameside-pdu; "Essex" in 2018 with
youth_offending_service -> essex-yos); ``Register.national_service_at(on)``
- the national probation service of a date.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from pipelines.extract.providers.records import ProviderRecord
from pipelines.refdata import load_refdata
from schemas.enums import COUNTY_AREA_TYPES, LOCAL_PROVIDER_TYPES

REGISTER_FILES = ("providers", "probation_service", "youth_offending_services")


def period_bound(value: object, end: bool) -> date | None:
    """'2015', '2015-02' or '2015-02-01' -> the first (or, for an end, the
    last) day of that period."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", str(value).strip())
    if not m:
        raise ValueError(f"not a date, month or year: {value!r}")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if day:
        return date(year, int(month), int(day))
    if month:
        last = calendar.monthrange(year, int(month))[1]
        return date(year, int(month), last if end else 1)
    return date(year, 12, 31) if end else date(year, 1, 1)


def place_key(place: str) -> frozenset[str]:
    """Order-free words of a place ("North Manchester" == "Manchester North")."""
    words = re.findall(r"[^\W_]+", place.replace("&", " and ").casefold())
    return frozenset(w for w in words if w not in {"and", "the", "of"})


@functools.lru_cache(maxsize=1)
def provider_settings() -> dict:
    """refdata/providers.yaml as parsed: the one reader of that file (its
    rows, its settings, its type nouns and not_place_words come through it)."""
    return load_refdata("providers") or {}


@dataclass(frozen=True)
class TypeNoun:
    """The noun that names a provider of a type after its place ("Kent CRC")."""

    provider_type: str
    noun: str  # "Community Rehabilitation Company"
    abbreviation: str | None  # "CRC"


@functools.lru_cache(maxsize=1)
def type_nouns() -> dict[str, TypeNoun]:
    """The type_nouns of refdata/providers.yaml, by provider_type."""
    return {
        provider_type: TypeNoun(provider_type, str(row["noun"]), row.get("abbreviation"))
        for provider_type, row in (provider_settings().get("type_nouns") or {}).items()
    }


def youth_service_words() -> tuple[str, ...]:
    """The nouns that name a youth service after its place ("Youth Offending
    Team", "YOT"), longest first so that an alternation prefers the longest."""
    return tuple(sorted((str(w) for w in provider_settings().get("youth_service_words") or ()),
                        key=lambda w: (-len(w), w)))


def capitals_optional(phrase: str) -> str:
    """A pattern of ``phrase`` whose words may start in either case
    ("[Cc]ommunity [Rr]ehabilitation [Cc]ompany")."""
    return " ".join(f"[{w[0].upper()}{w[0].lower()}]{re.escape(w[1:])}" for w in phrase.split(" "))


def not_place_words() -> frozenset[str]:
    """Capitalised words that start a phrase but are no place names."""
    return frozenset(provider_settings().get("not_place_words", ()))


def not_provider_nouns() -> tuple[str, ...]:
    """Head nouns that make an unknown organisation's name no provider ("Ministry")."""
    return tuple(provider_settings().get("not_provider_nouns", ()))


def generic_blockers() -> tuple[str, ...]:
    """Words after "the CRC" that make it CRCs in general ("the CRC contracts")."""
    return tuple(provider_settings().get("generic_blockers", ()))


@dataclass(frozen=True)
class OwnerCues:
    """The words that present an unknown provider or its owner, as written."""

    sector_words: tuple[str, ...]  # "probation" (company)
    company_nouns: tuple[str, ...]  # (probation) "company"
    owning_verbs: tuple[str, ...]  # "run" (by)
    owner_adjectives: tuple[str, ...]  # (run by the) "outsourcing" (giant)
    owner_nouns: tuple[str, ...]  # (run by the outsourcing) "giant"


@functools.lru_cache(maxsize=1)
def owner_cues() -> OwnerCues:
    """The owner_cues of refdata/providers.yaml."""
    cues = provider_settings().get("owner_cues") or {}
    return OwnerCues(**{field: tuple(str(w) for w in cues.get(field) or ()) for field in OwnerCues.__dataclass_fields__})


def place_location_words() -> tuple[str, ...]:
    """Words before a place that make it where someone is, not a provider ("from Essex")."""
    return tuple(provider_settings().get("place_location_words", ()))


@dataclass(frozen=True)
class PlacePatternWords:
    """The words of providers/patterns.py's place patterns, as written."""

    youth_service_nouns: tuple[str, ...]  # (Anytown) "Youth Offending Team"
    pdu_plain_nouns: tuple[str, ...]  # (the) "probation unit"(s in Wigan)
    probation_people: tuple[str, ...]  # (Essex probation) "staff"
    service_compounds: tuple[str, ...]  # (probation service) "users"


@functools.lru_cache(maxsize=1)
def place_pattern_words() -> PlacePatternWords:
    """The place_pattern_words of refdata/providers.yaml."""
    words = provider_settings().get("place_pattern_words") or {}
    return PlacePatternWords(**{field: tuple(str(w) for w in words.get(field) or ())
                                for field in PlacePatternWords.__dataclass_fields__})


@dataclass(frozen=True)
class PlaceQualifiers:
    """The words before a place that say which part of it, as written."""

    cardinal: tuple[str, ...]  # "north" (London)
    intercardinal: tuple[str, ...]  # "north-east" (of England)
    parts: tuple[str, ...]  # "inner" (London)
    adjectives: tuple[str, ...]  # "northern" (Kent), "Greater" (Manchester)

    @property
    def compass(self) -> tuple[str, ...]:
        """The words of a part of a place before it ("north", "south-west", "inner")."""
        return (*self.cardinal, *self.intercardinal, *self.parts)


@functools.lru_cache(maxsize=1)
def place_qualifiers() -> PlaceQualifiers:
    """The place_qualifiers of refdata/providers.yaml."""
    words = provider_settings().get("place_qualifiers") or {}
    return PlaceQualifiers(**{field: tuple(str(w) for w in words.get(field) or ())
                              for field in PlaceQualifiers.__dataclass_fields__})


def load_register() -> tuple[dict[str, ProviderRecord], dict]:
    """(records by provider_id, the settings of providers.yaml)."""
    settings = provider_settings()
    templates = settings.get("alias_templates") or {}
    rows: list[dict] = []
    division_additions: dict[str, dict] = {}
    for name in REGISTER_FILES:
        data = settings if name == "providers" else load_refdata(name) or {}
        rows.extend(data.get("providers") or [])
        division_additions.update({d["provider_id"]: d for d in data.get("nps_divisions") or []})
    records: dict[str, ProviderRecord] = {}
    for row in rows:
        row = _with_division_additions(row, division_additions.get(row["provider_id"]))
        record = record_from_row(row, templates)
        records.setdefault(record.provider_id, record)
    return records, settings


def _with_division_additions(row: dict, additions: dict | None) -> dict:
    if not additions:
        return row
    successors = additions.get("successor_region_ids") or []
    return {
        **row,
        "aliases": [*(row.get("aliases") or []), *(additions.get("aliases_to_add") or [])],
        "valid_from": row.get("valid_from") or additions.get("valid_from"),
        "valid_to": row.get("valid_to") or additions.get("valid_to"),
        "successor_provider_id": row.get("successor_provider_id") or (successors[0] if successors else None),
        "parent_provider_id": row.get("parent_provider_id") or additions.get("parent_provider_id"),
        "source": row.get("source") or additions.get("source"),
    }


def record_from_row(row: dict, templates: dict[str, list[str]]) -> ProviderRecord:
    region_names = tuple(row.get("region_names") or ())
    places = tuple(row.get("places") or ())
    fills = [*region_names, *places, *(row.get("abbreviations") or ())]
    generated = [t.format(region=fill) for fill in fills for t in templates.get(row["provider_type"], ())]
    aliases = tuple(dict.fromkeys(a for a in (row["name"], *(row.get("aliases") or ()), *generated) if a))
    owners = tuple((o["provider_id"], _period_text(o.get("from")), _period_text(o.get("to")))
                   for o in row.get("owners") or ())
    return ProviderRecord(
        provider_id=row["provider_id"],
        name=row["name"],
        aliases=aliases,
        provider_type=row["provider_type"],
        sector=row.get("sector") or "unknown",
        owner_provider_id=row.get("owner_provider_id"),
        region=row.get("region"),
        note=row.get("note"),
        region_names=region_names,
        places=places,
        owners=owners,
        partners=tuple(row.get("partners") or ()),
        valid_from=period_bound(row.get("valid_from"), end=False),
        valid_to=period_bound(row.get("valid_to"), end=True),
        successor_provider_id=row.get("successor_provider_id"),
        parent_provider_id=row.get("parent_provider_id"),
        source=row.get("source"),
        local_authorities=tuple(row.get("local_authorities") or ()),
    )


def _period_text(value: object) -> str | None:
    return None if value is None else str(value)


class Register:
    """Date-aware look-ups over the records (the Gazetteer inherits them)."""

    records: dict[str, ProviderRecord]

    def _index_places(self) -> None:
        self._by_place: dict[frozenset[str], list[str]] = {}
        for record in self.records.values():
            for place in (*record.region_names, *record.places, *record.local_authorities):
                key = place_key(place)
                if key:
                    self._by_place.setdefault(key, []).append(record.provider_id)

    def provider_for_place(self, place: str, on: date | None = None,
                           types: Iterable[str] = LOCAL_PROVIDER_TYPES) -> str | None:
        """The provider of ``place`` on ``on``, of the first of ``types`` that
        has one ("Tameside", 2023 -> tameside-pdu; "Northumbria", 2018 ->
        northumbria-crc). Providers that did not exist on ``on`` are skipped;
        with no date, the most recent one wins. A county that is part of the
        contract area of exactly one CRC or trust is that provider's
        ("Cumbria", 2017 -> Cumbria and Lancashire CRC); not so for smaller
        units, whose names hold bigger places ("Hackney and City of London"
        PDU is no provider of London). None otherwise."""
        key = place_key(place)
        exact = [self.records[pid] for pid in self._by_place.get(key, ())]
        for provider_type in types:
            of_type = [r for r in exact if r.provider_type == provider_type and r.valid_on(on)]
            if of_type:
                return max(of_type, key=lambda r: r.valid_from or date.min).provider_id
        for provider_type in (t for t in types if t in COUNTY_AREA_TYPES):
            containing = {pid for area, pids in self._by_place.items() if key and key < area for pid in pids
                          if self.records[pid].provider_type == provider_type and self.records[pid].valid_on(on)}
            if len(containing) == 1:
                return containing.pop()
        return None

    def national_service_at(self, on: date | None) -> str | None:
        """The national probation service on ``on`` (the National Probation
        Service 2014-2021, the Probation Service after); None before 2014 or
        when the date is unknown."""
        if on is None:
            return None
        for record in self.records.values():
            if record.provider_type == "nps" and record.valid_from and record.valid_on(on):
                return record.provider_id
        return None
