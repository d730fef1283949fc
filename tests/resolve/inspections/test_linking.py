"""Tying a span to the inspection it is about (inspections/linking.py)."""

from __future__ import annotations

from datetime import date

from pipelines.read.document import Section
from pipelines.resolve.inspections import (
    link_inspection,
    merge_inspections,
)
from tests.extract.inspections.helpers import document


def test_link_by_sentence_paragraph_and_single_report(extract):
    text = ("Inspectors last inspected London probation services in 2014. Things were better then.\n\n"
            "Today's report on the London CRC found poor work. \"We are worried,\" a spokesman said.\n\n"
            "Staff said 200 cases were too many.\n\n"
            "A reader: \"this is a comment\"")
    comment_start = text.index("A reader")
    doc = document(text, date(2016, 12, 15), sections=[Section(0, "article", 0, comment_start),
                                                       Section(1, "comment", comment_start, len(text))])
    mentions = extract(doc)
    rows, mapping = merge_inspections({"doc": mentions})
    current = next(r["inspection_id"] for r in rows if r["published_date"] == date(2016, 12, 15))
    earlier = next(r["inspection_id"] for r in rows if r["published_date"] == date(2014, 1, 1))

    def link(fragment: str) -> str | None:
        start = text.index(fragment)
        return link_inspection(doc, start, start + len(fragment), mentions, mapping)

    assert link("Things were better then") == earlier  # same paragraph as the 2014 inspection
    assert link("We are worried") == current  # same paragraph
    assert link("200 cases") == current  # the article reports one current inspection
    assert link("this is a comment") is None  # reader comments are not tied by default


def test_an_earlier_report_recalled_in_a_clause_does_not_claim_the_words_before_it(extract):
    text = ("The Kent CRC, which supervises 12,000 offenders, has improved since an inspection in 2016 found 40 cases "
            "unsafe.\n\nToday's report on the Kent CRC found good work.")
    doc = document(text, date(2018, 2, 8))
    mentions = extract(doc)
    rows, mapping = merge_inspections({"doc": mentions})
    by_year = {r["published_date"].year: r["inspection_id"] for r in rows if r["published_date"]}

    def link(fragment: str) -> str | None:
        start = text.index(fragment)
        return link_inspection(doc, start, start + len(fragment), mentions, mapping)

    assert set(by_year) == {2016, 2018}
    assert link("12,000 offenders") == by_year[2018]  # the CRC now: the report of the day
    assert link("40 cases") == by_year[2016]  # inside the clause that recalls 2016
