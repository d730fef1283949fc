"""A figure found in text, normalised: value, unit, qualifier and its span."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from pipelines.read.model import Span


class Token(NamedTuple):
    """A word, number or symbol of a text (a named tuple: texts have thousands)."""

    text: str
    start: int
    end: int
    kind: str  # num | word | sym

    @property
    def low(self) -> str:
        return self.text.lower()


@dataclass(frozen=True)
class Quantity(Span):
    """One normalised figure found in a text: a span of it, with its value.

    ``char_start``/``char_end`` cover the phrase as written, qualifier and
    unit included ("nearly 30,000", "eight out of 10", "£22 million a
    year"); ``core_start``/``core_end`` cover the figure alone. A change
    ("from 40 to 27") or a range gives two quantities over the same phrase,
    told apart by ``role`` (before/after, low/high); ``core_*`` then point at
    each figure.
    """

    core_start: int
    core_end: int
    value: float
    unit: str
    qualifier: str = "exact"
    numerator: float | None = None
    denominator: float | None = None
    role: str | None = None
    in_words: bool = False
    additional: bool = False
    fewer: bool = False  # "35,000 fewer staff": a decrease, not a total
    rate: str | None = None
    form: str = "number"  # number | ratio | fraction | magnitude_fraction
    bare: bool = False  # digits without separators, decimals, unit or magnitude
    explicit_unit: bool = False
