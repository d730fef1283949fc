"""Number phrases as news text writes them -> value, unit, qualifier.

``tokens`` reads a text, ``figures`` one figure, ``quantities`` what makes it
a quantity, ``pairs`` changes and ranges; ``scan`` (whose docstring says what
is and is not rejected here) runs them over a text. Words are in
``vocabulary``, read from refdata/number_words.yaml.
"""

from pipelines.extract.numbers.quantity import Quantity, Token
from pipelines.extract.numbers.scan import parse_number_phrase, scan_quantities
from pipelines.extract.numbers.vocabulary import is_time_unit, vocabulary

__all__ = ["Quantity", "Token", "is_time_unit", "parse_number_phrase", "scan_quantities", "vocabulary"]
