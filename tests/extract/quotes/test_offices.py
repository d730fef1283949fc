"""Office holders (refdata/office_holders.yaml): every holder has a source and
dates, and a role named without the person resolves to the holder on a date."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.extract.quotes.offices import article_date, holder_of, offices, read_role


def test_every_holder_has_a_source_and_a_start_or_a_note():
    assert len(offices()) >= 20
    for office in offices():
        assert office.holders, office.office_id
        for holder in office.holders:
            assert holder.source.strip(), (office.office_id, holder.name)


def test_holders_of_an_office_are_in_order():
    for office in offices():
        starts = [h.start[0] for h in office.holders if h.start is not None]
        assert starts == sorted(starts), office.office_id


@pytest.mark.parametrize(
    ("role", "day", "name"),
    [
        ("the Chief Inspector", date(2016, 8, 1), "Glenys Stacey"),
        ("the chief inspector of probation", date(2020, 7, 1), "Justin Russell"),
        ("the Inspector", date(2014, 12, 1), "Paul McDowell"),
        ("HM Chief Inspector of Probation", date(2025, 3, 18), "Martin Jones"),
        ("the former chief inspector", date(2020, 7, 1), "Glenys Stacey"),
        ("the Justice Secretary", date(2018, 7, 27), "David Gauke"),
        ("Napo General Secretary", date(2022, 1, 10), "Ian Lawrence"),
    ],
)
def test_a_role_is_the_holder_on_the_date(role, day, name):
    reading = read_role(role)
    assert reading is not None
    assert holder_of(reading, day).name == name


def test_an_interim_holder_counts():
    assert holder_of(read_role("the chief inspector"), date(2015, 6, 1)).name == "Paul Wilson"


@pytest.mark.parametrize("role", ["the deputy chief inspector", "a lead inspector", "the editor"])
def test_not_an_office_in_the_reference_data(role):
    assert read_role(role) is None


def test_ambiguous_chief_inspector_follows_the_body_the_article_names():
    reading = read_role("the chief inspector", frozenset({"HM Inspectorate of Prisons"}))
    assert reading.office.organisation == "HM Inspectorate of Prisons"


def test_article_date_is_published_else_latest_mentioned():
    assert article_date(date(2019, 4, 17), [(2013, None, None)]) == date(2019, 4, 17)
    assert article_date(None, [(2013, 5, None), (2016, None, None)]) == date(2016, 7, 1)
    assert article_date(None, []) is None


def test_an_ambiguous_role_needs_its_organisation_named_unless_it_is_the_inspectorates():
    assert read_role("the union's general secretary") is None
    reading = read_role("the union's general secretary", frozenset({"Napo"}))
    assert holder_of(reading, date(2019, 3, 28)).name == "Ian Lawrence"
    assert read_role("the chief executive") is None
    assert read_role("the chief inspector").office.organisation == "HM Inspectorate of Probation"


def test_an_organisations_possessive_role():
    reading = read_role("the Howard League’s chief executive")
    assert holder_of(reading, date(2020, 6, 1)).name == "Frances Crook"
