"""Parts of speech, text patterns and text helpers the metric rules share."""

from __future__ import annotations

import re

from pipelines.read.dates import MONTHS

# Sections whose figures are not statements of fact by the document.
_SKIPPED_SECTIONS = {"comment", "boilerplate"}
_NOUN_POS = {"NOUN", "PROPN"}
# Tokens that may stand between a figure and the noun it counts
# ("21 privately-owned Community Rehabilitation Companies").
_MODIFIER_POS = {"ADJ", "ADV", "PUNCT", "CCONJ", "NOUN", "PROPN", "NUM", "PART"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_CONTENT_POS = {"NOUN", "PROPN", "ADJ", "VERB"}
# A number's nummod head is a noun even when the tagger mistakes it for a
# verb ("32 London boroughs" tagged VBZ); only these parts of speech are not.
_NOT_NOMINAL = {"ADP", "PUNCT", "NUM", "DET", "CCONJ", "SCONJ", "PART", "SYM", "SPACE"}
_SMALL_WORD_LIMIT = 10
_CUE_HALF_WEIGHT_GAP = 25

# Text patterns of the "is it a metric?" checks. Their words are grammar
# (prepositions of time, months), not the domain's: those are in
# refdata/measures.yaml and number_words.yaml.
_HYPHENATED_NOUN = re.compile(r"-([^\W\d_]+)")  # "2,000-word", "12-month"
_NEXT_WORD = re.compile(r"[\s-]*([^\W\d_]+(?:['’]s)?(?:-[^\W\d_]+)?)")
_MONTH_BEFORE = re.compile(r"\b(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?\s+$", re.I)
_CLOCK_TIME = re.compile(
    r"\b(?:at|by|from|until|till|before|after|around|about)\s+(?:[01]?\d|2[0-3])[.:][0-5]\d$", re.I
)
# Words before a four-digit number that make it a year ("in 2014", "the 2016 recommendations").
_BEFORE_A_YEAR = re.compile(
    r"(?:\b(?:in|since|by|until|from|of|the|to|and|before|after|during|mid|early|late|between)|['’]s|[-–])\s*$"
)
_SPACES = re.compile(r"\s*")


def _next_word_start(text: str, offset: int) -> int:
    return _SPACES.match(text, offset).end()
