"""Tokens of a text as the number scanner reads them, and a cursor over them."""

from __future__ import annotations

import math
import unicodedata

from pipelines.extract.numbers.patterns import _DIGITS, _TOKEN
from pipelines.extract.numbers.quantity import Token


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end(), m.lastgroup or "sym") for m in _TOKEN.finditer(text)]


def digits_value(text: str) -> float | None:
    """'28,750' -> 28750.0; None when the grouping is not a number's."""
    if not _DIGITS.fullmatch(text):
        return None
    ascii_digits = "".join(str(unicodedata.decimal(c)) if c.isdigit() else c for c in text.replace(",", ""))
    try:
        value = float(ascii_digits)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _adjacent(a: Token, b: Token) -> bool:
    return a.end == b.start


class _Cursor:
    """Read-only view of the token list with safe look-ups."""

    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.lows = [t.low for t in tokens]

    def at(self, i: int) -> Token | None:
        return self.tokens[i] if 0 <= i < len(self.tokens) else None

    def low(self, i: int) -> str:
        return self.lows[i] if 0 <= i < len(self.lows) else ""

    def match(self, i: int, phrase: tuple[str, ...]) -> bool:
        return i >= 0 and tuple(self.lows[i : i + len(phrase)]) == phrase

    def adjacent(self, i: int, j: int) -> bool:
        a, b = self.at(i), self.at(j)
        return bool(a and b and _adjacent(a, b))
