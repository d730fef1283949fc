"""Which body a rating is about: a provider of the register, each name of a
list, a plural's places, or the place as the text writes it."""

from __future__ import annotations

from tests.extract.ratings.helpers import facts


def test_a_plural_covers_the_units_named_beside_it(ratings):
    rows = ratings(
        "Inspectors visited the probation units in Felpersham, Borchester and Loxley last spring. "
        "They concluded that all three units 'require improvement.'"
    )
    assert facts(rows) == {(p, "overall", "requires_improvement") for p in ("felpersham-pdu", "borchester-pdu", "loxley-pdu")}


def test_a_plural_after_its_list_of_places(ratings):
    rows = ratings("Felpersham, Borchester and Loxley PDUs were all rated 'Requires improvement' by inspectors.")
    assert facts(rows) == {(p, "overall", "requires_improvement") for p in ("felpersham-pdu", "borchester-pdu", "loxley-pdu")}


def test_a_numbered_plural_covers_the_providers_named_next(ratings):
    rows = ratings("Two probation services have been rated 'Inadequate'. Felpersham PDU and Borchester PDU were inspected in May.")
    assert facts(rows) == {("felpersham-pdu", "overall", "inadequate"), ("borchester-pdu", "overall", "inadequate")}


def test_a_named_list_gives_one_rating_per_service(ratings):
    rows = ratings("Four services 'Good' - Casterbridge, Sherton and Abbas, Budmouth, and Melchester.")
    assert facts(rows) == {(p, "overall", "good") for p in ("casterbridge-yos", "sherton-and-abbas-yos", "budmouth-yos", "melchester-yos")}


def test_a_list_of_one(ratings):
    rows = ratings("One service 'Inadequate' - Budmouth")
    assert facts(rows) == {("budmouth-yos", "overall", "inadequate")}


def test_others_holding_the_same_rating(ratings):
    rows = ratings("Budmouth YOT is the second youth offending team to be rated 'Outstanding' - Melchester being the other.")
    assert {(r["provider_id"], r["is_previous"]) for r in rows} == {("budmouth-yos", False), ("melchester-yos", True)}
    rows = ratings("Casterbridge Youth Offending Service is the third to be rated 'Outstanding', after Budmouth and Melchester.")
    assert {(r["provider_id"], r["is_previous"]) for r in rows} == {
        ("casterbridge-yos", False), ("budmouth-yos", True), ("melchester-yos", True)
    }


def test_bodies_named_together_share_the_rating(ratings):
    rows = ratings("Felpersham PDU, Borchester PDU and Loxley PDU each received the lowest rating ('Inadequate').")
    assert facts(rows) == {(p, "overall", "inadequate") for p in ("felpersham-pdu", "borchester-pdu", "loxley-pdu")}


def test_a_councils_service(ratings):
    rows = ratings("Budmouth City Council's youth offending team has been rated 'Good'.")
    assert facts(rows) == {("budmouth-yos", "overall", "good")}


def test_a_place_the_register_does_not_know_keeps_its_area(ratings):
    rows = ratings("Inspectors said the youth offending service in Ambridge was rated 'Good'.")
    assert [(r["provider_id"], r["area"], r["rating"]) for r in rows] == [(None, "Ambridge", "good")]
