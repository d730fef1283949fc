"""Several reports named in one sentence, one row each (inspections/listings.py)."""

from __future__ import annotations

from datetime import date

from tests.extract.inspections.helpers import document


def test_units_inspected_together_and_listed_are_one_report_each(extract):
    text = ("Probation units told to improve\n\n"
            "HM Inspectorate of Probation found staff workloads too high when inspecting the probation units in "
            "Oldham, Bolton and Stockport.\n")
    found = extract(document(text, published=date(2023, 6, 1)))
    assert sorted(m.area for m in found) == ["Bolton", "Oldham", "Stockport"]
    # Each keeps its own evidence: the listing up to its place.
    assert sorted(m.text.rsplit(" ", 1)[-1] for m in found) == ["Bolton", "Oldham", "Stockport"]
    assert len({(m.char_start, m.char_end) for m in found}) == 3


def test_one_area_whose_name_is_a_list_is_one_report(extract):
    text = ("Probation concerns\n\n"
            "An inspection of probation services in Kent, Surrey and Sussex has raised concerns over staffing.\n")
    assert [m.area for m in extract(document(text))] == ["Kent, Surrey and Sussex"]


def test_two_named_areas_joined_by_and_are_not_split(extract):
    text = ("Probation concerns\n\n"
            "An inspection of probation services in Warwickshire and West Mercia has raised concerns over children.\n")
    assert len(extract(document(text))) == 1


def test_local_units_each_given_a_rating_are_one_report_each(extract):
    text = ("Probation services rated\n\n"
            "Tameside PDU has been judged inadequate while Wigan PDU \"requires improvement\", inspectors have said.\n")
    found = extract(document(text))
    assert sorted(m.subject_name for m in found) == ["Tameside PDU", "Wigan PDU"]
    assert {m.inspection_type for m in found} == {"pdu"}


def test_one_unit_rated_twice_is_one_report(extract):
    text = ("Probation service rated\n\n"
            "Tameside PDU was rated inadequate for leadership and inadequate overall, inspectors have said.\n")
    assert [m.subject_name for m in extract(document(text))] == ["Tameside PDU"]


def test_an_independent_serious_further_offence_review_of_a_named_case_is_a_row(extract):
    text = ("Review published\n\n"
            "HM Inspectorate of Probation has published an independent serious further offence review of the case "
            "of Damien Bendall, which found serious failings.\n")
    (found,) = extract(document(text, published=date(2023, 1, 24)))
    assert (found.inspection_type, found.title) == (
        "sfo_review", "Independent serious further offence review: Damien Bendall")
    assert (found.published_date, found.date_precision) == (date(2023, 1, 24), "day")


def test_a_probation_services_own_serious_further_offence_review_is_no_inspection(extract):
    text = ("Killer was under supervision\n\n"
            "A serious further offence review was carried out by the probation service after the killing.\n")
    assert extract(document(text, published=date(2023, 1, 24))) == []


def test_a_prisons_report_on_a_listing_page_is_that_inspectorates_row_of_its_prison(extract):
    from pipelines.resolve.inspections import merge_inspections

    text = ("Category Archives: Inspections\n\n"
            "Wandsworth prison 'overcrowded and unsafe'\n\n"
            "HMP Wandsworth was overcrowded and unsafe, said Peter Clarke, HM Chief Inspector of Prisons. Today HM "
            "Inspectorate of Prisons published the report of an unannounced inspection of the London jail. … Continue "
            "Reading\n\n"
            "Kent probation services improving say inspectors\n\n"
            "Probation services in Kent were improving, said Dame Glenys Stacey, HM Chief Inspector of Probation. Today "
            "she published the report of an inspection of probation work in Kent. … Continue Reading\n")
    rows, _ = merge_inspections({"doc": extract(document(text, published=date(2019, 7, 1)))})
    by_inspectorate = {r["inspectorate"]: r for r in rows}
    assert set(by_inspectorate) == {"HM Inspectorate of Prisons", "HM Inspectorate of Probation"}
    prison = by_inspectorate["HM Inspectorate of Prisons"]
    assert (prison["title"], prison["inspection_id"]) == ("HM Inspectorate of Prisons inspection: HMP Wandsworth",
                                                          "hmi-prisons-2019-hmp-wandsworth")
    assert by_inspectorate["HM Inspectorate of Probation"]["title"] == "An inspection of probation services in: Kent"
