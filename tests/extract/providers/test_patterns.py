"""Providers of every period: the register's dates and links, PDUs, regions,
youth offending services, HMPPS, owner chains, and the phrases whose meaning
depends on the article's date ("the probation service"). Short sentences
written for the tests; every mention's span is checked to be exact."""

from __future__ import annotations

import time
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.assemble.providers import build_provider_tables
from pipelines.extract.providers import ProviderMention, find_provider_mentions
from pipelines.extract.providers.register import period_bound
from schemas.registry import to_frame
from tests.documents import article, context


@pytest.fixture
def found(nlp, gazetteer):
    def run(text: str, published: date | None = date(2023, 5, 25)) -> list[ProviderMention]:
        mentions = find_provider_mentions(context(article(text, published=published), nlp(text), gazetteer))
        for m in mentions:
            assert text[m.char_start : m.char_end] == m.text
        return mentions

    return run


def ids(mentions: list[ProviderMention]) -> set[str]:
    return {m.provider_id for m in mentions}


# --- the register ---------------------------------------------------------------


def test_periods_and_links_resolve(gazetteer):
    records = gazetteer.records
    for record in records.values():
        for link in (record.successor_provider_id, record.parent_provider_id, record.owner_provider_id):
            assert link is None or link in records, (record.provider_id, link)
        assert record.valid_from is None or record.valid_to is None or record.valid_from <= record.valid_to
    assert records["national-probation-service"].successor_provider_id == "probation-service"
    assert records["tameside-pdu"].parent_provider_id == "probation-service-greater-manchester"
    assert records["probation-service-greater-manchester"].parent_provider_id == "probation-service"
    assert records["nps-wales"].parent_provider_id == "national-probation-service"
    assert records["noms"].successor_provider_id == "hmpps"
    assert records["noms"].valid_from == date(2004, 6, 1)


def test_every_reference_row_has_a_source(gazetteer):
    new_types = {"region", "pdu", "youth_offending_service", "agency"}
    for record in gazetteer.records.values():
        if record.provider_type in new_types:
            assert record.source, record.provider_id


def test_owner_chains(gazetteer):
    records = gazetteer.records
    wwm = records["wwm-crc"]
    assert wwm.owner_provider_id == "peopleplus"
    assert [o[0] for o in wwm.owners] == ["eos-works", "peopleplus"]
    assert records["peopleplus"].owner_provider_id == "staffline"
    assert records["purple-futures"].owner_provider_id == "interserve"
    assert "nacro" in records["sodexo"].partners
    # The Working Links CRCs passed to Seetec in February 2019.
    for crc in ("wales-crc", "bgsw-crc", "ddc-crc"):
        assert records[crc].owners[-1][:2] == ("seetec", "2019-02")


def test_period_bounds():
    assert period_bound("2025", end=True) == date(2025, 12, 31)
    assert period_bound("2019-02", end=False) == date(2019, 2, 1)
    assert period_bound("2019-02", end=True) == date(2019, 2, 28)
    assert period_bound(None, end=True) is None


def test_place_at_a_date(gazetteer):
    assert gazetteer.provider_for_place("North Manchester", date(2023, 5, 1)) == "manchester-north-pdu"
    assert gazetteer.provider_for_place("Derby", date(2023, 2, 1)) == "derby-city-pdu"
    assert gazetteer.provider_for_place("Essex", date(2018, 1, 1)) == "essex-crc"
    assert gazetteer.provider_for_place("Essex", date(2012, 1, 1)) == "essex-probation-trust"
    assert gazetteer.provider_for_place("Essex", date(2018, 1, 1), ("youth_offending_service",)) == "essex-yos"
    assert gazetteer.provider_for_place("Rochdale and Bury", None, ("youth_offending_service",)) == "bury-and-rochdale-yos"
    # Tameside merged with Stockport in 2025.
    assert gazetteer.provider_for_place("Tameside", date(2023, 1, 1), ("pdu",)) == "tameside-pdu"
    assert gazetteer.provider_for_place("Tameside and Stockport", date(2026, 1, 1), ("pdu",)) == "stockport-and-tameside-pdu"
    assert gazetteer.national_service_at(date(2016, 1, 1)) == "national-probation-service"
    assert gazetteer.national_service_at(date(2022, 1, 1)) == "probation-service"
    assert gazetteer.national_service_at(date(2012, 1, 1)) is None


