"""Numeric facts ("metrics") of one document.

``numbers.scan_quantities`` finds and normalises every figure in the text;
this module decides which of them are facts about probation, and gives each
its measure, subject, provider and period from the sentence around it.

The document context carries the one parse of the text; nothing here runs
the pipeline again. The parse supplies sentence boundaries and, for context,
the counted noun and grammatical links; the figures themselves come from the
plain text, so a figure is found even where the parse is poor.

Where the line between a metric and a mere number is drawn (the gold
annotations' rules, generalised):
- a figure with a unit (%, £, "out of", "half of") is a metric;
- a figure in digits is a metric unless it is a date or year, a clock time,
  a duration or an age ("seven-year contracts", "12 months or less", "aged
  18"), a label or position ("Report 2", "page 3"), a list marker ("1.
  Ensure"), a count of page furniture ("3 comments"), or stands alone with
  no statement around it ("Shares 1,234");
- a figure in words is a metric when it is ten or more, or when it counts a
  countable thing of probation ("six recommendations") and is not a
  reference back ("the two organisations"); "one" alone never is;
- figures in reader comments and page furniture sections are not facts.

Ratios carry their terms: "eight out of 10" -> 0.8 with 8 and 10, "over
half" -> 0.5 with 1 and 2. A change ("reduced from 40 to 27") or a range
gives two rows over one span, with ":before"/":after" (":low"/":high")
ending the metric_id and "_before"/"_after" ending the measure.

``provider_id`` is the provider named in the figure's own clause, nearest
in the parse (a provider only listed beside a count of providers, "the NPS
and 21 CRCs", is not it); failing that, the provider "the company" or a
subject "It" refers back to; else null.

``period`` is always ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD) or null: the
date in the figure's own clause, resolved against the document's published
date when the text omits the year ("At the end of September, a total of
258,157 offenders..." in a document dated 2016-12-15 -> "2016-09"; "last
year" -> the year before). A date whose year cannot be known gives null
rather than a free-text phrase, so the column stays machine-readable; the
phrase itself remains in ``sentence``."""

from __future__ import annotations

import math
import re

from pipelines.extract.context import DocumentContext
from pipelines.extract.metrics.filters import _non_metric_reason, _rated_without_noun
from pipelines.extract.metrics.measures import _measure
from pipelines.extract.metrics.nouns import _counted_noun, _elided_noun, _noun_of_number_phrase, _noun_phrase_text
from pipelines.extract.metrics.patterns import _SKIPPED_SECTIONS
from pipelines.extract.metrics.periods import _period
from pipelines.extract.metrics.provider import _provider
from pipelines.extract.metrics.state import _MetricState
from pipelines.extract.numbers import Quantity, scan_quantities, vocabulary

# "£5m for the project a year": the periods a rate is stored in (number_words.yaml
# rate_words' periods, in their order); "a", "per", "each" before them are grammar.
_RATE_AFTER_NOUN = re.compile(
    r"\s+(?:a|per|each)\s+(" + "|".join(map(re.escape, dict.fromkeys(vocabulary().rate_words.values()))) + r")\b")


def extract_metrics(context: DocumentContext) -> list[dict]:
    """Every numeric fact in the document, one dict per metrics row."""
    state = _MetricState.build(context)
    state.set_figures(scan_quantities(context.text))
    rows: dict[str, dict] = {}
    for quantity in state.figures:
        row = _row(state, quantity)
        if row is not None and row["metric_id"] not in rows:
            rows[row["metric_id"]] = row
    return sorted(rows.values(), key=lambda r: (r["char_start"], r["char_end"], r["metric_id"]))


def _row(ctx: _MetricState, q: Quantity) -> dict | None:
    section = ctx.document.section_at(q.char_start)
    if section is not None and section.kind in _SKIPPED_SECTIONS:
        return None
    found = ctx.sentence_of(q.core_start)
    sentence = (min(found[0], q.char_start), max(found[1], q.char_end))
    noun = _counted_noun(ctx, q, sentence)
    if _non_metric_reason(ctx, q, noun, sentence):
        return None
    noun = _rated_without_noun(ctx, q, sentence) or noun
    char_start, char_end = q.char_start, q.char_end
    rate = q.rate
    if noun is not None and noun.idx + len(noun.text) > char_end and noun.idx - char_end <= 60:
        char_end = noun.idx + len(noun.text)
        rate_match = _RATE_AFTER_NOUN.match(ctx.text[char_end:])
        if rate_match and rate is None:
            rate, char_end = rate_match.group(1), char_end + rate_match.end()
    about = noun or _elided_noun(ctx, q, sentence) or _noun_of_number_phrase(ctx, q, sentence)
    provider_id, provider_text = _provider(ctx, q, sentence, about)
    suffix = f":{q.role}" if q.role else ""
    row = {
        "metric_id": f"{ctx.document.document_id}:{char_start}-{char_end}{suffix}",
        "document_id": ctx.document.document_id,
        "provider_id": provider_id,
        "inspection_id": None,
        "subject": provider_text or _noun_phrase_text(ctx, about, q),
        "measure": _measure(ctx, q, about, sentence, rate),
        "value": float(q.value),
        "unit": q.unit,
        "numerator": _finite_or_none(q.numerator),
        "denominator": _finite_or_none(q.denominator),
        "qualifier": q.qualifier,
        "period": _period(ctx, q, sentence),
        "text": ctx.text[char_start:char_end],
        "char_start": char_start,
        "char_end": char_end,
        "sentence": ctx.text[sentence[0] : sentence[1]],
    }
    return row if math.isfinite(row["value"]) else None


def _finite_or_none(value: float | None) -> float | None:
    return float(value) if value is not None and math.isfinite(value) else None
