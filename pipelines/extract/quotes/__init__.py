"""Direct quotations in one document, and who said them.

One module per concept, in the order the work is done: ``marks`` pairs
quotation marks, ``paragraphs`` finds paragraphs, sentence breaks and
headlines, ``names`` indexes the people a document names, ``events`` finds
speech and finding verbs, ``resolution`` and ``phrases`` turn a phrase into a
speaker, ``attribution`` and ``headlines`` give each quotation its speaker,
and ``extract`` runs them over one document. The words that carry the domain
knowledge are in refdata/*.yaml (read by ``lexicon``).
"""

from pipelines.extract.quotes.candidate import MAX_FALLBACK_PARAGRAPHS, MIN_QUOTE_WORDS, QuoteCandidate, SpeakerRef
from pipelines.extract.quotes.extract import extract_quotes
from pipelines.extract.quotes.marks import count_words, scan_quotation_marks

__all__ = [
    "MAX_FALLBACK_PARAGRAPHS",
    "MIN_QUOTE_WORDS",
    "QuoteCandidate",
    "SpeakerRef",
    "count_words",
    "extract_quotes",
    "scan_quotation_marks",
]
