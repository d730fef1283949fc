"""refdata/ratings.yaml as typed data: the one reader of that file.

Two stages need it: ``schemas.enums`` takes the controlled standard labels
(``ratings.standard``) and ``pipelines.extract.ratings.vocabulary`` compiles
the word lists into patterns. Both read it here, so the file is parsed and
checked in one place; this module compiles nothing.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from pipelines.refdata import load_refdata

_FILE = "refdata/ratings.yaml"


@dataclass(frozen=True)
class Standard:
    label: str  # the controlled label stored in ratings.standard
    spellings: tuple[str, ...]  # how articles name the standard


@dataclass(frozen=True)
class BodyNouns:
    phrases: tuple[str, ...]  # nouns naming a rated body of this kind
    provider_types: tuple[str, ...]  # the register's types such a body resolves to
    templates: tuple[str, ...]  # "{place} PDU": a place turned into a name the register may know


@dataclass(frozen=True)
class RatingsData:
    """Every field of ratings.yaml (documented at the top of that file)."""

    version: str
    scale_from: int
    unrated_types: tuple[str, ...]
    ratings: dict[str, tuple[str, ...]]  # rating value -> spellings, in the scale's order
    standards: tuple[Standard, ...]
    cues_before: tuple[str, ...]
    cues_after: tuple[str, ...]
    sentence_cues: tuple[str, ...]
    descriptions: tuple[str, ...]
    description_nouns: tuple[str, ...]
    per_standard_counts: tuple[str, ...]
    place_generic_words: tuple[str, ...]
    negations: tuple[str, ...]
    hedges: tuple[str, ...]
    body_nouns: dict[str, BodyNouns]  # kind -> its nouns
    generic_nouns: tuple[str, ...]
    national_types: tuple[str, ...]
    count_words: tuple[str, ...]
    covering_words: tuple[str, ...]
    previous_cues_before: tuple[str, ...]
    previous_cues_after: tuple[str, ...]
    rank_words: tuple[str, ...]
    companion_cues_before: tuple[str, ...]
    companion_cues_after: tuple[str, ...]
    not_places: tuple[str, ...]
    type_words: tuple[str, ...]
    overall_words: tuple[str, ...]
    earlier_inspection_words: tuple[str, ...]
    place_body_words: tuple[str, ...]

    @property
    def standard_labels(self) -> tuple[str, ...]:
        return tuple(standard.label for standard in self.standards)


def _field(data: dict[str, Any], key: str) -> Any:
    if key not in data:
        raise ValueError(f"{_FILE}: the field {key!r} is missing")
    return data[key]


def _strings(data: dict[str, Any], key: str) -> tuple[str, ...]:
    values = _field(data, key)
    if not isinstance(values, list):
        raise ValueError(f"{_FILE}: {key!r} must be a list of words, not {type(values).__name__}")
    return tuple(str(value) for value in values)


def _body_nouns(entry: dict[str, Any]) -> BodyNouns:
    return BodyNouns(
        phrases=_strings(entry, "phrases"),
        provider_types=_strings(entry, "provider_types"),
        templates=tuple(entry.get("templates") or ()),
    )


@functools.lru_cache(maxsize=1)
def ratings_data() -> RatingsData:
    data = load_refdata("ratings")
    if not isinstance(data, dict):
        raise ValueError(f"{_FILE}: expected a mapping of fields")
    words = functools.partial(_strings, data)
    return RatingsData(
        version=str(_field(data, "version")),
        scale_from=int(_field(data, "scale_from")),
        unrated_types=words("unrated_types"),
        ratings={str(value): _strings(_field(data, "ratings"), value) for value in _field(data, "ratings")},
        standards=tuple(Standard(str(e["label"]), _strings(e, "spellings")) for e in _field(data, "standards")),
        cues_before=words("cues_before"),
        cues_after=words("cues_after"),
        sentence_cues=words("sentence_cues"),
        descriptions=words("descriptions"),
        description_nouns=words("description_nouns"),
        per_standard_counts=words("per_standard_counts"),
        place_generic_words=words("place_generic_words"),
        negations=words("negations"),
        hedges=words("hedges"),
        body_nouns={str(kind): _body_nouns(entry) for kind, entry in _field(data, "body_nouns").items()},
        generic_nouns=words("generic_nouns"),
        national_types=words("national_types"),
        count_words=words("count_words"),
        covering_words=words("covering_words"),
        previous_cues_before=words("previous_cues_before"),
        previous_cues_after=words("previous_cues_after"),
        rank_words=words("rank_words"),
        companion_cues_before=words("companion_cues_before"),
        companion_cues_after=words("companion_cues_after"),
        not_places=words("not_places"),
        type_words=words("type_words"),
        overall_words=words("overall_words"),
        earlier_inspection_words=words("earlier_inspection_words"),
        place_body_words=words("place_body_words"),
    )