# --- PDUs and regions -------------------------------------------------------------


def test_pdu_by_name(found):
    assert ids(found("While leadership at Tameside PDU is strong, staff are stretched.")) == {"tameside-pdu"}
    mentions = found("Inspectors visited the Swansea Neath Port Talbot Probation Delivery Unit (PDU) in May.")
    assert [m.text for m in mentions] == ["Swansea Neath Port Talbot Probation Delivery Unit (PDU)"]


def test_pdu_by_preposition(found):
    mentions = found("Following a report on the Probation Delivery Unit (PDU) in Tameside, he spoke.")
    assert [(m.provider_id, m.text) for m in mentions] == [("tameside-pdu", "Probation Delivery Unit (PDU) in Tameside")]
    mentions = found("They inspected the probation units in North Manchester, Tameside and Wigan.")
    assert [m.provider_id for m in mentions] == ["manchester-north-pdu", "tameside-pdu", "wigan-pdu"]


def test_unknown_pdu_comes_from_the_text(found):
    mentions = found("Staff at the Anytown Central PDU said workloads were high.")
    assert [m.text for m in mentions] == ["Anytown Central PDU"]
    record = mentions[0].discovered
    assert record.provider_type == "pdu" and record.name == "Anytown Central PDU"
    assert "found in the text" in record.note


def test_region_spellings(found):
    assert ids(found("Probation Service – North West region was inspected.")) == {"probation-service-north-west"}
    assert ids(found("Inspectors rated the Greater Manchester probation region as requiring improvement.")) == {
        "probation-service-greater-manchester"}


def test_regions_and_pdus_do_not_exist_before_2021(found):
    assert ids(found("Staff in the London region were praised in 2016.", published=date(2016, 5, 1))) == set()


# --- places and the probation service -----------------------------------------------


def test_place_probation_service_by_date(found):
    text = "The probation service for Leicester, Leicestershire and Rutland has been judged inadequate."
    mentions = found(text)
    assert [(m.provider_id, m.text) for m in mentions] == [
        ("leicester-leicestershire-and-rutland-pdu", "probation service for Leicester, Leicestershire and Rutland")]
    assert ids(found("Essex probation service failings", published=date(2018, 10, 10))) == {"essex-crc"}
    assert ids(found("Derby's service requires improvement, probation inspectors said.")) == {"derby-city-pdu"}


def test_region_name_before_probation_service_is_no_region(found):
    # A region is named with the word "region"; "Greater Manchester probation
    # service" in 2023 is a unit in it, not the region.
    assert ids(found("Concerns as Greater Manchester probation service is short of officers.")) == set()


def test_lower_case_probation_service_by_date(found):
    text = "I urge the probation service to consider our findings."
    assert ids(found(text, published=date(2023, 2, 9))) == {"probation-service"}
    assert ids(found(text, published=date(2017, 2, 9))) == {"national-probation-service"}
    assert ids(found(text, published=date(2012, 2, 9))) == set()


def test_lower_case_probation_service_of_a_local_article(found):
    text = "Merseyside CRC was inspected. The probation service is responsible for 6,200 people."
    assert [m.provider_id for m in found(text, published=date(2020, 6, 1))] == ["merseyside-crc", "merseyside-crc"]


def test_capitalised_probation_service_means_the_service_of_its_date(found):
    text = "The Probation Service failed to recall him."
    assert ids(found(text, published=date(2023, 1, 24))) == {"probation-service"}
    assert ids(found(text, published=date(2018, 1, 24))) == {"national-probation-service"}


def test_date_from_the_text_when_the_document_has_none(found):
    text = "In March 2019 the National Probation Service was stretched. The probation service needs staff."
    assert ids(found(text, published=None)) == {"national-probation-service"}


def test_hmpps_and_noms_are_agencies(found, gazetteer):
    assert ids(found("Despite increased recruitment by HMPPS, shortages remain.")) == {"hmpps"}
    assert gazetteer.records["noms"].provider_type == "agency"


def test_misnamed_crc_resolves(found):
    mentions = found("Merseyside Community Rehabilitation Centre (CRC) was criticised.", published=date(2020, 6, 1))
    assert [(m.provider_id, m.text) for m in mentions] == [
        ("merseyside-crc", "Merseyside Community Rehabilitation Centre (CRC)")]


