"""How a sentence states a rating: the forms that are one, with their
standard and whether it is a past one, and the forms that are not."""

from __future__ import annotations

import pytest

from tests.extract.ratings.helpers import facts


def test_rated_with_the_label_in_quotes(ratings):
    rows = ratings("Durham Tees Valley CRC was rated 'Inadequate' after a two-week inspection.")
    assert facts(rows) == {("durham-tees-valley-crc", "overall", "inadequate")}
    assert rows[0]["text"] == "Durham Tees Valley CRC was rated 'Inadequate'"


def test_rated_as(ratings):
    rows = ratings("Inspectors found that Cumbria and Lancashire CRC was rated as 'Good' overall.")
    assert facts(rows) == {("cumbria-and-lancashire-crc", "overall", "good")}


def test_a_rating_with_no_verb(ratings):
    rows = ratings('Probation in Borchester was praised, while Felpersham\'s service "requires improvement", inspectors said.')
    assert facts(rows) == {("felpersham-pdu", "overall", "requires_improvement")}
    assert rows[0]["area"] == "Felpersham"


def test_the_rating_as_a_modifier(ratings):
    rows = ratings(
        "Cumbria and Lancashire CRC has a new chief executive. "
        "She set out a plan to turn around the service's requires improvement rating."
    )
    assert facts(rows) == {("cumbria-and-lancashire-crc", "overall", "requires_improvement")}
    assert rows[0]["text"].endswith("requires improvement rating")


def test_a_second_rating_shares_the_subject_and_standard(ratings):
    rows = ratings(
        "Casterbridge Youth Offending Service was rated 'Good' overall. "
        "Its case supervision was mostly good and, in one respect, 'Outstanding,' the highest assessment."
    )
    assert facts(rows) == {
        ("casterbridge-yos", "overall", "good"),
        ("casterbridge-yos", "case supervision", "good"),
        ("casterbridge-yos", "case supervision", "outstanding"),
    }
    assert {r["standard_text"] for r in rows} == {None, "case supervision"}


def test_a_headline_rating(ratings):
    rows = ratings("Outstanding Casterbridge youth offending team receives top rating\n\nThe team works with 300 children.")
    assert facts(rows) == {("casterbridge-yos", "overall", "outstanding")}


def test_a_rating_inside_a_quotation(ratings):
    rows = ratings('The council leader said: "I am delighted that Casterbridge Youth Offending Service has been rated as \'outstanding\'."')
    assert facts(rows) == {("casterbridge-yos", "overall", "outstanding")}


def test_curly_quotes_and_capitals(ratings):
    rows = ratings("Budmouth Youth Offending Service was rated “Requires Improvement” and Melchester YOT was judged ‘INADEQUATE’.")
    assert facts(rows) == {("budmouth-yos", "overall", "requires_improvement"), ("melchester-yos", "overall", "inadequate")}


def test_a_standard_rating(ratings):
    rows = ratings("At Felpersham PDU, casework on assessing and managing risk was rated “inadequate”.")
    assert facts(rows) == {("felpersham-pdu", "assessing and managing risk", "inadequate")}


def test_a_standard_named_after_the_rating(ratings):
    rows = ratings("Felpersham PDU was rated 'Inadequate' for leadership and 'Good' for unpaid work.")
    assert facts(rows) == {("felpersham-pdu", "leadership", "inadequate"), ("felpersham-pdu", "unpaid work", "good")}


def test_a_previous_rating_restated(ratings):
    rows = ratings(
        "Felpersham PDU has improved. The PDU, which supervises 2,000 people, was previously rated “inadequate” in 2021."
    )
    assert len(rows) == 1
    assert rows[0]["is_previous"] and rows[0]["previous_year"] == 2021
    assert rows[0]["provider_id"] == "felpersham-pdu"


def test_standards_of_a_body_named_before(ratings):
    rows = ratings(
        "The youth offending service in Ambridge was rated 'Good'. "
        "Inspectors rated leadership as 'Outstanding' but court disposals as 'Requires improvement'."
    )
    assert facts(rows) == {
        ("Ambridge", "overall", "good"),
        ("Ambridge", "leadership", "outstanding"),
        ("Ambridge", "court disposals", "requires_improvement"),
    }


def test_a_rating_up_from_a_previous_one(ratings):
    rows = ratings("Felpersham PDU was rated 'Good', up from 'Requires improvement' at its last inspection.")
    assert {(r["rating"], r["is_previous"]) for r in rows} == {("good", False), ("requires_improvement", True)}


def test_a_rating_from_an_earlier_years_inspection(ratings):
    rows = ratings("Casterbridge YOT was rated 'Good'. This follows an inspection in 2019, when the service was rated 'Inadequate'.")
    assert {(r["rating"], r["is_previous"], r["previous_year"]) for r in rows} == {
        ("good", False, None), ("inadequate", True, 2019)
    }


@pytest.mark.parametrize(
    "text",
    [
        # Counts across unnamed services are metrics.
        "Of the 20 services inspected, 10 were rated 'Requires improvement' and four as 'Inadequate'.",
        "Half of youth offending services require improvement, the annual report says.",
        "Inspectors rated all three regions as 'Inadequate' in supporting people on probation to change.",
        "It inspected 24 PDUs, rating 10 as ‘Requires improvement’ and 14 as ‘Inadequate’.",
        # Descriptions are not ratings.
        "Cumbria and Lancashire CRC was good in parts, inspectors said.",
        "Unpaid work at Cumbria and Lancashire CRC is delivered to a good standard.",
        "Overall, work carried out by Cumbria and Lancashire CRC was good quality.",
        "Court reports at Cumbria and Lancashire CRC were generally good and sentencers were satisfied.",
        # Scores out of 27 are metrics.
        "Casterbridge Youth Offending Service scored 20 out of 27 in the inspection.",
        # A rating denied is not a rating.
        "Casterbridge Youth Offending Service was not rated 'Inadequate' this time.",
        # Another inspectorate's grades, and the prisons inspectorate's tests.
        "Ofsted rated the council's children's services, which run Casterbridge YOT, as 'Good'.",
        "Outcomes for prisoners at HMP Budmouth were rated reasonably good by inspectors.",
        "Felpersham PDU was inspected. Nationally, one service was rated 'Outstanding' and two 'Good'.",
        "Felpersham PDU was rated 'good' in five out of seven areas.",
        "Casterbridge YOT was praised for its 'outstanding' features.",
        # Bodies never rated on the scale: a probation trust, an owner company.
        "Hampshire Probation Trust was rated 'Good' by inspectors.",
        "Casterbridge YOT was previously rated 'Good' in 2015.",
        # The scale itself.
        "Felpersham PDU can be rated Outstanding, Good, Requires improvement or Inadequate.",
        "Ratings of Felpersham PDU range from 'Outstanding' to 'Inadequate'.",
        # No named body.
        "A service rated 'Good' can still improve.",
    ],
)
def test_not_ratings(ratings, text):
    assert ratings(text) == []
