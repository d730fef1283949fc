"""Character patterns and small word sets of figures in text."""

from __future__ import annotations

import re

# Digits with optional thousands separators and decimals. Unicode digits are
# accepted (they are converted before float()); a token of digits that does
# not follow this grouping ("1,2", "3.30.45") is not a number.
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_TOKEN = re.compile(r"(?P<num>\d+(?:[,.]\d+)*)|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)|(?P<sym>\S)")

# The word sets below are grammar (prepositions, conjunctions, determiners),
# not the domain's words; other currencies are in refdata/number_words.yaml.
# Words that may follow a fraction closing a change ("cut by a third in 2017").
_AFTER_A_CHANGE = {
    "in", "on", "since", "from", "to", "over", "and", "but", "compared", "between", "than",
    "after", "before", "while", "during", "last", "this",
}
_DEFINITE_BEFORE_RATIO = {"the", "its", "their", "these", "those", "all", "every", "our", "his", "her"}
