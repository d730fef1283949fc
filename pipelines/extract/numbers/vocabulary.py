"""Number words, magnitudes, qualifiers and units, read once from refdata/number_words.yaml."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pipelines.extract.numbers.tokens import tokenize
from pipelines.refdata import load_refdata


@dataclass(frozen=True)
class _Vocab:
    cardinals: dict[str, float]
    magnitudes: dict[str, float]
    suffixes: dict[str, float]
    fractions: dict[str, tuple[float, float]]
    qualifiers_before: dict[tuple[str, ...], str]
    qualifiers_after: dict[tuple[str, ...], str]
    qualifiers_before_index: dict[str, tuple[tuple[str, ...], ...]]
    qualifiers_after_index: dict[str, tuple[tuple[str, ...], ...]]
    particle_verbs: frozenset[str]
    additional: frozenset[str]
    fewer: frozenset[str]
    currency_prefixes: frozenset[str]
    currency_words: frozenset[str]
    pence_words: frozenset[str]
    percent_phrases: dict[str, tuple[tuple[str, ...], ...]]
    time_units: frozenset[str]
    time_suffixes: frozenset[str]
    rate_words: dict[str, str]  # "annum" -> "year": the period of a rate
    rate_adverbs: dict[str, str]  # "annually" -> "year": an amount's rate on its own
    ratio_totals: frozenset[str]  # "possible": "out of a possible 24" is a ratio's whole
    foreign_currencies: frozenset[str]  # "$", "eur": an amount in another currency


def _phrase_tokens(phrase: str) -> tuple[str, ...]:
    return tuple(t.low for t in tokenize(str(phrase)))


def _index_phrases(phrases) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Phrases by first word, longest first, so matching at a token is one look-up."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted(phrases, key=len, reverse=True):
        index.setdefault(phrase[0], []).append(phrase)
    return {word: tuple(group) for word, group in index.items()}


@functools.lru_cache(maxsize=1)
def vocabulary() -> _Vocab:
    data = load_refdata("number_words")
    before = {_phrase_tokens(k): v for k, v in data["qualifiers_before"].items()}
    after = {_phrase_tokens(k): v for k, v in data["qualifiers_after"].items()}
    return _Vocab(
        cardinals={str(k).lower(): float(v) for k, v in data["cardinals"].items()},
        magnitudes={str(k).lower(): float(v) for k, v in data["magnitudes"].items()},
        suffixes={str(k).lower(): float(v) for k, v in data["magnitude_suffixes"].items()},
        fractions={str(k).lower(): (float(v[0]), float(v[1])) for k, v in data["fractions"].items()},
        qualifiers_before=before,
        qualifiers_after=after,
        qualifiers_before_index=_index_phrases(before),
        qualifiers_after_index=_index_phrases(after),
        particle_verbs=frozenset(str(w).lower() for w in data.get("particle_verbs") or ()),
        additional=frozenset(str(w).lower() for w in data["additional_words"]),
        fewer=frozenset(str(w).lower() for w in data.get("fewer_words") or ()),
        currency_prefixes=frozenset(str(w).lower() for w in data["currency_prefixes"]),
        currency_words=frozenset(str(w).lower() for w in data["currency_words"]),
        pence_words=frozenset(str(w).lower() for w in data["pence_words"]),
        percent_phrases=_index_phrases({_phrase_tokens(p) for p in data["percent_words"]}),
        time_units=frozenset(str(w).lower() for w in data["time_units"]),
        time_suffixes=frozenset(str(w).lower().rstrip(".") for w in data["time_suffixes"]),
        rate_words={str(k).lower(): str(v) for k, v in data["rate_words"].items()},
        rate_adverbs={str(k).lower(): str(v) for k, v in data["rate_adverbs"].items()},
        ratio_totals=frozenset(str(w).lower() for w in data["ratio_totals"]),
        foreign_currencies=frozenset(str(w).lower() for w in data["foreign_currencies"]),
    )


def is_time_unit(word: str) -> bool:
    """'years', "month's", 'year-olds' -> True: the figure before is a duration or an age."""
    word = re.sub(r"['’]s?$", "", word.lower())
    return word in vocabulary().time_units
