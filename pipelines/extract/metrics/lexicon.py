"""The metric extractor's words, read once from refdata: measures, labels, countable nouns."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pipelines.refdata import load_refdata


@dataclass(frozen=True)
class _Measure:
    measure: str
    units: frozenset[str]
    nouns: tuple[str, ...]
    cues: tuple[re.Pattern, ...]
    cues_after: int | None = None  # cues count only this many characters after the figure


@dataclass(frozen=True)
class _Vocab:
    measures: tuple[_Measure, ...]
    fallback: dict[str, str]
    countable: frozenset[str]
    non_metric: frozenset[str]
    labels: frozenset[str]
    definite: frozenset[str]
    anaphora: dict[str, frozenset[str]]
    pronouns: frozenset[str]
    provider_classes: frozenset[str]
    rating_phrases: tuple[str, ...]
    defining: frozenset[str]
    ordinals: frozenset[str]
    advertising: frozenset[str]
    thresholds: tuple[re.Pattern, ...]
    age_before: re.Pattern  # "aged ", "the age of ": the figure after is a person's age


@functools.lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    data = load_refdata("measures")
    measures = tuple(
        _Measure(
            measure=row["measure"],
            units=frozenset(row.get("units") or ("count", "percent", "gbp", "ratio")),
            nouns=tuple(str(n).lower() for n in row.get("nouns") or ()),
            cues=tuple(re.compile(c) for c in row.get("cues") or ()),
            cues_after=row.get("cues_after"),
        )
        for row in data["measures"]
    )
    return _Vocab(
        measures=measures,
        fallback=dict(data["fallback"]),
        countable=frozenset(str(n).lower() for n in data["countable_nouns"]),
        non_metric=frozenset(str(n).lower() for n in data["non_metric_nouns"]),
        labels=frozenset(str(n).lower() for n in data["label_words"]),
        definite=frozenset(str(n).lower() for n in data["definite_determiners"]),
        anaphora={str(k).lower(): frozenset(v) for k, v in data["provider_anaphora"].items()},
        pronouns=frozenset(str(p).lower() for p in data["provider_pronouns"]),
        provider_classes=frozenset(str(n).lower() for n in data["provider_class_nouns"]),
        rating_phrases=tuple(sorted((str(p).lower() for p in data.get("rating_phrases") or ()), key=len, reverse=True)),
        defining=frozenset(str(w).lower() for w in data.get("defining_words") or ()),
        ordinals=frozenset(str(w).lower() for w in data.get("ordinal_words") or ()),
        advertising=frozenset(str(w).lower() for w in data.get("advertising_words") or ()),
        thresholds=tuple(re.compile(c) for c in data.get("threshold_cues") or ()),
        age_before=re.compile(r"\b(?:" + "|".join(re.escape(str(w)) for w in data["age_words"]) + r")\s*$"),
    )
