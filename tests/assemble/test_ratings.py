"""The ratings table: each rating dated by its report, its article or the
year the text gives."""

from __future__ import annotations

from datetime import date

from tests.extract.ratings.helpers import table_rows


def test_a_past_rating_is_dated_by_the_year_the_text_gives(ratings):
    rating = ratings("Felpersham PDU was previously rated 'Inadequate' in 2021.")[0]
    row = table_rows(rating, date(2025, 3, 1))[0]
    assert (row["rated_date"], row["rated_date_precision"], row["inspection_id"]) == (date(2021, 1, 1), "year", None)


def test_a_new_rating_is_dated_by_the_article_reporting_it(ratings):
    rating = ratings("Felpersham PDU has been rated 'Good' by inspectors.")[0]
    assert table_rows(rating, date(2025, 3, 1))[0]["rated_date"] == date(2025, 3, 1)
    assert table_rows(rating, None)[0]["rated_date"] is None
