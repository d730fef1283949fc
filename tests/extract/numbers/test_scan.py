"""The number normaliser: phrases as news text writes them -> value, unit,
qualifier. Pure functions, no spaCy."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.extract.numbers import parse_number_phrase, scan_quantities


def one(phrase: str):
    found = scan_quantities(phrase)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("phrase", "value", "unit"),
    [
        ("28,750 offenders", 28750, "count"),
        ("just 0.13%", 0.13, "percent"),
        ("17%", 17, "percent"),
        ("12 per cent lower than anticipated", 12, "percent"),
        ("vacancies running at 20 percent", 20, "percent"),
        ("a rise of 5pc", 5, "percent"),
        ("eight recommendations", 8, "count"),
        ("twenty-one companies", 21, "count"),
        ("two hundred and fifty thousand people", 250_000, "count"),
        ("a quarter of a million", 250_000, "count"),
        ("half a million offenders", 500_000, "count"),
        ("three quarters of a million pounds", 750_000, "gbp"),
        ("one and a half million", 1_500_000, "count"),
        ("a dozen offices", 12, "count"),
        ("1.5 million appointments", 1_500_000, "count"),
        ("£3.7bn", 3.7e9, "gbp"),
        ("£22 million a year", 22e6, "gbp"),
        ("£370,000", 370_000, "gbp"),
        ("£467m", 467e6, "gbp"),
        ("£500k", 500_000, "gbp"),
        ("GBP 22m", 22e6, "gbp"),
        ("22 million pounds", 22e6, "gbp"),
        ("50p", 0.5, "gbp"),
        ("٣٠٠ cases", 300, "count"),
    ],
)
def test_value_and_unit(phrase, value, unit):
    quantity = parse_number_phrase(phrase)
    assert quantity is not None
    assert quantity.value == pytest.approx(value)
    assert quantity.unit == unit


# --- the phrases quantulum3 got wrong ------------------------------------------


def test_billions_of_pounds_are_money_not_units_of_physics():
    found = scan_quantities("Seven-year probation contracts worth £3.7bn were given to companies")
    money = [q for q in found if q.unit == "gbp"]
    assert [(q.value, q.unit) for q in money] == [(3.7e9, "gbp")]
    # "Seven" is found too; that it is a duration is decided in metrics/filters.py.
    assert [q.value for q in found if q not in money] == [7]


def test_eight_out_of_ten_is_one_ratio_not_two_counts():
    quantity = one("Says eight out of 10 Community Rehabilitation Companies (CRCs) inspected")
    assert (quantity.value, quantity.unit) == (0.8, "ratio")
    assert (quantity.numerator, quantity.denominator) == (8, 10)


def test_a_quarter_of_a_million_is_one_count():
    quantity = one("which manage more than a quarter of a million offenders a year")
    assert (quantity.value, quantity.unit) == (250_000, "count")


@pytest.mark.parametrize(
    ("phrase", "qualifier"),
    [
        ("nearly 30,000 offenders", "approx"),
        ("almost 1,000 people", "approx"),
        ("Around 17%", "approx"),
        ("about 40 staff", "approx"),
        ("approximately 500 cases", "approx"),
        ("some 14% of those released", "approx"),
        ("more than a quarter of a million", "more_than"),
        ("over half of the cases inspected", "more_than"),
        ("at least 20 offices", "more_than"),
        ("40,000-plus offenders", "more_than"),
        ("under 40 cases", "less_than"),
        ("fewer than 30 staff", "less_than"),
        ("less than 12%", "less_than"),
        ("up to 200 per officer", "less_than"),
        ("just 0.13%", "exact"),
        ("only 40 cases were inspected", "exact"),
        ("28,750 offenders", "exact"),
    ],
)
def test_qualifiers(phrase, qualifier):
    assert one(phrase).qualifier == qualifier


def test_over_after_take_is_a_particle_not_a_qualifier():
    assert one("MTCnovo took over 21 CRCs").qualifier == "exact"


# --- ratios and fractions -----------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "value", "numerator", "denominator"),
    [
        ("eight out of 32 London boroughs", 0.25, 8, 32),
        ("two out of the 21 community rehabilitation companies", 2 / 21, 2, 21),
        ("one in five probation officers", 0.2, 1, 5),
        ("nine in 10 cases", 0.9, 9, 10),
        ("five of the 21 CRCs", 5 / 21, 5, 21),
        ("over half of the cases inspected", 0.5, 1, 2),
        ("a third of staff", 1 / 3, 1, 3),
        ("two-thirds of cases", 2 / 3, 2, 3),
        ("cut by a quarter.", 0.25, 1, 4),
    ],
)
def test_ratios_are_one_quantity(phrase, value, numerator, denominator):
    quantity = one(phrase)
    assert quantity.unit == "ratio"
    assert quantity.value == pytest.approx(value)
    assert (quantity.numerator, quantity.denominator) == (numerator, denominator)


def test_a_year_after_in_is_not_a_ratio():
    found = scan_quantities("40 cases in 2014")
    assert [q.value for q in found] == [40, 2014]
    assert all(q.unit == "count" for q in found)


def test_one_of_the_is_not_a_ratio():
    assert [q.value for q in scan_quantities("one of the 21 CRCs")] == [1, 21]


def test_ordinal_third_and_calendar_quarter_are_not_fractions():
    assert scan_quantities("a third report") == []
    assert [q.value for q in scan_quantities("the second half of 2019")] == [2019]
    assert [q.value for q in scan_quantities("the first quarter of 2019")] == [2019]


# --- changes, ranges, increments ------------------------------------------------


def test_change_gives_two_quantities_over_one_phrase():
    text = "the number of offices has been reduced from 40 to 27 raising concerns"
    before, after = scan_quantities(text)
    assert (before.value, before.role, after.value, after.role) == (40, "before", 27, "after")
    assert (before.char_start, before.char_end) == (after.char_start, after.char_end)
    assert text[before.char_start : before.char_end] == "from 40 to 27"


def test_unit_and_magnitude_written_once_apply_to_both_ends():
    low, high = scan_quantities("from 27 to 30%")
    assert (low.unit, high.unit) == ("percent", "percent")
    low, high = scan_quantities("between 3 and 5 million")
    assert (low.value, high.value, low.role, high.role) == (3e6, 5e6, "low", "high")


def test_by_x_to_y_is_a_change_and_its_result_not_a_range():
    found = scan_quantities("profits had fallen by £3m to £12m")
    assert [(q.value, q.role) for q in found] == [(3e6, None), (12e6, None)]


@pytest.mark.parametrize(
    "phrase", ["an extra 50,000 extra people", "40,000 more offenders", "a further £370,000", "another 20 posts"]
)
def test_increments_are_flagged(phrase):
    assert one(phrase).additional


def test_fewer_is_flagged():
    assert one("35,000 fewer staff").fewer


def test_rates():
    assert one("£22 million a year").rate == "year"
    assert one("£100 per week").rate == "week"


# --- what is not a quantity at all ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Thousands of criminals",
        "Tens of thousands of offenders",
        "hundreds of millions of pounds",
        "a fourth report",
        "the 12th report",
        "at 10am",
        "Updated 10:45 GMT",
        "17.45 GMT",
        "Call 0300 123 4567",
        "+44 20 7946 0000",
        "the 1990s",
        "under-18s",
        "Covid-19",
        "in 2016-17",
        "24/7 support",
        "15/12/2016",
        "SW1H 9AJ",
        "a $5bn contract",
        "€300m",
        "5k run",
    ],
)
def test_not_quantities(text):
    assert scan_quantities(text) == []


# --- robustness ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1" * 500,
        "9" * 400 + " trillion",
        "£" + "9" * 308 + "bn",
        "million million million billion",
        "\x00\x01\x02 12 \x7f",
        "1,2,3,4.5.6",
        "one " * 2000,
        "٣٬٠٠٠ ١٢٣",
        "½ ² ³ ⅓",
        "--- %%% £££ out of of of in in",
        "from from to to between and",
    ],
)
def test_odd_input_never_raises_and_gives_finite_values(text):
    for quantity in scan_quantities(text):
        assert math.isfinite(quantity.value)
        assert 0 <= quantity.char_start <= quantity.core_start < quantity.core_end <= quantity.char_end <= len(text)


def test_non_string_input():
    assert scan_quantities(None) == []  # type: ignore[arg-type]
    assert parse_number_phrase("no figures here") is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789,.% £-/:abmkn ofoutinhalfthirdmilliontwenty")), max_size=60))
def test_fuzz_spans_and_values(text):
    for quantity in scan_quantities(text):
        assert math.isfinite(quantity.value)
        assert quantity.unit in ("count", "percent", "gbp", "ratio")
        assert quantity.qualifier in ("exact", "approx", "more_than", "less_than")
        assert 0 <= quantity.char_start < quantity.char_end <= len(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_fuzz_any_unicode(text):
    for quantity in scan_quantities(text):
        assert math.isfinite(quantity.value)
