"""The measure of a figure: from the counted noun and cue words in refdata/measures.yaml."""

from __future__ import annotations

import re

from pipelines.extract.metrics.filters import _ends_with_any
from pipelines.extract.metrics.lexicon import _Measure, _vocab
from pipelines.extract.metrics.nouns import _noun_key
from pipelines.extract.metrics.patterns import _CUE_HALF_WEIGHT_GAP
from pipelines.extract.metrics.state import _MetricState
from pipelines.extract.numbers import Quantity, vocabulary


def _measure(ctx: _MetricState, q: Quantity, noun, sentence: tuple[int, int], rate: str | None) -> str:
    key = _noun_key(noun)
    full_key = _noun_key(noun, modifiers=True)
    best, best_score = None, 0.0
    for measure in _vocab().measures:
        score = max(_measure_score(measure, q, k, ctx.text, sentence) for k in {key, full_key})
        if score > best_score:
            best, best_score = measure.measure, score
    label = best or _fallback_measure(q.unit, key)
    if q.additional and not label.startswith("additional_"):
        label = "additional_" + label
    if q.fewer:
        label = "fewer_" + label
    if q.role:
        label = f"{label}_{q.role}"
    if rate:
        label = f"{label}_per_{rate}"
    return label


def _measure_score(measure: _Measure, q: Quantity, noun_key: str, text: str, sentence) -> float:
    if q.unit not in measure.units or not (measure.nouns or measure.cues):
        return 0.0
    score = 0.0
    if measure.nouns:
        if not noun_key or not _ends_with_any(noun_key, measure.nouns):
            return 0.0
        score += 2
    if measure.cues:
        if measure.cues_after is not None:
            after = text[q.char_end : min(sentence[1], q.char_end + measure.cues_after)].lower()
            after = _NEXT_FIGURE.split(after, maxsplit=1)[0]  # up to the next figure or statement
            weights = [1.0 if cue.search(after) else 0.0 for cue in measure.cues]
        else:
            weights = [_cue_weight(cue, q, text, sentence) for cue in measure.cues]
        if min(weights) == 0:
            return 0.0
        score += sum(weights) / len(weights) + 0.1 * len(weights)
    return score


def _cue_weight(cue: re.Pattern, q: Quantity, text: str, sentence) -> float:
    """1 for a cue touching the figure, falling with distance (0.5 at 25
    characters, 0.2 at 100); 0 when the figure's part of the sentence lacks
    it (a semicolon starts another statement)."""
    lo, hi = _semicolon_part(text, sentence, q)
    lowered = text[lo:hi].lower()
    best = 0.0
    for m in cue.finditer(lowered):
        start, end = lo + m.start(), lo + m.end()
        gap = max(q.char_start - end, start - q.char_end, 0)
        best = max(best, 1.0 / (1.0 + gap / _CUE_HALF_WEIGHT_GAP))
    return best


_NEXT_FIGURE = re.compile(
    r";|\d|\b(?:" + "|".join(sorted(vocabulary().cardinals, key=len, reverse=True)) + r")\b", re.IGNORECASE
)


def _semicolon_part(text: str, sentence, q: Quantity) -> tuple[int, int]:
    start = text.rfind(";", sentence[0], q.char_start) + 1 or sentence[0]
    end = text.find(";", q.char_end, sentence[1])
    return max(start, sentence[0]), sentence[1] if end < 0 else end


def _fallback_measure(unit: str, noun_key: str) -> str:
    templates = _vocab().fallback
    noun = _snake(noun_key)
    if noun:
        return templates.get(unit, "{noun}").format(noun=noun)
    return templates.get(f"{unit}_bare", unit)


def _snake(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower())[:60].strip("_")
