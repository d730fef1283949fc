"""Identity, evidence, type and date rules of an inspection, each on short
sentences written for the test (issue 17)."""

from __future__ import annotations

from datetime import date

from tests.extract.inspections.helpers import document


def test_a_sentence_about_inspectors_in_general_is_no_inspection(extract):
    text = ("Probation under pressure\n\n"
            "Inspectors have long warned about staffing. The inspectorate said staff were working hard.\n")
    assert extract(document(text, published=date(2022, 5, 3))) == []


def test_a_report_named_without_a_subject_is_no_inspection(extract):
    text = "Staff anger\n\nA recent inspection report has found that morale is low across the service.\n"
    assert extract(document(text)) == []


def test_a_report_the_article_reports_as_new_takes_the_article_date(extract):
    text = ("Youth service rated outstanding\n\n"
            "A youth offending team has been rated outstanding following an inspection. "
            "Inspectors said Essex Youth Offending Service was outstanding in every area they looked at.\n")
    found = extract(document(text, published=date(2018, 12, 5)))
    assert len(found) == 1
    m = found[0]
    assert (m.inspection_type, m.area) == ("youth", "Essex")
    assert (m.published_date, m.date_precision) == (date(2018, 12, 5), "day")
    assert m.title == "An inspection of youth offending services in Essex"


def test_an_undated_article_gives_no_date(extract):
    text = ("Youth service rated outstanding\n\n"
            "A youth offending team has been rated outstanding following an inspection. "
            "Inspectors said Essex Youth Offending Service was outstanding in every area they looked at.\n")
    found = extract(document(text))
    assert [m.published_date for m in found] == [None]


def test_a_probation_delivery_unit_is_a_pdu_inspection_titled_in_the_series_style(extract):
    text = ("Probation unit told to improve\n\n"
            "HM Inspectorate of Probation said the Swansea Neath Port Talbot Probation Delivery Unit (PDU) "
            "was not keeping people safe. The inspection found that staff did not always gather information.\n")
    found = extract(document(text))
    assert [(m.inspection_type, m.area, m.title) for m in found] == [
        ("pdu", "Swansea Neath Port Talbot", "An inspection of probation services in: Swansea Neath Port Talbot PDU")]


def test_an_earlier_rating_with_its_year_is_its_own_row_of_the_same_unit(extract):
    text = ("Probation unit told to improve\n\n"
            "HM Inspectorate of Probation said the Swansea Neath Port Talbot Probation Delivery Unit (PDU) "
            "was not keeping people safe. The inspection found that staff did not always gather information.\n\n"
            "The PDU was previously rated inadequate in 2022.\n")
    found = extract(document(text))
    earlier = [m for m in found if m.status == "previous"]
    assert [(m.inspection_type, m.area, m.published_date, m.date_precision) for m in earlier] == [
        ("pdu", "Swansea Neath Port Talbot", date(2022, 1, 1), "year")]
    assert earlier[0].title == "An inspection of probation services in: Swansea Neath Port Talbot PDU"


def test_an_earlier_inspection_without_a_year_is_no_row(extract):
    text = ("Probation company improves\n\n"
            "Inspectors at HM Inspectorate of Probation who visited Northumbria CRC found it had made progress. "
            "The inspection found more face-to-face contact.\n\n"
            "\"We returned to Northumbria CRC a little over a year after our previous inspection,\" the chief inspector said.\n")
    found = extract(document(text))
    assert [m.status for m in found] == ["current"]


def test_a_crc_inspection_is_titled_with_the_companys_full_name(extract):
    text = ("Probation company criticised\n\n"
            "Inspectors found Essex Community Rehabilitation Company was putting the public at risk.\n")
    found = extract(document(text))
    assert [(m.inspection_type, m.title) for m in found] == [
        ("area", "An inspection of Essex Community Rehabilitation Company")]


def test_an_annual_report_is_titled_with_its_year(extract):
    text = ("Probation stretched\n\n"
            "Today (18 March 2025) the Chief Inspector of Probation has published his annual report on probation "
            "services in England and Wales.\n")
    found = extract(document(text, published=date(2025, 3, 18)))
    assert [(m.inspection_type, m.title, m.published_date) for m in found] == [
        ("annual_report", "Annual report (2025)", date(2025, 3, 18))]


def test_a_follow_up_takes_the_theme_of_the_earlier_inspection_the_text_names(extract):
    text = ("Race equality still a work in progress\n\n"
            "Race equality remains a work in progress, HM Inspectorate of Probation has found.\n\n"
            "The recent reinspection found little change.\n\n"
            "The Inspectorate last inspected race equality in probation practice in 2021.\n")
    found = extract(document(text, published=date(2023, 9, 7)))
    titles = sorted(m.title for m in found)
    assert titles == ["Follow-up inspection: race equality in probation practice",
                      "Thematic inspection: race equality in probation practice"]


