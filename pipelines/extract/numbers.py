"""Number phrases as news text writes them -> value, unit, qualifier.

Pure functions over plain strings (no spaCy), so the normaliser can be tested
on its own and reused. ``scan_quantities`` finds every figure in a text and
normalises it; ``parse_number_phrase`` normalises one phrase. Whether a
figure is a *metric* (not a duration, a year, a list marker...) is decided
by ``metrics.py``, which knows the sentence around it; this module only
rejects what cannot be a quantity at all whatever the context (clock
times, ordinals, codes such as "SW1H", phone numbers, "24/7").

The vocabulary (number words, magnitudes, qualifiers, currency and
per-cent words, time units) lives in ``refdata/number_words.yaml``.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from typing import NamedTuple
from dataclasses import dataclass, replace

from pipelines.extract.refdata import load_refdata
from schemas.enums import QUALIFIERS, UNITS


# Digits with optional thousands separators and decimals. Unicode digits are
# accepted (they are converted before float()); a token of digits that does
# not follow this grouping ("1,2", "3.30.45") is not a number.
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_TOKEN = re.compile(r"(?P<num>\d+(?:[,.]\d+)*)|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)|(?P<sym>\S)")

# Currency symbols of other currencies: their amounts are not in the
# dataset's units, and their digits must not be read as a count.
_FOREIGN_CURRENCY = {"$", "€", "¥", "usd", "eur", "us$", "a$", "c$"}
_RATE_WORDS = {"year": "year", "annum": "year", "month": "month", "week": "week", "day": "day"}
# Words that may follow a fraction closing a change ("cut by a third in 2017").
_AFTER_A_CHANGE = {
    "in", "on", "since", "from", "to", "over", "and", "but", "compared", "between", "than",
    "after", "before", "while", "during", "last", "this",
}
_DEFINITE_BEFORE_RATIO = {"the", "its", "their", "these", "those", "all", "every", "our", "his", "her"}


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
class Quantity:
    """One normalised figure found in a text.

    ``char_start``/``char_end`` cover the phrase as written, qualifier and
    unit included ("nearly 30,000", "eight out of 10", "£22 million a
    year"); ``core_start``/``core_end`` cover the figure alone. A change
    ("from 40 to 27") or a range gives two quantities over the same phrase,
    told apart by ``role`` (before/after, low/high); ``core_*`` then point at
    each figure.
    """

    char_start: int
    char_end: int
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


# --- vocabulary -------------------------------------------------------------


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
    )


def is_time_unit(word: str) -> bool:
    """'years', "month's", 'year-olds' -> True: the figure before is a duration or an age."""
    word = re.sub(r"['’]s?$", "", word.lower())
    return word in vocabulary().time_units


# --- tokens -----------------------------------------------------------------


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


# --- figures ----------------------------------------------------------------


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
        return None  # "the second half of 2019"
    num, den = vocab.fractions[frac]
    return count * num, den, j + 1


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


# --- quantities -------------------------------------------------------------


@dataclass
class _Parse:
    """A quantity being read: token indices and what has been found so far."""

    start: int
    end: int
    figure: _Figure
    qualifier: str = "exact"
    unit: str | None = None
    money: bool = False
    numerator: float | None = None
    denominator: float | None = None
    additional: bool = False
    fewer: bool = False
    rate: str | None = None
    form: str = "number"
    skip: bool = False


def _match_phrase(cur: _Cursor, i: int, index: dict[str, tuple[tuple[str, ...], ...]]):
    """Longest phrase of a phrase index (see ``_index_phrases``) starting at token ``i``."""
    for phrase in index.get(cur.low(i), ()):
        if cur.match(i, phrase):
            return phrase, i + len(phrase)
    return None


def _read_prefixes(cur: _Cursor, i: int) -> tuple[str, bool, int]:
    """Qualifier and 'an extra'/'a further' before a figure, in either order."""
    vocab = vocabulary()
    qualifier, additional, j = "exact", False, i
    for _ in range(2):
        found = _match_phrase(cur, j, vocab.qualifiers_before_index)
        if found and found[0] in (("over",), ("under",)) and cur.low(j - 1) in vocab.particle_verbs:
            found = None
        if found and qualifier == "exact":
            qualifier, j = vocab.qualifiers_before[found[0]], found[1]
            continue
        k = j + 1 if cur.low(j) in ("a", "an") else j
        if cur.low(k) in vocab.additional and cur.low(k) != "more" or cur.low(j) == "another":
            additional, j = True, (j + 1 if cur.low(j) == "another" else k + 1)
            continue
        break
    return qualifier, additional, j


def _parse_quantity(cur: _Cursor, i: int) -> _Parse | None:
    vocab = vocabulary()
    qualifier, additional, j = _read_prefixes(cur, i)
    money = False
    if cur.low(j) in vocab.currency_prefixes:
        money, j = True, j + 1
    elif cur.low(j) in _FOREIGN_CURRENCY:
        figure = _parse_figure(cur, j + 1, money=True)
        if figure:
            return _Parse(i, figure.end, figure, skip=True)
        return None
    figure = _parse_figure(cur, j, money)
    if not money and (figure is None or figure.form != "magnitude_fraction"):
        fraction = _parse_fraction(cur, j)
        share = _fraction_quantity(cur, i, j, fraction, qualifier, additional) if fraction else None
        if share is not None:
            return share
    if figure is None:
        return None
    parse = _Parse(i, figure.end, figure, qualifier, "gbp" if money else None, money, additional=additional)
    _read_suffixes(cur, parse)
    return parse


def _fraction_quantity(cur, i, j, fraction, qualifier, additional) -> _Parse | None:
    """'over half of the cases', 'a third of', 'cut by a quarter' -> ratio
    with the fraction's terms ('two-thirds' -> 2 and 3)."""
    numerator, denominator, end = fraction
    followed = cur.low(end)
    share_of = followed == "of" or followed in _DEFINITE_BEFORE_RATIO
    # "cut by a third", "a drop of around a quarter": the fraction ends the
    # phrase; "the cost of a third party" is not a share.
    phrase_ends = cur.at(end) is None or cur.at(end).kind == "sym" or followed in _AFTER_A_CHANGE
    change_by = cur.low(i - 1) in ("by", "of") and phrase_ends
    if not (share_of or change_by):
        return None
    figure = _Figure(numerator / denominator, j, end, True, form="fraction")
    return _Parse(
        i, end, figure, qualifier, "ratio", numerator=numerator, denominator=denominator, additional=additional,
        form="fraction",
    )


def _read_suffixes(cur: _Cursor, parse: _Parse) -> None:
    vocab = vocabulary()
    j = parse.end
    percent = _match_phrase(cur, j, vocab.percent_phrases)
    if percent and not parse.money and (percent[0] != ("pc",) or cur.adjacent(j - 1, j)):
        parse.unit, j = "percent", percent[1]
    elif cur.low(j) in vocab.currency_words:
        parse.unit, parse.money, j = "gbp", True, j + 1
    elif cur.low(j) in vocab.pence_words and not parse.money and (cur.low(j) != "p" or cur.adjacent(j - 1, j)):
        parse.unit, parse.money, j = "gbp", True, j + 1
        parse.figure = replace(parse.figure, value=parse.figure.value / 100)
    j = _read_post_qualifier(cur, parse, j)
    if parse.unit is None:
        j = _read_ratio(cur, parse, j)
    if cur.low(j) in vocab.additional and cur.low(j + 1) != "than" and cur.low(j) != "another":
        parse.additional, j = True, j + 1
    elif cur.low(j) in vocab.fewer and cur.low(j + 1) != "than":
        parse.fewer, j = True, j + 1
    parse.end = _read_rate(cur, parse, j)


def _read_post_qualifier(cur: _Cursor, parse: _Parse, j: int) -> int:
    vocab = vocabulary()
    if cur.low(j) == "+" and cur.adjacent(j - 1, j):
        parse.qualifier = "more_than"
        return j + 1
    if cur.low(j) == "-" and cur.low(j + 1) == "plus" and cur.adjacent(j - 1, j):
        parse.qualifier = "more_than"
        return j + 2
    found = _match_phrase(cur, j, vocab.qualifiers_after_index)
    if found:
        parse.qualifier = vocab.qualifiers_after[found[0]]
        return found[1]
    return j


def _read_ratio(cur: _Cursor, parse: _Parse, start: int) -> int:
    """'eight out of 10', 'one in five', 'two of the 21', '28 per 1,000' -> one
    ratio; returns where the ratio ends (``start`` when there is none)."""
    first, j = parse.figure.value, start
    hyphenated = cur.low(j) == "-" and cur.adjacent(j - 1, j)  # "1-in-3"
    if hyphenated:
        j += 1
    if cur.match(j, ("out", "of")):
        k, kind = j + 2, "out_of"
    elif cur.low(j) == "in":
        k, kind = j + 1, "in"
    elif cur.low(j) == "of" and not (first == 1 and parse.figure.in_words):
        k, kind = j + 1, "of"  # "one of the 21 CRCs" picks one out; it is not a share
    elif cur.low(j) == "per" and _is_num(cur.at(j + 1)):
        k, kind = j + 1, "per"  # "28 per 1,000 offenders"
    else:
        return start
    if hyphenated and cur.low(k) == "-":
        k += 1
    if cur.low(k) in _DEFINITE_BEFORE_RATIO and kind != "in":
        k += 1
    elif cur.low(k) == "every" and kind == "in":
        k += 1
    if cur.low(k) in vocabulary().currency_prefixes:
        return start
    second = _parse_figure(cur, k)
    if second is None or second.value <= 0 or not (0 <= first <= second.value or kind == "per"):
        return start
    if _looks_like_year(cur, second) or (kind == "in" and first == second.value):
        return start
    nxt = _match_phrase(cur, second.end, vocabulary().percent_phrases)
    if nxt or cur.low(second.end) in vocabulary().currency_words:
        return start
    parse.numerator, parse.denominator = first, second.value
    parse.unit, parse.form = "ratio", "ratio"
    return second.end


def _looks_like_year(cur: _Cursor, figure: _Figure) -> bool:
    tok = cur.at(figure.start)
    return bool(
        tok and tok.kind == "num" and re.fullmatch(r"(?:1[89]|20)\d\d", tok.text) and figure.end == figure.start + 1
    )


def _read_rate(cur: _Cursor, parse: _Parse, j: int) -> int:
    """'£22 million a year' -> rate 'year'."""
    word = cur.low(j)
    if word in ("a", "per", "each", "every") and cur.low(j + 1) in _RATE_WORDS:
        if word == "every" and not parse.money:
            return j
        parse.rate = _RATE_WORDS[cur.low(j + 1)]
        return j + 2
    if word in ("annually", "pa") and parse.money:
        parse.rate = "year"
        return j + 1
    return j


def _to_quantity(cur: _Cursor, parse: _Parse, role: str | None = None, span: tuple[int, int] | None = None) -> Quantity:
    figure = parse.figure
    unit = parse.unit or "count"
    start_tok = cur.tokens[span[0] if span else parse.start]
    end_tok = cur.tokens[(span[1] if span else parse.end) - 1]
    return Quantity(
        char_start=start_tok.start,
        char_end=end_tok.end,
        core_start=cur.tokens[figure.start].start,
        core_end=cur.tokens[figure.end - 1].end,
        value=(parse.numerator / parse.denominator) if parse.form in ("ratio", "fraction") else figure.value,
        unit=unit,
        qualifier=parse.qualifier,
        numerator=parse.numerator,
        denominator=parse.denominator,
        role=role,
        in_words=figure.in_words,
        additional=parse.additional,
        fewer=parse.fewer,
        rate=parse.rate,
        form=parse.form if parse.form != "number" else figure.form,
        bare=figure.bare and unit == "count" and parse.form == "number",
        explicit_unit=parse.unit is not None and parse.form not in ("ratio", "fraction"),
    )


# --- pairs: changes and ranges -----------------------------------------------


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


# --- entry points -------------------------------------------------------------


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
