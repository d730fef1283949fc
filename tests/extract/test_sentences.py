"""The one sentence splitter: sentences cut at paragraph ends, in linear time."""

from __future__ import annotations

import time

from pipelines.extract.quotes import scan_quotation_marks
from pipelines.extract.sentences import (
    cut_at_paragraphs,
    punctuation_sentences,
    sentence_around,
    sentence_spans,
    starts_outside_quotations,
)
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


def _starts_outside_quotations(text: str) -> list[str]:
    """The sentences the quotation rules read in a one-paragraph ``text``."""
    quotes = [(q.open_at, q.close_at) for q in scan_quotation_marks(text, 0, len(text))]
    starts = starts_outside_quotations(text, punctuation_sentences(text), 0, len(text), quotes)
    cuts = [0, *starts, len(text)]
    return [text[a:b].strip() for a, b in zip(cuts, cuts[1:])]


def test_a_quotation_of_several_sentences_is_one_stretch_of_its_sentence():
    text = 'Mr Russell said: "We found failings. Staff were overworked." The trust agreed.'
    assert _starts_outside_quotations(text) == [
        'Mr Russell said: "We found failings. Staff were overworked."',
        "The trust agreed.",
    ]


def test_sentences_outside_quotations_keep_their_breaks():
    text = 'The report was published. It said "most cases were late". Managers disagreed.'
    assert _starts_outside_quotations(text) == [
        "The report was published.",
        'It said "most cases were late".',
        "Managers disagreed.",
    ]


def test_a_quotation_left_open_at_the_paragraph_end_joins_every_later_break():
    text = 'She said: "The service is failing. It must change. We will act.'
    assert _starts_outside_quotations(text) == [text]


def test_a_sentence_that_starts_at_an_opening_mark_is_kept():
    text = 'Inspectors were blunt. "Nothing has improved," they wrote.'
    assert _starts_outside_quotations(text) == ["Inspectors were blunt.", '"Nothing has improved," they wrote.']


def test_a_cut_before_a_dash_or_a_lower_case_word_is_joined():
    text = 'Staff were stretched. "Cases waited." - Justin Russell. and so on.'
    sentences = [(0, 22), (22, 38), (38, 56), (56, len(text))]
    assert starts_outside_quotations(text, sentences, 0, len(text), [(22, 36)]) == [22]


def test_only_starts_inside_the_paragraph_count():
    text = "Aaaa aaaa Bbbb bbbb Cccc cccc Dddd dddd "
    sentences = [(0, 10), (10, 20), (20, 30), (30, 40)]
    assert starts_outside_quotations(text, sentences, 10, 30, []) == [20]
    assert starts_outside_quotations(text, sentences, 0, 40, [(5, 25)]) == [30]
    assert starts_outside_quotations(text, sentences, 0, 40, [(5, 12), (25, None)]) == [20]


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
