"""Patterns of the words that point to an inspection report, its status and its features."""

from __future__ import annotations

import calendar
import functools
import re

from pipelines.extract.inspections.lexicon import lexicon
from pipelines.extract.quotes.lexicon import honorifics

# What stays here is grammar, not the domain's words: English expressions of
# time ("two years ago", "today's", "last month", weekdays) and list bullets.
# The report nouns and the words around them are in refdata/inspectorates.yaml
# (report_words, read through lexicon.py).
_YEARS_AGO = re.compile(r"\b(?:(?:a|one|two|three|four|five|\d+)\s+years?\s+ago|(?:in|during)\s+an?\s+(?:earlier|previous)\s+"
                        rf"(?:{'|'.join(map(re.escape, lexicon().visit_nouns))}))\b", re.I)
_TODAYS = re.compile(r"\btoday['’]s\b", re.I)
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_RELATIVE_DATE = re.compile(
    r"\b(?:(?P<today>today)|(?P<yesterday>yesterday)|(?P<lastweek>last\s+week)|(?P<thisweek>this\s+week)"
    r"|(?P<thismonth>(?:earlier\s+)?this\s+month)|(?P<lastmonth>last\s+month)"
    r"|(?P<thisyear>(?:earlier\s+)?this\s+year)|(?P<lastyear>last\s+year)"
    r"|(?:on\s+|last\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b",
    re.I,
)
_BULLET = re.compile(r"^\s*(?:[–—•*·▪-]|\d{1,2}[.)])\s+")


@functools.lru_cache(maxsize=1)
def _honorific_words() -> str:
    """The honorifics of refdata/speaker_titles.yaml as one alternation, longest first."""
    words = sorted({h.word for h in honorifics()}, key=len, reverse=True)
    return "|".join(re.escape(w) for w in words)


@functools.lru_cache(maxsize=1)
def _name_pattern() -> str:
    """A person's name as an article writes it after or before a title, with an honorific or not."""
    return rf"(?:(?:{_honorific_words()})\.?\s+)?[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?(?:\s+(?:Mac|Mc|O['’])?[A-Z][a-zA-Z'’-]+){{1,2}}"


@functools.lru_cache(maxsize=1)
def _honorific() -> re.Pattern:
    return re.compile(rf"^(?:{_honorific_words()})\.?\s+")
