"""Is a figure a metric? The checks that set dates, durations, ages, labels and
list markers apart from facts."""

from __future__ import annotations

import functools
import re

from pipelines.extract.metrics.lexicon import _vocab
from pipelines.extract.metrics.nouns import _counted_noun, _noun_key
from pipelines.extract.metrics.patterns import (
    _BEFORE_A_YEAR,
    _CLOCK_TIME,
    _MONTH_BEFORE,
    _NEXT_WORD,
    _SMALL_WORD_LIMIT,
    _next_word_start,
)
from pipelines.extract.metrics.state import _MetricState
from pipelines.extract.numbers import Quantity, is_time_unit, vocabulary


def _non_metric_reason(ctx: _MetricState, q: Quantity, noun, sentence: tuple[int, int]) -> str | None:
    """Why a figure is not a fact about probation, or None when it is."""
    checks = (
        ("figure standing alone (page furniture)", _stands_alone),
        ("date", _is_date_or_year),
        ("duration or age", _is_duration_or_age),
        ("list marker", _is_list_marker),
        ("label", _is_label),
        ("advertising claim", _is_advertising),
        ("threshold of a category", _is_threshold),
    )
    for reason, check in checks:
        if check(ctx, q, noun, sentence):
            return reason
    if q.unit == "count" and q.form == "number":
        return _count_reason(ctx, q, noun, sentence)
    return None


def _stands_alone(ctx: _MetricState, q: Quantity, noun, sentence) -> bool:
    """'Shares 1,234', 'Comments\n\n312', '1 of 5' under a photo: a figure
    with no words around it but a label states nothing. '• 28,750 offenders'
    in a list does."""
    if q.explicit_unit:
        return False
    rest = ctx.text[sentence[0] : q.char_start] + " " + ctx.text[q.char_end : sentence[1]]
    words = re.findall(r"[^\W\d_]{2,}", rest)
    if not words:
        return True
    return len(words) == 1 and (noun is None or words[0] != noun.text)


def _is_date_or_year(ctx: _MetricState, q: Quantity, noun, sentence) -> bool:
    if q.explicit_unit or q.form in ("ratio", "fraction"):
        return False
    if q.bare and q.value <= 31 and _MONTH_BEFORE.search(ctx.text, max(0, q.char_start - 12), q.char_start):
        return True  # "on March 12"
    if _CLOCK_TIME.search(ctx.text, max(0, q.char_start - 12), q.char_end):
        return True  # "at 9.30"
    overlapping = [d for d in ctx.dates if d.char_start < q.core_end and q.core_start < d.char_end]
    if not overlapping:
        return False
    if any(d.month is not None for d in overlapping):
        return True  # a day or a year inside "15 December 2016"
    return not _is_count_not_year(ctx, q, noun)


def _is_count_not_year(ctx: _MetricState, q: Quantity, noun) -> bool:
    """'2000 offenders' counts; 'the 2016 recommendations' and 'in 2014' are years."""
    if noun is None or noun.tag_ not in ("NNS", "NNPS") or is_time_unit(noun.text):
        return False
    if noun.idx != _next_word_start(ctx.text, q.core_end):
        return False
    before = ctx.text[max(0, q.char_start - 12) : q.char_start].lower()
    return not _BEFORE_A_YEAR.search(before)


def _is_duration_or_age(ctx: _MetricState, q: Quantity, noun, sentence) -> bool:
    """'seven-year contracts', '12 months or less', "12 month's supervision",
    'aged 18', 'Mr Grayling, 55, said'."""
    if q.explicit_unit:
        return False
    if any(_followed_by_time_unit(ctx.text, end) for end in (q.core_end, q.char_end)):
        return True
    if noun is not None and is_time_unit(noun.text):
        return True
    return _is_age(ctx.text, q)


