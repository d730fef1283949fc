"""The rating vocabulary of ``refdata/ratings.yaml``, compiled once.

Every word list lives in the YAML, read by its typed loader
(``pipelines.refdata.ratings``); this module only turns it into patterns.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pipelines.extract.inspections.lexicon import inspectorates
from pipelines.refdata.ratings import ratings_data

# Straight and curly quote marks, single and double: articles mix them.
OPEN_QUOTES = "'\"‘“"
CLOSE_QUOTES = "'\"’”"
# A capitalised word of a place name ("Leicester", "Port", "Bury-St-Edmunds").
_CAP = r"[A-Z][a-zA-Z'’.-]*[a-zA-Z]|[A-Z]"


def _alternation(phrases) -> str:
    # Longest first, so "youth offending team" wins over "team".
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


def _words(phrases) -> re.Pattern:
    return re.compile(rf"(?<![\w-])(?:{_alternation(phrases)})(?![\w-])", re.I)


@dataclass(frozen=True)
class BodyKind:
    kind: str
    provider_types: frozenset[str]
    templates: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    version: str
    scale_from: int
    unrated_types: frozenset[str]
    rating_word: re.Pattern
    rating_of: dict[str, str]  # lower-cased spelling -> rating value
    standards: list[tuple[re.Pattern, str]]  # (spelling pattern, label), longest spelling first
    cue_before: re.Pattern
    cue_after: re.Pattern
    sentence_cue: re.Pattern
    descriptions: frozenset[str]
    description_nouns: frozenset[str]
    per_standard_count: re.Pattern
    place_generic_words: frozenset[str]
    negations: frozenset[str]
    hedges: frozenset[str]
    other_inspectorate: re.Pattern  # names of inspectorates whose grades use the same words
    probation_inspectorate: re.Pattern
    body: re.Pattern  # any body noun, kind nouns and generic nouns
    kind_of: dict[str, BodyKind]  # lower-cased body phrase -> its kind (generic nouns absent)
    kinds: dict[str, BodyKind]
    national_types: frozenset[str]
    count_word: re.Pattern
    covering_words: frozenset[str]
    previous_before: re.Pattern
    previous_after: re.Pattern
    not_places: frozenset[str]
    rank_word: re.Pattern
    companion_before: re.Pattern
    companion_after: re.Pattern
    place: re.Pattern  # a place name: capitalised words joined by and/&/of/upon

    def kind(self, phrase: str) -> BodyKind | None:
        return self.kind_of.get(re.sub(r"\s+", " ", phrase.lower()))


def _inspectorates(default: bool) -> re.Pattern:
    names = [a for i in inspectorates() if i.default == default for a in (i.name, *i.aliases)]
    return re.compile(rf"(?<![\w-])(?:{_alternation(names)})(?![\w-])")


@functools.lru_cache(maxsize=None)
def vocabulary() -> Vocabulary:
    data = ratings_data()
    rating_of = {s.lower(): value for value, spellings in data.ratings.items() for s in spellings}
    standards = sorted(
        ((s, entry.label) for entry in data.standards for s in entry.spellings),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
    kinds: dict[str, BodyKind] = {}
    kind_of: dict[str, BodyKind] = {}
    for name, entry in data.body_nouns.items():
        kinds[name] = BodyKind(name, frozenset(entry.provider_types), entry.templates)
        for phrase in entry.phrases:
            kind_of[phrase.lower()] = kinds[name]
    body_phrases = [p for e in data.body_nouns.values() for p in e.phrases] + list(data.generic_nouns)
    place = rf"(?:{_CAP})(?:(?:[ \t]*,[ \t]*(?:(?:and|&)[ \t]+)?|[ \t]+(?:and|&|upon|on|of|the)[ \t]+|[ \t]+|-)(?:{_CAP}))*"
    return Vocabulary(
        version=data.version,
        scale_from=data.scale_from,
        unrated_types=frozenset(data.unrated_types),
        rating_word=_words(rating_of),
        rating_of=rating_of,
        standards=[(_words([s]), label) for s, label in standards],
        cue_before=_words(data.cues_before),
        cue_after=_words(data.cues_after),
        sentence_cue=_words(data.sentence_cues),
        descriptions=frozenset(w.lower() for w in data.descriptions),
        description_nouns=frozenset(w.lower() for w in data.description_nouns),
        per_standard_count=_words(data.per_standard_counts),
        place_generic_words=frozenset(w.lower() for w in data.place_generic_words),
        negations=frozenset(w.lower() for w in data.negations),
        hedges=frozenset(w.lower() for w in data.hedges),
        other_inspectorate=_inspectorates(default=False),
        probation_inspectorate=_inspectorates(default=True),
        body=_words(body_phrases),
        kind_of=kind_of,
        kinds=kinds,
        national_types=frozenset(data.national_types),
        count_word=_words(data.count_words),
        covering_words=frozenset(w.lower() for w in data.covering_words),
        previous_before=_words(data.previous_cues_before),
        previous_after=_words(data.previous_cues_after),
        not_places=frozenset(data.not_places),
        rank_word=_words(data.rank_words),
        companion_before=_words(data.companion_cues_before),
        companion_after=_words(data.companion_cues_after),
        place=re.compile(place),
    )
