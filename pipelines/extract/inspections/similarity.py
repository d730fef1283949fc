"""How two inspections' features compare: dates, areas, topic words."""

from __future__ import annotations

import functools
import re
from collections import Counter

from pipelines.extract.inspections.lexicon import lexicon
from pipelines.extract.inspections.refs import _Date


def _dates_compatible(a: _Date | None, b: _Date | None) -> bool:
    if a is None or b is None:
        return True
    ka, kb = a.key(), b.key()
    if ka[0] != kb[0]:
        return False
    return ka[1] is None or kb[1] is None or ka[1] == kb[1]


# Cached: the corpus-wide merge compares the same areas and topics many times.


@functools.lru_cache(maxsize=65536)
def _area_words(area: str) -> frozenset[str]:
    return frozenset({w for w in re.findall(r"[a-z]+", area.lower()) if w not in {"and", "the", "of"}})


def _areas_compatible(a: str | None, b: str | None, strict: bool = False) -> bool:
    if not a or not b:
        return not strict
    wa, wb = _area_words(a), _area_words(b)
    return wa == wb if strict else (wa <= wb or wb <= wa)


@functools.lru_cache(maxsize=65536)
def _content_words(text: str) -> frozenset[str]:
    stopwords = lexicon().topic_stopwords
    return frozenset(w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in stopwords)


def _similarity(a: str, b: str) -> float:
    wa, wb = _content_words(a), _content_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / max(len(wa), len(wb))


def _best_area(areas: list[str]) -> str | None:
    """The most specific area the others agree with ("North London" over
    "London"), else the most frequent."""
    if not areas:
        return None
    counts = Counter(areas)

    def support(area: str) -> int:
        return sum(n for other, n in counts.items() if _areas_compatible(area, other))
    return max(counts, key=lambda a: (support(a), len(_area_words(a)), counts[a], a))
