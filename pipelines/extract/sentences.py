"""Sentences cut at paragraph ends, in time linear in the document.

The parser sometimes runs a headline or a list item into the next paragraph,
so every extractor that reads sentences cuts them at paragraph ends. Both
lists are sorted and their spans do not overlap, so one sweep pairs them: a
text of 50,000 short lines has 50,000 sentences and as many paragraphs, and
comparing every sentence with every paragraph made such a text hang a build.
"""

from __future__ import annotations

import bisect
import re
from typing import Iterable

Spans = list[tuple[int, int]]

# A sentence ends after terminal punctuation (and any closing quote or
# bracket) before a capital or figure, and at a blank line.
_OPENING_MARKS = "\"'“‘„‟«‚‛‹("
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n\s*\n")


def cut_at_paragraphs(sentences: Iterable[tuple[int, int]], paragraphs: Iterable[tuple[int, int]]) -> Spans:
    """Every non-empty overlap of a sentence with a paragraph, sorted and
    without repeats. Work is linear in the two lists and the overlaps."""
    sentences = sorted(sentences)
    paragraphs = sorted(paragraphs)
    pieces: set[tuple[int, int]] = set()
    first = 0  # the first paragraph that can still overlap a later sentence
    for start, end in sentences:
        while first < len(paragraphs) and paragraphs[first][1] <= start:
            first += 1
        i = first
        while i < len(paragraphs) and paragraphs[i][0] < end:
            lo, hi = max(start, paragraphs[i][0]), min(end, paragraphs[i][1])
            if lo < hi:
                pieces.add((lo, hi))
            i += 1
    return sorted(pieces)


def punctuation_sentences(text: str) -> Spans:
    """Sentences by punctuation, for a document without a usable parse."""
    spans, start = [], 0
    for m in _SENTENCE_BREAK.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def sentence_spans(text: str, paragraphs: Spans, parsed=None) -> Spans:
    """Sentence spans of ``text``: spaCy's when there is a parse (of this very
    text, as the document context checks), else a punctuation split; cut at
    paragraph ends when paragraphs are known."""
    spans: Spans = []
    if parsed is not None and parsed.has_annotation("SENT_START"):
        spans = [(s.start_char, s.end_char) for s in parsed.sents]
    if not spans:
        spans = punctuation_sentences(text)
    if not paragraphs:
        return spans
    return cut_at_paragraphs(spans, paragraphs)


def sentence_around(sentences: Spans, offset: int, text_len: int) -> tuple[int, int]:
    """The sentence holding ``offset`` (``sentences`` sorted and disjoint), else
    the whole text."""
    i = bisect.bisect_right(sentences, (offset, text_len + 1)) - 1
    if i >= 0 and sentences[i][0] <= offset < sentences[i][1]:
        return sentences[i]
    return 0, text_len


def starts_outside_quotations(
    text: str, sentences: Spans, start: int, end: int, quotations: Iterable[tuple[int, int | None]]
) -> list[int]:
    """The starts of ``sentences`` strictly inside the paragraph ``[start,
    end)`` that begin a sentence for attribution. Joined: a start inside an
    open quotation (the parser ends a sentence inside quoted speech, "We found
    failings. Staff were ...", and even before the closing mark, but a
    quotation is one stretch of the sentence that frames it), and a start at
    neither a capital, a figure nor an opening mark (the parser cuts
    ``"..." - Justin Russell`` before the dash that attributes the words). ``quotations`` are (opening mark, closing mark or
    None when the paragraph ends inside it), sorted and disjoint; a start at
    or before a closing mark is inside, one at the opening mark is not."""
    lo = bisect.bisect_left(sentences, (start + 1,))
    kept: list[int] = []
    spans = iter(quotations)
    current = next(spans, None)
    for first, _ in sentences[lo:]:
        if first >= end:
            break
        # Quotations closed before this start can hold no later start either.
        while current is not None and current[1] is not None and current[1] < first:
            current = next(spans, None)
        opens = text[first].isupper() or text[first].isdigit() or text[first] in _OPENING_MARKS
        if opens and (current is None or not current[0] < first):
            kept.append(first)
    return kept