def _followed_by_time_unit(text: str, offset: int) -> bool:
    following = _NEXT_WORD.match(text, offset)
    if not following:
        return False
    word = following.group(1)
    return is_time_unit(word) or is_time_unit(word.split("-")[0])


def _is_age(text: str, q: Quantity) -> bool:
    before = text[max(0, q.char_start - 12) : q.char_start].lower()
    if _vocab().age_before.search(before):
        return True
    # "since he was 16", "when she was 12": a person's age, the figure ending its clause.
    # Pronouns, the copula and the words that may end a clause are grammar, not the domain's words.
    if q.bare and re.search(r"\b(?:he|she|they|i|you|we)\s+(?:was|were|is|am|are|turned)\s*$", before):
        return bool(re.match(r"\s*(?:[.,;:!?)]|(?:and|or|but|when|at|in|years?|then)\b|$)", text[q.char_end : q.char_end + 8]))
    # An age in apposition to a name: "Mr Grayling, 55, said".
    name_before = re.search(r"[A-Z][a-z]+,\s$", text[max(0, q.char_start - 40) : q.char_start])
    return q.bare and name_before is not None and text[q.char_end : q.char_end + 1] == ","


def _is_list_marker(ctx: _MetricState, q: Quantity, noun, sentence) -> bool:
    if not q.bare:
        return False
    line_start = ctx.text.rfind("\n", 0, q.char_start) + 1
    before = ctx.text[line_start : q.char_start]
    after = ctx.text[q.core_end : q.core_end + 2]
    if re.fullmatch(r"[\s•*\-–(\[]*", before) and re.match(r"[.)\]](?:\s|$)", after + " "):
        return True
    return ctx.text[q.char_start - 1 : q.char_start] in "([" and after[:1] in ")]" and q.char_start > 0


def _is_advertising(ctx: _MetricState, q: Quantity, noun, sentence) -> bool:
    """'50% off your first month': page furniture selling something."""
    following = re.match(r"\s*([^\W\d_]+)", ctx.text[q.char_end : q.char_end + 20])
    return bool(following and following.group(1).lower() in _vocab().advertising)


def _is_threshold(ctx: _MetricState, q: Quantity, noun, sentence) -> bool:
    """'a score of 15 or above is rated Outstanding': a figure that only
    defines a category."""
    after = ctx.text[q.char_end : min(sentence[1], q.char_end + 120)].lower()
    return any(cue.search(after) for cue in _vocab().thresholds)


def _is_label(ctx: _MetricState, q: Quantity, noun, sentence) -> bool:
    """'Damning Probation Report 2', 'page 3 of 12', 'number one', 'Section 28'."""
    if q.form not in ("number", "ratio") or q.explicit_unit:
        return False
    before = ctx.text[max(sentence[0], q.char_start - 40) : q.char_start]
    word = re.search(r"([^\W\d_][\w’'.#-]*|#)\s*$", before)
    if word is None:
        return False
    preceding = word.group(1).rstrip(".").lower()
    if preceding in _vocab().labels:
        return True
    if not q.bare or q.form != "number":
        return False
    starts_sentence = not before[: word.start()].strip() or re.search(r"[.!?:;\"“”‘]\s*$", before[: word.start()])
    capitalised = word.group(1)[:1].isupper()
    return capitalised and not starts_sentence and not _is_function_word(preceding)


@functools.lru_cache(maxsize=None)
def _is_function_word(word: str) -> bool:
    vocab = vocabulary()
    qualifier_words = {w for phrase in vocab.qualifiers_before for w in phrase}
    return word in qualifier_words or word in vocab.currency_prefixes or word in {
        "in", "of", "to", "by", "and", "or", "at", "from", "with", "for", "on", "than", "since", "until",
    }


