"""Dates: regressions found by the property tests (tests/test_properties.py)."""

from __future__ import annotations

from datetime import date

from pipelines.read.dates import find_dates


def test_29_february_without_a_year_resolves_to_the_latest_leap_year():
    mention = find_dates("on 29 February the inspectors returned")[0]
    assert mention.resolve(date(2019, 3, 1)).as_date() == date(2016, 2, 29)
    assert mention.resolve(date(2020, 3, 1)).as_date() == date(2020, 2, 29)
    assert mention.resolve(date(2000, 1, 1)).as_date() == date(1996, 2, 29)
