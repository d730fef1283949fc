"""The document's own date in the forms real pages carry (issue 17)."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.read.document import find_paragraphs
from pipelines.read.layout import find_own_date


def _own(text: str):
    return find_own_date(text, find_paragraphs(text))


@pytest.mark.parametrize(("line", "expected"), [
    ("June 5, 2016", date(2016, 6, 5)),
    ("Wednesday, December 5, 2018", date(2018, 12, 5)),
    ("27 Jul 18", date(2018, 7, 27)),
    ("3 March 2016 - Immediate Release", date(2016, 3, 3)),
    ("Tuesday 5 March 2019 10:15 GMT", date(2019, 3, 5)),
    ("Wed 5 Dec 2018 00.01 GMT", date(2018, 12, 5)),
    ("05/12/2018 10:15:00", date(2018, 12, 5)),
    ("date 2023-02-09", date(2023, 2, 9)),
])
def test_a_dateline_gives_the_day(line, expected):
    text = f"Probation service praised by inspectors\n\n{line}\n\nInspectors have praised the service in a report.\n"
    assert _own(text) == (expected, "day")


def test_an_updated_stamp_gives_the_year_only():
    text = ("Race equality in probation\n\nWriter's picture\n\nUpdated: Oct 16, 2023\n\n"
            "Inspectors have found little progress.\n")
    assert _own(text) == (date(2023, 1, 1), "year")


def test_a_number_line_that_is_no_date_gives_nothing():
    text = "Probation figures\n\n12 Apples 18\n\nSome 300 people were supervised.\n"
    assert _own(text) is None


def test_a_continue_link_ends_a_paragraph():
    from pipelines.read.layout import continue_link

    assert continue_link().search("The report found poor work. Read more »")
    assert continue_link().search("Continue  reading...")
    assert continue_link().sub("", "Inspectors found poor work. Read the full story").strip() == "Inspectors found poor work."
    assert not continue_link().search("Read more about it below, she said.")