def _count_reason(ctx: _MetricState, q: Quantity, noun, sentence=None) -> str | None:
    vocab = _vocab()
    lemma = _noun_key(noun)
    if lemma and (lemma in vocab.non_metric or lemma.split()[-1] in vocab.non_metric):
        return "page furniture or text structure"
    if not q.in_words:
        return None
    if _counts_a_series(ctx, q):
        return None  # "the fourth of six": the six counts the series
    rated_directly = _rated_after(ctx, q.char_end)
    rated = rated_directly or (noun is not None and 0 <= noun.idx - q.char_end <= 40 and _rated_after(ctx, noun.idx + len(noun.text)))
    if rated_directly and sentence is not None:
        # "Of the 16 services inspected, eight required improvement": the
        # number counts the noun counted earlier in the sentence.
        lemma = _counted_earlier(ctx, q, sentence) or lemma
    if q.value == 1 and not (rated and lemma and _ends_with_any(lemma, vocab.countable)):
        return "'one' is a determiner, not a figure"
    if q.value >= _SMALL_WORD_LIMIT:
        return None
    previous = re.search(r"([^\W\d_]+)\W*$", ctx.text[max(0, q.char_start - 20) : q.char_start])
    if previous and previous.group(1).lower() in vocab.definite and not rated and not _defined_after(ctx, noun):
        return "refers back to things already counted"
    if not lemma or not _ends_with_any(lemma, vocab.countable):
        return "small number of a generic noun"
    return None


def _counted_earlier(ctx: _MetricState, q: Quantity, sentence) -> str:
    """The countable noun the nearest earlier count of the sentence counts."""
    return _noun_key(_counted_earlier_noun(ctx, q, sentence))


def _counted_earlier_noun(ctx: _MetricState, q: Quantity, sentence):
    for other in reversed(ctx.figures_in(sentence)):
        if other.core_start >= q.core_start or other.unit != "count":
            continue
        noun = _counted_noun(ctx, other, sentence)
        key = _noun_key(noun)
        if key and _ends_with_any(key, _vocab().countable):
            return noun
    return None


def _rated_without_noun(ctx: _MetricState, q: Quantity, sentence):
    """'Of the 16 services inspected, eight required improvement': the
    services counted earlier, for a number word given a rating straight after."""
    if not (q.in_words and q.unit == "count" and q.form == "number" and _rated_after(ctx, q.char_end)):
        return None
    return _counted_earlier_noun(ctx, q, sentence)


def _counts_a_series(ctx: _MetricState, q: Quantity) -> bool:
    """'the fourth of six', 'the last of 12 inspections'."""
    before = re.search(r"([^\W\d_]+)\s+of\s+$", ctx.text[max(0, q.char_start - 20) : q.char_start])
    return bool(before and before.group(1).lower() in _vocab().ordinals)


_RATED_GAP = re.compile(r"(?:\s*,\s*[A-Z][\w'’-]*(?:\s+(?:and\s+)?[A-Z][\w'’-]*)*\s*,)?[\s‘’'\"“”,(–-]*(?:was\s+|were\s+|is\s+|are\s+)?")


def _rated_after(ctx: _MetricState, end: int) -> bool:
    """Is what ends at ``end`` given a rating straight after ("eight required
    improvement", "One service 'Outstanding'", "one, Cardiff, was rated
    inadequate")?"""
    gap = _RATED_GAP.match(ctx.text, end)
    rest = ctx.text[gap.end() : gap.end() + 40].lower()
    return any(re.match(re.escape(p) + r"\b", rest) for p in _vocab().rating_phrases)


def _defined_after(ctx: _MetricState, noun) -> bool:
    """'the nine recommendations for improvement': words after the noun define
    it, so the figure is not a reference back."""
    if noun is None:
        return False
    following = re.match(r"\s+([^\W\d_]+)", ctx.text[noun.idx + len(noun.text) : noun.idx + len(noun.text) + 30])
    return bool(following and following.group(1).lower() in _vocab().defining)


def _ends_with_any(phrase: str, words) -> bool:
    return any(phrase == w or phrase.endswith(" " + w) for w in words)
