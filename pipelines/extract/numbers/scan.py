"""Number phrases as news text writes them -> value, unit, qualifier.

Pure functions over plain strings (no spaCy), so the normaliser can be tested
on its own and reused. ``scan_quantities`` finds every figure in a text and
normalises it; ``parse_number_phrase`` normalises one phrase. Whether a
figure is a *metric* (not a duration, a year, a list marker...) is decided
by the ``metrics`` package, which knows the sentence around it; this module only
rejects what cannot be a quantity at all whatever the context (clock
times, ordinals, codes such as "SW1H", phone numbers, "24/7").

The vocabulary (number words, magnitudes, qualifiers, currency and
per-cent words, time units) lives in ``refdata/number_words.yaml``."""

from __future__ import annotations

import functools
import math

from pipelines.extract.numbers.figures import _is_num
from pipelines.extract.numbers.pairs import _pair
from pipelines.extract.numbers.quantities import _Parse, _parse_quantity, _to_quantity
from pipelines.extract.numbers.quantity import Quantity
from pipelines.extract.numbers.tokens import _Cursor, tokenize
from pipelines.extract.numbers.vocabulary import vocabulary
from schemas.enums import QUALIFIERS, UNITS


def scan_quantities(text: str) -> list[Quantity]:
    """Every figure in ``text``, normalised, in order (offsets into ``text``).

    Never raises: a position that cannot be read is skipped.
    """
    if not isinstance(text, str) or not text:
        return []
    cur = _Cursor(tokenize(text))
    found: list[Quantity] = []
    next_figure = _next_figure_tokens(cur)
    reach = _prefix_reach()
    i = 0
    while i < len(cur.tokens):
        if next_figure[i] - i > reach:
            # No figure close enough ahead for anything starting here to
            # read as a quantity: most of a text is skipped this way.
            i += 1
            continue
        try:
            step = _read_at(cur, i, found)
        except (ArithmeticError, ValueError, IndexError, TypeError, AttributeError, KeyError):
            step = None
        i = step if step and step > i else i + 1
    return found


def _next_figure_tokens(cur: _Cursor) -> list[int]:
    """For each token, the index of the first token at or after it that can
    begin a figure (digits, or a number, fraction or magnitude word)."""
    vocab = vocabulary()
    words = {*vocab.cardinals, *vocab.fractions, *vocab.magnitudes, "dozen"}
    following = len(cur.tokens) + _prefix_reach() + 1
    result = [following] * len(cur.tokens)
    for i in range(len(cur.tokens) - 1, -1, -1):
        if cur.tokens[i].kind == "num" or cur.lows[i] in words:
            following = i
        result[i] = following
    return result


@functools.lru_cache(maxsize=1)
def _prefix_reach() -> int:
    """How many tokens can come before a quantity's figure: a pair's 'from' or
    'between', two prefixes (a qualifier phrase, or 'a'/'an' with an
    'additional' word), and a currency sign."""
    vocab = vocabulary()
    longest_qualifier = max((len(p) for phrases in vocab.qualifiers_before_index.values() for p in phrases), default=1)
    return 1 + 2 * max(longest_qualifier, 2) + 1


def _read_at(cur: _Cursor, i: int, found: list[Quantity]) -> int | None:
    pair = _pair(cur, i)
    if pair:
        quantities, end = pair
        found.extend(q for q in quantities if _is_valid(q))
        return end
    parse = _parse_quantity(cur, i)
    if parse is None:
        return None
    if not parse.skip and not _hyphen_bound(cur, parse):
        quantity = _to_quantity(cur, parse)
        if _is_valid(quantity):
            found.append(quantity)
    return parse.end


def _hyphen_bound(cur: _Cursor, parse: _Parse) -> bool:
    """Digits joined by a dash or slash to other digits that did not read as
    a range ("2016-17", "0300-123") are a label or a date, not an amount."""
    first, last = parse.figure.start, parse.figure.end - 1
    before = cur.low(first - 1) in ("-", "–", "/") and cur.adjacent(first - 1, first) and _is_num(cur.at(first - 2))
    after = cur.low(last + 1) in ("-", "–", "/") and cur.adjacent(last, last + 1) and _is_num(cur.at(last + 2))
    return (before and cur.adjacent(first - 2, first - 1)) or (after and cur.adjacent(last + 1, last + 2))


def _is_valid(q: Quantity) -> bool:
    values = (q.value, q.numerator, q.denominator)
    return all(v is None or math.isfinite(v) for v in values) and q.unit in UNITS and q.qualifier in QUALIFIERS


def parse_number_phrase(phrase: str) -> Quantity | None:
    """The first quantity in ``phrase`` ('£3.7bn' -> 3.7e9 gbp), or None."""
    found = scan_quantities(phrase)
    return found[0] if found else None