def test_a_rating_word_is_not_a_theme(extract):
    text = ("Service failing\n\n"
            "The service was previously rated 'inadequate' in 2019.\n")
    assert all("inadequate" not in m.title.lower() for m in extract(document(text)))


def test_a_theme_named_only_in_a_photo_caption_is_no_inspection(extract):
    text = ("Probation staff stretched\n\n"
            "The report on staff wellbeing in probation offices (Image: PA Wire)\n\n"
            "Probation officers say caseloads are rising across the country.\n")
    assert extract(document(text, published=date(2022, 5, 3))) == []


def test_the_month_inspectors_visited_is_a_fieldwork_date_not_the_publication_date(extract):
    text = ("Probation service inadequate\n\n"
            "Inspectors found Essex Community Rehabilitation Company was putting the public at risk. "
            "HM Inspectorate of Probation carried out the inspection in November 2017 and found morale was low.\n")
    found = extract(document(text))
    assert found and all(m.published_date is None for m in found)
    assert any(m.fieldwork_date == date(2017, 11, 1) for m in found)


def test_a_provider_that_did_not_exist_at_the_date_is_not_inspected(extract):
    text = ("Probation company criticised\n\n"
            "Inspectors found Essex Community Rehabilitation Company, which took over from Essex Probation Trust, "
            "was putting the public at risk, in a report published today.\n")
    found = extract(document(text, published=date(2018, 10, 10)))
    assert found and all("essex-probation-trust" not in m.provider_ids for m in found)


def test_a_probation_provider_inspection_is_the_probation_inspectorates(extract):
    text = ("Essex CRC putting public at risk\n\n"
            "HM Inspectorate of Prisons inspectors found Essex Community Rehabilitation Company was putting the public "
            "at risk, in a report published today.\n")
    found = extract(document(text, published=date(2018, 10, 10)))
    assert [(m.inspectorate, m.provider_ids) for m in found] == [("HM Inspectorate of Probation", ("essex-crc",))]


def test_a_page_headline_naming_the_inspectorate_gives_the_reports_title(extract):
    text = ("Transforming Rehabilitation: Early Implementation 2 – HM Inspectorate of Probation\n\n"
            "The report states that the new arrangements are working better than before.\n")
    found = extract(document(text))
    assert [m.title for m in found] == ["Transforming Rehabilitation: Early Implementation 2"]
    assert found[0].published_date is None  # a review written later: no date of its own


def test_an_earlier_inspections_visit_month_gives_its_year_only(extract):
    text = ("Probation company still requires improvement\n\n"
            "Inspectors found Merseyside Community Rehabilitation Company requires improvement, in a report published today.\n\n"
            "Chief Inspector of Probation Justin Russell said: “We last inspected Merseyside CRC in June 2018.”\n")
    found = extract(document(text, published=date(2020, 6, 10)))
    earlier = [m for m in found if m.status == "previous"]
    assert [(m.published_date, m.date_precision, m.fieldwork_date) for m in earlier] == [
        (date(2018, 1, 1), "year", date(2018, 6, 1))]


def test_an_annual_report_is_titled_with_the_years_it_covers(extract):
    text = ("Probation under strain\n\n"
            "Today HM Inspectorate of Probation published its annual report for 2018-19, which found services "
            "under strain.\n")
    (found,) = extract(document(text, published=date(2019, 7, 1)))
    assert (found.inspection_type, found.title) == ("annual_report", "Annual report 2018–19")
    assert (found.published_date, found.date_precision) == (date(2019, 7, 1), "day")


def test_an_annual_report_without_its_years_is_titled_with_its_publication_year(extract):
    text = ("Probation under strain\n\n"
            "Today HM Inspectorate of Probation published its annual report, which found services under strain.\n")
    (found,) = extract(document(text, published=date(2019, 7, 1)))
    assert found.title == "Annual report (2019)"


def test_of_several_units_near_a_report_the_one_named_after_its_area_is_its_subject(extract):
    text = ("Youth service rated outstanding\n\n"
            "A council's youth offending team has been rated outstanding following an inspection.\n\n"
            "Inspectors said Essex Youth Offending Service was outstanding, as Hertfordshire Youth Offending Service "
            "had been before.\n")
    found = extract(document(text, published=date(2018, 12, 5)))
    current = [m for m in found if m.status == "current"]
    assert [(m.area, m.subject_id) for m in current] == [("Essex", "essex-yos")]


def test_inspectors_rating_one_named_local_unit_is_its_inspection(extract):
    text = ("Service rated inadequate\n\n"
            "Cardiff Youth Offending Service has been rated inadequate after inspectors raised serious concerns.\n")
    found = extract(document(text, published=date(2020, 7, 1)))
    assert [(m.inspection_type, m.subject_id) for m in found] == [("youth", "cardiff-yos")]


def test_inspectors_criticising_unnamed_services_is_no_inspection(extract):
    text = ("Services criticised\n\n"
            "Many youth offending services have been rated inadequate after inspectors raised serious concerns.\n")
    assert extract(document(text, published=date(2020, 7, 1))) == []
