"""Patterns of the words that point to an inspection report, its status and its features."""

from __future__ import annotations

import calendar
import functools
import re

from pipelines.extract.quotes.lexicon import honorifics

_REPORT_NOUN = re.compile(r"(?<![\w-])(?:(?:re-?)?inspection|report|annual report|review)(?P<plural>s)?(?![\w-])", re.I)
_DISTINCT_BEFORE = re.compile(r"\b(?:separate|another|different|second|other|earlier)\s+(?:[\w-]+\s+)?$", re.I)
_NOT_REVIEW = re.compile(r"(?:thematic|joint|annual|inspectorate['’]?s?)\s+$", re.I)
_FUTURE_AFTER = re.compile(
    r"^\s+(?:will\s+(?:take\s+place|be\s+(?:published|carried\s+out|held|made))|is\s+(?:due|planned|scheduled)|"
    r"are\s+(?:due|planned|scheduled))\b",
    re.I,
)
_YEARS_AGO = re.compile(r"\b(?:(?:a|one|two|three|four|five|\d+)\s+years?\s+ago|(?:in|during)\s+an?\s+(?:earlier|previous)\s+"
                        r"(?:inspection|visit|report))\b", re.I)
_TODAYS = re.compile(r"\btoday['’]s\b", re.I)
_TOPIC_CUT = re.compile(
    r"\s*(?:[,;:!?]|\.(?:\s|$)|…|\s[-–—]\s|\s\((?=(?:which|who|that|published|covering|covered|see)\b)"
    r"|\s(?:which|that|but|where|when|after|because|found|finds|said|says|published|looking|carried|showed|shows|"
    r"was|were|is|are|has|have|had|will|would|could|should|in\s+(?:19|20)\d\d|on\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b)"
)
_NESTED_TOPIC = re.compile(
    r"^(?:an?|the|its|their|her|his)?\s*(?:(?:recent|new|latest|joint|thematic|inspectorate|follow-up|full|"
    r"independent|unannounced|announced)\s+)*(?:inspection|review|report)\s+(?:of|on|into)\s+",
    re.I,
)
_GIVEN_TITLE = re.compile(
    r"\b(?:[Tt]he|[Tt]oday['’]s|[Ii]ts|[Tt]heir|[Hh]er|[Hh]is)\s+(?:\w+\s+){0,2}?(?:report|review|inspection),\s+"
    r"(?P<title>[A-Z“‘\"'][^;\n]{3,160})"
    r"|\b(?:report|review|inspection)\s*,?\s+(?:entitled|titled|called)\s+(?P<title2>[^;\n]{3,160})"
)
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_RELATIVE_DATE = re.compile(
    r"\b(?:(?P<today>today)|(?P<yesterday>yesterday)|(?P<lastweek>last\s+week)|(?P<thisweek>this\s+week)"
    r"|(?P<thismonth>(?:earlier\s+)?this\s+month)|(?P<lastmonth>last\s+month)"
    r"|(?P<thisyear>(?:earlier\s+)?this\s+year)|(?P<lastyear>last\s+year)"
    r"|(?:on\s+|last\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b",
    re.I,
)
_BULLET = re.compile(r"^\s*(?:[–—•*·▪-]|\d{1,2}[.)])\s+")
_CONTINUE = re.compile(r"(?:Continue\s+Reading|Read\s+more|Read\s+the\s+full\s+(?:story|article|post))\s*[.→»]*\s*$", re.I)


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
