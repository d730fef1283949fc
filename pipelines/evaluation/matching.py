"""How a predicted row is paired with a gold row: the text and name
comparisons of the gold README's scoring rules, and the one-to-one greedy
pairing every table uses."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd


def tokens(text: str) -> list[str]:
    text = text.replace("’", "'").replace("‘", "'").lower()
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text)


def token_f1(a: str, b: str) -> float:
    ta, tb = Counter(tokens(a)), Counter(tokens(b))
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    p, r = common / sum(tb.values()), common / sum(ta.values())
    return 2 * p * r / (p + r)


def normal_name(name: str) -> str:
    return " ".join(tokens(name))


def last_token(name: str | None) -> str | None:
    found = tokens(name or "")
    return found[-1] if found else None


def is_missing(value: object) -> bool:
    return value is None or (not isinstance(value, (str, list, tuple, dict)) and pd.isna(value))


@dataclass
class Matching:
    """The gold and predicted rows of one table in one document (or in the
    whole dataset, for the dataset-level tables), and which ones paired up,
    as (gold index, predicted index)."""

    table: str
    document_id: str | None
    gold: list
    predicted: list
    pairs: list[tuple[int, int]] = field(default_factory=list)

    def missed(self) -> list:
        paired = {i for i, _ in self.pairs}
        return [g for i, g in enumerate(self.gold) if i not in paired]

    def extra(self) -> list:
        paired = {j for _, j in self.pairs}
        return [p for j, p in enumerate(self.predicted) if j not in paired]

    def matched(self) -> list[tuple[object, object]]:
        return [(self.gold[i], self.predicted[j]) for i, j in self.pairs]


def greedy_match(
    table: str,
    document_id: str | None,
    gold: Sequence,
    predicted: Sequence,
    similarity: Callable[[object, object], float],
    threshold: float,
) -> Matching:
    """One-to-one pairs, best similarity first (ties: gold order, then
    predicted order, so the pairing is deterministic)."""
    candidates = sorted(
        ((similarity(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(predicted)),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for score, i, j in candidates:
        if score < threshold or i in used_gold or j in used_pred:
            continue
        used_gold.add(i)
        used_pred.add(j)
        pairs.append((i, j))
    return Matching(table, document_id, list(gold), list(predicted), sorted(pairs))
