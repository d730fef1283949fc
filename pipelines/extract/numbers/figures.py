"""One figure: digits ("12,500"), words ("twenty-one"), fractions ("a third")."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from pipelines.extract.numbers.quantity import Token
from pipelines.extract.numbers.tokens import _adjacent, _Cursor, digits_value
from pipelines.extract.numbers.vocabulary import vocabulary


@dataclass(frozen=True)
class _Figure:
    value: float
    start: int  # token indices, end exclusive
    end: int
    in_words: bool
    magnitude: float = 1.0
    bare: bool = False
    form: str = "number"


def _parse_figure(cur: _Cursor, i: int, money: bool = False) -> _Figure | None:
    tok = cur.at(i)
    if tok is None:
        return None
    if tok.kind == "num":
        return _parse_digit_figure(cur, i, money)
    if tok.kind == "word":
        return _parse_fraction_of_magnitude(cur, i) or _parse_word_figure(cur, i)
    return None


def _parse_digit_figure(cur: _Cursor, i: int, money: bool) -> _Figure | None:
    vocab = vocabulary()
    tok = cur.tokens[i]
    value = digits_value(tok.text)
    if value is None or _is_code_like(cur, i):
        return None
    j = i + 1
    nxt = cur.at(j)
    magnitude = 1.0
    if nxt and nxt.kind == "word" and _adjacent(tok, nxt):
        suffix = nxt.low
        if suffix in vocab.suffixes and (money or suffix not in {"k", "b"}):
            magnitude = vocab.suffixes[suffix]
            j += 1
        elif suffix in vocab.magnitudes:
            magnitude = vocab.magnitudes[suffix]
            j += 1
        elif not (suffix in ("pc", "p") or suffix in vocab.currency_words):
            return None  # letters stuck to digits make an ordinal, a time or a code: "12th", "10am", "1990s", "5G"
    elif nxt and nxt.low in vocab.magnitudes:
        magnitude = vocab.magnitudes[nxt.low]
        j += 1
    if cur.low(j) == "and" and cur.low(j + 1) == "a" and cur.low(j + 2) == "half" and magnitude == 1.0:
        value += 0.5
        j += 3
        if cur.low(j) in vocab.magnitudes:
            magnitude = vocab.magnitudes[cur.low(j)]
            j += 1
    total = value * magnitude
    if not math.isfinite(total):
        return None
    bare = magnitude == 1.0 and re.fullmatch(r"\d+", tok.text) is not None
    return _Figure(total, i, j, False, magnitude, bare)


def _is_code_like(cur: _Cursor, i: int) -> bool:
    """Digits that are part of a code, a time, a phone number or a date in
    figures rather than a quantity."""
    vocab = vocabulary()
    tok = cur.tokens[i]
    prev, nxt = cur.at(i - 1), cur.at(i + 1)
    if re.fullmatch(r"0\d+(?:[.,]\d+)*", tok.text):
        return True  # "0300", "06.55": codes and clock times, never amounts
    if prev and _adjacent(prev, tok) and (prev.kind in ("word", "num") or prev.text in "+#"):
        return prev.low not in vocab.currency_prefixes  # "SW1H", "A1", "+44" ("GBP22m" is money)
    if nxt and _adjacent(tok, nxt) and nxt.text in "'’" and cur.low(i + 2) == "s" and cur.adjacent(i + 1, i + 2):
        return True  # "100's of titles", "1990's": a vague amount or a decade
    if nxt and _adjacent(tok, nxt) and nxt.text in ":/" and _is_num(cur.at(i + 2)) and cur.adjacent(i + 1, i + 2):
        return True  # "10:30", "24/7", "15/12/2016"
    if prev and _adjacent(prev, tok) and prev.text in ":/" and _is_num(cur.at(i - 2)) and cur.adjacent(i - 2, i - 1):
        return True
    if nxt and nxt.low.rstrip(".") in vocab.time_suffixes and nxt.low not in ("hrs",):
        return True  # "10 am", "17.45 GMT"
    if prev and prev.text in "-–" and _adjacent(prev, tok) and cur.adjacent(i - 2, i - 1):
        return cur.at(i - 2).kind == "word" and cur.low(i - 2) not in ("in", "of")  # "Covid-19", not "1-in-3"
    return _in_digit_run(cur, i)


def _is_num(tok: Token | None) -> bool:
    return bool(tok and tok.kind == "num")


def _in_digit_run(cur: _Cursor, i: int) -> bool:
    """'020 7946 0000': bare digit groups separated by single spaces."""

    def bare_neighbour(j: int, between: tuple[int, int]) -> bool:
        tok = cur.at(j)
        if not (tok and tok.kind == "num" and re.fullmatch(r"\d+", tok.text)):
            return False
        a, b = cur.at(between[0]), cur.at(between[1])
        return b.start - a.end == 1

    tok = cur.tokens[i]
    if not re.fullmatch(r"\d+", tok.text):
        return False
    return bare_neighbour(i + 1, (i, i + 1)) or bare_neighbour(i - 1, (i - 1, i))


def _parse_word_figure(cur: _Cursor, i: int) -> _Figure | None:
    """'eight', 'twenty-one', 'two hundred and fifty thousand', 'a million',
    'one and a half million', 'a dozen'."""
    vocab = vocabulary()
    total, current, j, seen = 0.0, 0.0, i, False
    if cur.low(i) in ("a", "an") and (cur.low(i + 1) in vocab.magnitudes or cur.low(i + 1) == "dozen"):
        current, j, seen = 1.0, i + 1, True
        if cur.low(j) == "dozen":
            return _Figure(12.0, i, j + 1, True)
    largest = 1.0
    while True:
        word = cur.low(j)
        if word in vocab.cardinals and word != "dozen" and _can_follow(current, vocab.cardinals[word]):
            value = vocab.cardinals[word]
            j += 1
            if value >= 20 and value % 10 == 0 and cur.low(j) == "-" and cur.adjacent(j - 1, j):
                unit = cur.low(j + 1)
                if unit in vocab.cardinals and vocab.cardinals[unit] < 10 and cur.adjacent(j, j + 1):
                    value += vocab.cardinals[unit]
                    j += 2
            current += value
            seen = True
        elif word == "hundred" and seen:
            current = (current or 1.0) * 100
            j += 1
        elif word in vocab.magnitudes and word != "hundred" and seen and vocab.magnitudes[word] > 100:
            largest = max(largest, vocab.magnitudes[word])
            total += (current or 1.0) * vocab.magnitudes[word]
            current = 0.0
            j += 1
        elif word == "and" and seen and cur.low(j + 1) == "a" and cur.low(j + 2) == "half":
            current += 0.5
            j += 3
        elif word == "and" and seen and cur.low(j + 1) in vocab.cardinals and cur.low(j - 1) in vocab.magnitudes:
            j += 1
        else:
            break
    if not seen:
        return None
    value = total + current
    if not math.isfinite(value):
        return None
    return _Figure(value, i, j, True, largest)


def _can_follow(current: float, value: float) -> bool:
    """'twenty one' yes, 'eight ten' no: a cardinal continues a word number
    only where it fills a lower place."""
    if current == 0:
        return True
    last_place = current % 100
    return last_place == 0 or (last_place % 10 == 0 and last_place >= 20 and value < 10)


def _parse_fraction(cur: _Cursor, i: int) -> tuple[float, float, int] | None:
    """'half', 'a third', 'two thirds', 'three-quarters' -> (numerator,
    denominator, end): 'two thirds' -> (2, 3, end)."""
    vocab = vocabulary()
    count, j = 1.0, i
    word = cur.low(j)
    if word in ("a", "an", "one"):
        j += 1
        if cur.low(j) == "-" and cur.adjacent(j - 1, j):
            j += 1
    elif word in vocab.cardinals and 1 < vocab.cardinals[word] < 20:
        count = vocab.cardinals[word]
        j += 1
        if cur.low(j) == "-" and cur.adjacent(j - 1, j):
            j += 1
    frac = cur.low(j)
    if frac not in vocab.fractions:
        return None
    plural = frac.endswith("s") and frac != "half"
    if (count > 1) != plural and frac not in ("half", "halves"):
        return None
    if j == i and frac != "half":
        return None  # a bare 'third'/'quarter' is an ordinal or a calendar quarter
    if frac in ("half", "halves") and j == i and cur.low(i - 1) in _ORDINAL_BEFORE_HALF:
        # "the second half of 2019"; but "given that half of the cases" is a share
        conjunction = cur.low(i - 1) == "that" and cur.low(i + 1) == "of" and not _is_num(cur.at(i + 2))
        if not conjunction:
            return None
    num, den = vocab.fractions[frac]
    return count * num, den, j + 1


# Determiners and ordinals before "half" ("the first half"): grammar, not the domain's words.
_ORDINAL_BEFORE_HALF = {"the", "first", "second", "last", "latter", "other", "each", "this", "that"}


def _parse_fraction_of_magnitude(cur: _Cursor, i: int) -> _Figure | None:
    """'a quarter of a million' -> 250000; 'half a million' -> 500000."""
    vocab = vocabulary()
    parsed = _parse_fraction(cur, i)
    if not parsed:
        return None
    numerator, denominator, j = parsed
    k = j + 1 if cur.low(j) == "of" else j
    if cur.low(k) in ("a", "an") and cur.low(k + 1) in vocab.magnitudes:
        magnitude = vocab.magnitudes[cur.low(k + 1)]
        value = numerator / denominator * magnitude
        return _Figure(value, i, k + 2, True, magnitude, form="magnitude_fraction")
    return None
