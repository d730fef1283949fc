"""The ratings of one document: the scale's years, page furniture, repeats,
and an error that is the corpus's to report."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.extract.ratings import statements
from pipelines.read.model import Section
from tests.documents import article
from tests.extract.ratings.helpers import table_rows_of


def test_nothing_is_rated_before_the_scale_existed(extract):
    document = article("Felpersham PDU was rated 'Good' by inspectors.", published=date(2016, 5, 1))
    assert extract(document) == []


def test_a_year_after_the_rating_dates_it(extract):
    document = article("Felpersham PDU was rated 'Good' in 2019. It is now 'Inadequate'.", published=date(2024, 2, 1))
    rows = extract(document)
    assert {(r["rating"], r["is_previous"]) for r in rows} == {("good", True), ("inadequate", False)}
    dated = {r["rating"]: (r["rated_date"], r["rated_date_precision"]) for r in table_rows_of(rows, document)}
    assert dated == {"good": (date(2019, 1, 1), "year"), "inadequate": (date(2024, 2, 1), "day")}


def test_the_same_rating_stated_twice_is_one_row(ratings):
    rows = ratings("Casterbridge YOT rated 'Outstanding'\n\nCasterbridge Youth Offending Team was given the 'outstanding' rating.")
    assert len(rows) == 1


def test_page_furniture_rates_nothing(extract):
    from pipelines.read.model import Section
    text = "Felpersham PDU was inspected.\n\nRelated: Casterbridge YOT rated 'Good'"
    split = text.index("Related")
    document = article(text, sections=[Section(0, "article", 0, split), Section(1, "boilerplate", split, len(text))])
    assert extract(document) == []



def test_an_error_of_the_rules_propagates(extract, monkeypatch):
    """The corpus, not the extractor, turns it into the document's ingest error."""
    def fail(self):
        raise RuntimeError("rules broke")

    monkeypatch.setattr(statements.SentenceReader, "statements", fail)
    with pytest.raises(RuntimeError, match="rules broke"):
        extract(article("Felpersham PDU was rated 'Good' by inspectors."))
