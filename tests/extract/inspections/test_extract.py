"""Which reports an article names, their dates, types and areas (inspections/extract.py
and the reader, clusters and building it runs). Texts are written for the tests."""

from __future__ import annotations

from datetime import date

from pipelines.extract.inspections import extract_inspection_mentions
from pipelines.resolve.inspections import link_inspection, merge_inspections
from tests.documents import context
from tests.extract.inspections.helpers import AREA_REPORT, document


def test_area_report_with_date_lead_inspector_and_previous_inspection(extract):
    found = extract(document(AREA_REPORT, published=date(2019, 3, 14)))
    current = [m for m in found if m.status == "current"]
    previous = [m for m in found if m.status == "previous"]
    assert len(current) == 1 and len(previous) == 1
    report = current[0]
    assert (report.published_date, report.date_precision) == (date(2019, 3, 14), "day")
    assert report.inspection_type == "area"
    assert report.area == "Dorset, Devon and Cornwall"
    assert report.provider_ids == ("ddc-crc",)
    assert report.lead_inspector == "Glenys Stacey"
    assert report.inspectorate == "HM Inspectorate of Probation"
    assert report.headline_finding.startswith("A privately run probation company")
    assert report.title == "An inspection of Dorset, Devon and Cornwall Community Rehabilitation Company"
    earlier = previous[0]
    assert (earlier.published_date, earlier.date_precision) == (date(2016, 1, 1), "year")
    assert earlier.provider_ids == ("ddc-crc",)
    # "will be back in 2020" is a plan, not a publication.
    assert all(m.published_date is None or m.published_date.year != 2020 for m in found)


def test_today_without_a_document_date_gives_no_date(extract):
    found = extract(document(AREA_REPORT))
    assert [m.published_date for m in found if m.status == "current"] == [None]


def test_relative_publication_dates(extract):
    text = ("Her annual report, published on Thursday, says probation is failing.\n\n"
            "Last month the watchdog published a thematic report on the supervision of women.")
    found = extract(document(text, published=date(2019, 3, 16)))  # a Saturday
    by_type = {m.inspection_type: m for m in found}
    assert (by_type["annual_report"].published_date, by_type["annual_report"].date_precision) == (date(2019, 3, 14), "day")
    assert by_type["annual_report"].area == "England and Wales"
    assert (by_type["thematic"].published_date, by_type["thematic"].date_precision) == (date(2019, 2, 1), "month")
    assert by_type["thematic"].title == "Thematic inspection: supervision of women"


def test_month_resolved_against_the_document_date(extract):
    text = "The report on the Merseyside CRC, published in December, found poor practice."
    (found,) = extract(document(text, published=date(2017, 1, 20)))
    assert (found.published_date, found.date_precision) == (date(2016, 12, 1), "month")
    assert found.provider_ids == ("merseyside-crc",)


def test_joint_inspection_names_both_inspectorates(extract):
    text = ("Too many prisoners leave jail with nowhere to live, a joint inspection by HM Inspectorate of Probation "
            "and HM Inspectorate of Prisons has found.\n\nThe report, Through the Gate Resettlement Services, "
            "looked at the work of the CRCs.\n\nThe inspectorates will publish a follow-up report next year.")
    (found,) = extract(document(text, published=date(2017, 10, 4)))
    assert found.inspectorate == "HM Inspectorate of Probation and HM Inspectorate of Prisons"
    assert found.inspection_type == "joint_thematic"
    assert found.title == "Through the Gate Resettlement Services"


def test_archive_page_teasers_are_separate_publications(extract):
    text = ("Unpaid work not good enough, say inspectors\n\n"
            "Much unpaid work was poorly managed, said Paul Wilson, Chief Inspector of Probation. Today HM Inspectorate "
            "of Probation published a report on unpaid work, the most common requirement. … Continue Reading\n\n"
            "Offenders with learning disabilities being ignored\n\n"
            "Needs go unnoticed, according to independent inspectors. They have published the report of a joint "
            "inspection into people with learning disabilities in the criminal justice system. … Continue Reading\n")
    found = extract(document(text))
    assert [(m.title, m.inspection_type) for m in found] == [
        ("Thematic inspection: unpaid work", "thematic"),
        ("Joint thematic inspection: people with learning disabilities in the criminal justice system", "joint_thematic"),
    ]
    assert found[0].lead_inspector == "Paul Wilson"


def test_reports_by_others_and_generic_mentions_are_not_inspections(extract):
    text = ("Since then, inspectors have criticised several CRCs, and MPs on the Justice Committee published a "
            "report calling the reforms a mess. A report by the National Audit Office agreed.")
    assert extract(document(text, published=date(2019, 5, 1))) == []


def test_a_separate_report_in_the_same_article_is_its_own_inspection(extract):
    text = ("The Cheshire and Greater Manchester CRC was rated inadequate in a report published today.\n\n"
            "In a separate report published in January, the NPS North West division was rated good.")
    found = extract(document(text, published=date(2019, 3, 14)))
    assert sorted((m.published_date, m.provider_ids) for m in found) == [
        (date(2019, 1, 1), ("nps-north-west",)),
        (date(2019, 3, 14), ("cgm-crc",)),
    ]


def test_odd_input_never_raises(nlp):
    for text in ("", "report", "The report.", "Inspectors found. " * 3):
        doc = document(text)
        assert isinstance(extract_inspection_mentions(context(doc, nlp(text))), list)
        assert isinstance(extract_inspection_mentions(context(doc, None)), list)
    assert merge_inspections({}) == ([], {})
    assert link_inspection(document("x"), 0, 1, [], {}) is None