def test_nps_division_spellings(found):
    text = "Welsh National Probation Service performing well. Inspectors assessed NPS Wales as good."
    assert ids(found(text, published=date(2019, 4, 17))) == {"nps-wales"}


def test_owner_named_in_text(found):
    assert ids(found("It is owned by PeoplePlus, a private company.", published=date(2019, 7, 1))) == {"peopleplus"}


# --- youth offending services ---------------------------------------------------------


def test_youth_service_spellings_share_one_name(found, gazetteer):
    for text in ("Cardiff Youth Offending Service (YOS) was rated inadequate.",
                 "Children known to Cardiff YOS have complex needs.",
                 "Cardiff Youth Offending Team was inspected.",
                 "Cardiff Youth Justice Service was inspected."):
        assert ids(found(text)) == {"cardiff-yos"}, text
    assert gazetteer.records["cardiff-yos"].name == "Cardiff Youth Offending Service"
    assert gazetteer.records["cardiff-yos"].local_authorities == ("Cardiff",)


def test_possessive_youth_service(found):
    assert ids(found("We were impressed by the staff in Hertfordshire’s youth offending team.")) == {"hertfordshire-yos"}


def test_youth_service_in_a_place(found):
    assert ids(found("Inspectors report concerns about the youth offending service in Cardiff.")) == {"cardiff-yos"}


def test_bare_places_presented_as_youth_services(found):
    text = ("Essex is the second youth offending team in England to be rated outstanding - "
            "Hertfordshire being the other.")
    assert ids(found(text)) == {"essex-yos", "hertfordshire-yos"}


def test_rated_list_of_youth_services(found):
    text = ("Of the 16 youth offending services inspected, eight required improvement.\n\n"
            "- Six services ‘Good’ - Brent, Bury and Rochdale, Leicester, and Southampton.\n")
    mentions = found(text)
    assert [m.provider_id for m in mentions] == ["brent-yos", "bury-and-rochdale-yos", "leicester-yos",
                                                 "southampton-yos"]


def test_a_place_alone_is_no_provider(found):
    assert ids(found("Young people in Essex and Kent were interviewed about knife crime.")) == set()
    assert ids(found("The youth offending team worked with Essex Police on county lines.")) == set()
    assert ids(found("Gang-based dealing was managed from outside Essex, the youth offending service said.")) == set()


def test_unknown_youth_service_comes_from_the_text(found):
    mentions = found("Anytown Youth Offending Team was rated good.")
    assert mentions[0].discovered.provider_type == "youth_offending_service"
    assert mentions[0].discovered.name == "Anytown Youth Offending Service"


# --- the table ------------------------------------------------------------------------


def test_table_keeps_every_reference_row_with_its_period(gazetteer):
    providers, _ = build_provider_tables(gazetteer, {})
    frame = to_frame("providers", providers)
    assert len(frame) == len(gazetteer.records)
    assert (frame["mention_count"] == 0).all()
    tameside = frame[frame["provider_id"] == "tameside-pdu"].iloc[0]
    assert tameside["parent_provider_id"] == "probation-service-greater-manchester"
    assert tameside["valid_from"] == date(2021, 6, 26)
    assert tameside["successor_provider_id"] == "stockport-and-tameside-pdu"
    joint = frame[frame["provider_id"] == "bury-and-rochdale-yos"].iloc[0]
    assert list(joint["local_authorities"]) == ["Bury", "Rochdale"]


# --- spans are exact, whatever the text -----------------------------------------------

_PIECES = st.sampled_from([
    "Tameside PDU", "the Probation Delivery Unit (PDU) in ", "North Manchester", ", ", " and ", "Wigan",
    "Cardiff YOS", "youth offending team", "Hertfordshire’s", " - ", "‘Good’", "Bury and Rochdale", "the probation service",
    "The Probation Service", "HMPPS", " for ", "Leicester, Leicestershire and Rutland", "'s service", "probation service",
    "Essex", " is the ", "Police", ".\n\n", " in ", "Derby", "Anytown", " PDU", " Youth Offending Team", "CRC", "2019 ",
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_PIECES, min_size=1, max_size=14), st.sampled_from([None, date(2016, 1, 1), date(2023, 1, 1)]))
def test_every_span_is_exact(found, pieces, published):
    text = "".join(pieces)
    mentions = found(text, published=published)  # ``found`` asserts each span
    spans = sorted((m.char_start, m.char_end) for m in mentions)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), "mentions overlap"


