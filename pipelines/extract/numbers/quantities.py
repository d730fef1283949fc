"""A figure with what makes it a quantity: prefixes and qualifiers, units, ratios, rates."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipelines.extract.numbers.figures import _Figure, _is_num, _parse_figure, _parse_fraction
from pipelines.extract.numbers.patterns import _AFTER_A_CHANGE, _DEFINITE_BEFORE_RATIO
from pipelines.extract.numbers.quantity import Quantity
from pipelines.extract.numbers.tokens import _Cursor
from pipelines.extract.numbers.vocabulary import vocabulary


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
    none = _none_of(cur, i)
    if none is not None:
        return none
    qualifier, additional, j = _read_prefixes(cur, i)
    money = False
    if cur.low(j) in vocab.currency_prefixes:
        money, j = True, j + 1
    elif cur.low(j) in vocabulary().foreign_currencies:
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


def _none_of(cur: _Cursor, i: int) -> _Parse | None:
    """'none of the 21 CRCs', 'not one of the 21' -> 0 out of 21."""
    if cur.low(i) == "none":
        j = i + 1
    elif cur.low(i) == "not" and cur.low(i + 1) == "one":
        j = i + 2
    else:
        return None
    if cur.low(j) != "of":
        return None
    k = j + 2 if cur.low(j + 1) in _DEFINITE_BEFORE_RATIO else j + 1
    second = _parse_figure(cur, k)
    if second is None or second.value <= 0 or _looks_like_year(cur, second):
        return None
    figure = _Figure(0.0, i, second.end, True, form="ratio")
    return _Parse(i, second.end, figure, unit="ratio", numerator=0.0, denominator=second.value, form="ratio")


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
    # "more than half requiring improvement", "More than two thirds, or 69
    # per cent, of staff": a qualified fraction is a share without "of"
    # (but "over half an hour" measures time).
    qualified = qualifier in ("more_than", "less_than", "approx") and followed not in ("a", "an")
    if not (share_of or change_by or qualified):
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
    if not hyphenated:
        # "14 points out of a possible 24", "two inspection points out a possible 27"
        for words in (1, 2):
            if all(cur.at(j + n) is not None and cur.at(j + n).kind == "word" for n in range(words)) and (
                cur.low(j + words) == "out" and cur.low(j + words + 1) in ("of", "a", "an")
            ):
                j += words
                break
    if cur.low(j) == "out" and cur.low(j + 1) in ("a", "an") and cur.low(j + 2) in vocabulary().ratio_totals:
        k, kind = j + 3, "out_of"  # "out a possible 27"
    elif cur.match(j, ("out", "of")):
        k, kind = j + 2, "out_of"
        if cur.low(k) in ("a", "an") and cur.low(k + 1) in vocabulary().ratio_totals:
            k += 2
    elif cur.low(j) == "out" and _is_num(cur.at(j + 1)) or cur.low(j) == "out" and cur.low(j + 1) in vocabulary().cardinals:
        k, kind = j + 1, "out_of"  # "seven out 10"
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
    word, words = cur.low(j), vocabulary()
    # "a", "per", "each", "every" before the period are grammar; the periods are reference data.
    if word in ("a", "per", "each", "every") and cur.low(j + 1) in words.rate_words:
        if word == "every" and not parse.money:
            return j
        parse.rate = words.rate_words[cur.low(j + 1)]
        return j + 2
    if word in words.rate_adverbs and parse.money:
        parse.rate = words.rate_adverbs[word]
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
