"""The one sentence splitter: sentences cut at paragraph ends, in linear time."""

from __future__ import annotations

import time

from pipelines.extract.sentences import cut_at_paragraphs, sentence_around, sentence_spans
from pipelines.read.document import find_paragraphs


def _every_pair(sentences, paragraphs):
    """The definition the sweep must agree with: every overlap of every pair."""
    pieces = {
        (max(s, ps), min(e, pe)) for s, e in sentences for ps, pe in paragraphs if max(s, ps) < min(e, pe)
    }
    return sorted(pieces)


def test_sentences_are_cut_at_paragraph_ends():
    text = "A headline without a stop\nThe first sentence. The second one.\n\nA third."
    paragraphs = [(p.char_start, p.char_end) for p in find_paragraphs(text)]
    spans = sentence_spans(text, paragraphs)
    assert [text[s:e].strip() for s, e in spans] == [
        "A headline without a stop",
        "The first sentence.",
        "The second one.",
        "A third.",
    ]


def test_the_sweep_finds_every_overlap_a_full_comparison_would():
    sentences = [(0, 5), (5, 30), (30, 31), (31, 60), (60, 61)]
    paragraphs = [(0, 2), (3, 12), (12, 40), (45, 50), (55, 70)]
    assert cut_at_paragraphs(sentences, paragraphs) == _every_pair(sentences, paragraphs)
    nested = [(0, 50), (10, 20), (15, 60)]
    assert cut_at_paragraphs(sentences, nested) == _every_pair(sentences, nested)


def test_the_sentence_around_an_offset():
    sentences = [(0, 10), (10, 20), (25, 30)]
    assert sentence_around(sentences, 12, 40) == (10, 20)
    assert sentence_around(sentences, 22, 40) == (0, 40)  # between sentences: the whole text


def _seconds_to_split(lines: int) -> float:
    text = "\n".join(f"Line {i} of a long list." for i in range(lines))
    paragraphs = [(p.char_start, p.char_end) for p in find_paragraphs(text)]
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        spans = sentence_spans(text, paragraphs)
        best = min(best, time.perf_counter() - started)
    assert len(spans) == lines
    return best


def test_splitting_grows_linearly_with_the_number_of_lines():
    """A text of 50,000 short lines once hung a build: every sentence was
    compared with every paragraph. Four times the lines must cost at most
    eight times the time (linear work gives about 4x, quadratic 16x)."""
    small, large = _seconds_to_split(2_500), _seconds_to_split(10_000)
    assert large < 8 * small + 0.01, (small, large)