def test_place_before_probation_service_beats_the_national_name(found):
    text = "Hampshire Probation Service was praised by inspectors."
    assert ids(found(text, published=date(2012, 3, 1))) == {"hampshire-probation-trust"}


def test_rated_list_of_pdus(found):
    text = ("Inspectors rated 24 Probation Delivery Units (PDUs); youth offending teams were not covered.\n\n"
            "- Two PDUs ‘Inadequate’ - Tameside and Wigan\n")
    assert [m.provider_id for m in found(text)][-2:] == ["tameside-pdu", "wigan-pdu"]


def test_probation_service_in_a_region_sized_place(found):
    assert ids(found("Inspectors found the probation service in London short of staff.")) == {
        "probation-service-london"}


def test_service_users_are_no_service(found):
    text = "Essex service users told probation inspectors about their supervision."
    assert ids(found(text, published=date(2018, 10, 10))) == set()


def test_probation_service_in_an_unregistered_place_is_the_local_provider(found):
    text = ("THE probation service in Northumberland still requires improvement. "
            "Inspectors visited Northumbria Community Rehabilitation Company (CRC).")
    assert [m.provider_id for m in found(text, published=date(2020, 2, 13))] == ["northumbria-crc", "northumbria-crc"]


def test_place_probation_as_a_brand_or_before_its_staff(found):
    assert ids(found("Inspectors' concern over Warwickshire and West Mercia probation\n\nText.",
                     published=date(2019, 7, 16))) == {"wwm-crc"}
    assert ids(found("Essex probation staff said workloads were unmanageable.", published=date(2018, 10, 10))) == {
        "essex-crc"}
    assert ids(found("In Essex probation is struggling, the union said.", published=date(2018, 10, 10))) == set()


def test_no_national_service_before_2014(found):
    text = "Hampshire Probation Trust was inspected in 2013. The Probation Service has changed."
    assert ids(found(text, published=None)) == {"hampshire-probation-trust"}


def test_part_of_a_contract_area(found, gazetteer):
    assert gazetteer.provider_for_place("Cumbria", date(2017, 10, 1), ("crc",)) == "cumbria-and-lancashire-crc"
    # "Kingston" is part of two youth services' places: none.
    assert gazetteer.provider_for_place("Kingston", None, ("youth_offending_service",)) is None
    text = "The Community Rehabilitation Company in Cumbria showed the best probation work."
    assert ids(found(text, published=date(2017, 10, 12))) == {"cumbria-and-lancashire-crc"}


def _seconds_to_find(gazetteer, lines: int) -> float:
    line = ("Hampshire Probation Service met the Wigan PDU and the probation service in Tameside; "
            "Essex is a youth offending team.")
    text = "\n\n".join(line for _ in range(lines))
    built = context(article(text, published=date(2023, 5, 25)), None, gazetteer)
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        mentions = find_provider_mentions(built)
        best = min(best, time.perf_counter() - started)
    assert len(mentions) >= 3 * lines
    return best


def test_finding_grows_linearly_with_the_number_of_mentions(gazetteer):
    """Every new mention was once checked against every earlier one. Four
    times the lines must cost at most eight times the time (linear work gives
    about 4x, quadratic 16x)."""
    small, large = _seconds_to_find(gazetteer, 250), _seconds_to_find(gazetteer, 1_000)
    assert large < 8 * small + 0.01, (small, large)


def test_a_council_of_a_joint_youth_service_names_that_service(found):
    mentions = found("Inspectors praised Warrington Youth Offending Team for its work with children.")
    assert ids(mentions) == {"cheshire-east-cheshire-west-halton-and-warrington-yos"}


def test_a_spelling_tolerance_never_changes_a_place(gazetteer):
    assert gazetteer.resolve("Warrington Youth Offending Team") is None  # not Darlington's
    assert gazetteer.resolve("Merseyside Comunity Rehabilitation Company") == "merseyside-crc"
    assert gazetteer.resolve("Merseyside Community Rehabilitation Centre") == "merseyside-crc"
