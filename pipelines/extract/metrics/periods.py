"""The period of a figure as ISO 8601, from the date in its own clause."""

from __future__ import annotations

import re

from pipelines.extract.metrics.provider import _governing_verb
from pipelines.extract.metrics.state import _MetricState
from pipelines.extract.numbers import Quantity
from pipelines.read.dates import DateMention, relative_year


def _period(ctx: _MetricState, q: Quantity, sentence: tuple[int, int]) -> str | None:
    """The date the figure's own clause gives ('At the end of September, a
    total of 258,157 offenders were on probation'), as ISO."""
    reference = ctx.document.reference_date
    figure = ctx.token_at(q.core_start)
    verb = _governing_verb(figure) if figure is not None else None
    resolved = []
    for d in ctx.dates:
        if not (sentence[0] <= d.char_start and d.char_end <= sentence[1]):
            continue
        if d.char_start < q.char_end and q.char_start < d.char_end:
            continue
        date_tok = ctx.token_at(d.char_end - 1)
        if verb is not None and date_tok is not None and _governing_verb(date_tok) != verb:
            continue
        iso = _with_relative_year(ctx.text, d, reference).resolve(reference).iso()
        if iso:
            resolved.append((abs(d.char_start - q.core_start), iso))
    if resolved:
        return min(resolved)[1]
    return _relative_period(ctx, sentence, verb, reference)


def _relative_period(ctx: _MetricState, sentence, verb, reference) -> str | None:
    """'... quit last year' in a document dated 2019 -> '2018'."""
    lowered = ctx.text[sentence[0] : sentence[1]].lower()
    for m in re.finditer(r"\b(this|last|next) year\b", lowered):
        year_tok = ctx.token_at(sentence[0] + m.end() - 1)
        if verb is not None and year_tok is not None and _governing_verb(year_tok) != verb:
            continue
        year = relative_year(m.group(0), reference)
        if year:
            return f"{year:04d}"
    return None


def _with_relative_year(text: str, d: DateMention, reference) -> DateMention:
    """'January last year' in a document dated 2019 -> January 2018."""
    if d.year is not None or reference is None:
        return d
    after = re.match(r"\s+(this year|last year|next year)\b", text[d.char_end : d.char_end + 20], re.I)
    year = relative_year(after.group(1), reference) if after else None
    if year is None:
        return d
    return DateMention(d.char_start, d.char_end, d.text, year, d.month, d.day)
