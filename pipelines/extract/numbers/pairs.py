"""Two quantities over one span: a change ("from 40 to 27") or a range."""

from __future__ import annotations

from dataclasses import replace

from pipelines.extract.numbers.quantities import _Parse, _parse_quantity, _to_quantity
from pipelines.extract.numbers.quantity import Quantity
from pipelines.extract.numbers.tokens import _Cursor


def _pair(cur: _Cursor, i: int) -> tuple[list[Quantity], int] | None:
    """'from 40 to 27' (change), 'between 40 and 50' / '40 to 50' / '10-15%'
    (range) -> two quantities over one phrase."""
    word = cur.low(i)
    if word in ("from", "between"):
        first = _parse_quantity(cur, i + 1)
        joiner = "to" if word == "from" else "and"
        if first and not first.skip and cur.low(first.end) == joiner:
            second = _parse_quantity(cur, first.end + 1)
            if second and not second.skip:
                roles = ("before", "after") if word == "from" else ("low", "high")
                if word == "between" and not first.figure.value < second.figure.value:
                    return None
                return _pair_quantities(cur, i, first, second, roles)
        return None
    if cur.low(i - 1) == "by":
        return None  # "fallen by £3m to £12m": a change and its result, not a range
    first = _parse_quantity(cur, i)
    if first is None or first.skip or first.form != "number":
        return None
    k = first.end
    dash = cur.low(k) in ("-", "–") and cur.adjacent(k - 1, k) and cur.adjacent(k, k + 1)
    if not (cur.low(k) == "to" or dash):
        return None
    second = _parse_quantity(cur, k + 1)
    if second is None or second.skip or second.form != "number" or second.qualifier != "exact":
        return None
    if not first.figure.value < second.figure.value:
        return None
    if dash and not (cur.at(first.figure.start).kind == "num" and cur.at(second.figure.start).kind == "num"):
        return None
    return _pair_quantities(cur, i, first, second, ("low", "high"))


def _pair_quantities(cur, start, first: _Parse, second: _Parse, roles) -> tuple[list[Quantity], int]:
    # "from 27 to 30%", "from 3 to 5 million": the unit or magnitude written
    # once applies to both figures.
    if first.unit is None and second.unit is not None and second.form == "number":
        first.unit, first.money = second.unit, second.money
    if second.unit is None and first.unit is not None and first.form == "number":
        second.unit, second.money = first.unit, first.money
    if first.figure.magnitude == 1.0 and second.figure.magnitude > 1.0 and not first.figure.in_words:
        first.figure = replace(first.figure, value=first.figure.value * second.figure.magnitude)
    span = (start, second.end)
    return [_to_quantity(cur, first, roles[0], span), _to_quantity(cur, second, roles[1], span)], second.end
