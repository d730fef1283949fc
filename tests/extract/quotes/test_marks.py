"""Quotation marks paired within a paragraph (quotes/marks.py)."""

from __future__ import annotations

import pytest

from pipelines.extract.quotes import count_words, scan_quotation_marks


def quoted(text: str) -> list[str]:
    return [text[m.start : m.end] for m in scan_quotation_marks(text, 0, len(text))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('He said "the service is failing badly" today.', ["the service is failing badly"]),
        ("He said “the service is failing badly” today.", ["the service is failing badly"]),
        ("He said ‘the service is failing badly’ today.", ["the service is failing badly"]),
        ("He said 'the service is failing badly' today.", ["the service is failing badly"]),
    ],
)
def test_straight_and_curly_double_and_single_marks(text, expected):
    assert quoted(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The company's performance was poor and offenders' needs were not met.",
        "Napo, the probation workers’ union, said nothing about MTCNovo’s model.",
        "It's clear the CRC's caseloads are too high.",
    ],
)
def test_apostrophes_are_not_quote_marks(text):
    assert quoted(text) == []


def test_possessive_plural_inside_a_single_quoted_quotation():
    text = "She said 'the offenders' needs were ignored by the company' yesterday."
    assert quoted(text) == ["the offenders' needs were ignored by the company"]


def test_a_nested_quotation_stays_inside_its_enclosing_quote():
    text = 'They \'were often "fire-fighting" rather than delivering a service\'.'
    assert quoted(text) == ['were often "fire-fighting" rather than delivering a service']


def test_an_unclosed_quote_runs_to_the_end_of_its_paragraph_only():
    text = 'Dame Glenys said: "Services are now well below what people expect.'
    assert quoted(text) == ["Services are now well below what people expect."]


def test_word_count_ignores_punctuation_and_keeps_hyphenated_words_whole():
    assert count_words("well-developed") == 1
    assert count_words("serious design flaws") == 3
