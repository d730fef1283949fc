"""Titles in the report series' style, built from an inspection's identity."""

import pytest

from pipelines.extract.inspections.lexicon import TITLE_KINDS, _title_templates
from pipelines.extract.inspections.titles import make_title

_BASE = dict(inspectorate="HM Inspectorate of Probation", topic=None, given_title=None, heading_title=None,
             area=None, year=None, joint=False)


def _title(**fields) -> str:
    return make_title(**{**_BASE, **fields})


def test_a_quoted_official_title_is_kept_as_written():
    assert _title(inspection_type="thematic", given_title="A joint inspection of something") == \
        "A joint inspection of something"


def test_a_youth_inspection_is_named_after_the_place_before_the_service_noun():
    assert _title(inspection_type="youth", subject="Anytown Youth Justice Service") == \
        "An inspection of youth offending services in Anytown"
    assert _title(inspection_type="youth", subject="Anytown YJS") == "An inspection of youth offending services in Anytown"


def test_a_pdu_gets_its_abbreviation_once():
    assert _title(inspection_type="pdu", subject="Anytown") == "An inspection of probation services in: Anytown PDU"
    assert _title(inspection_type="pdu", subject="Anytown PDU") == "An inspection of probation services in: Anytown PDU"


def test_a_provider_inspection_spells_out_the_crc():
    assert _title(inspection_type="provider", subject="Midshire CRC") == \
        "An inspection of Midshire Community Rehabilitation Company"


def test_series_titles_carry_their_theme_or_period():
    assert _title(inspection_type="thematic", topic="unpaid work") == "Thematic inspection: unpaid work"
    assert _title(inspection_type="thematic", topic="unpaid work", joint=True) == "Joint thematic inspection: unpaid work"
    assert _title(inspection_type="annual_report", year=2019) == "Annual report (2019)"
    assert _title(inspection_type="sfo_review", topic="the case of John Smith") == \
        "Independent serious further offence review: John Smith"


def test_another_inspectorates_report_is_not_called_a_probation_inspection():
    assert _title(inspection_type="other", inspectorate="HM Inspectorate of Prisons", area="Anytown") == \
        "HM Inspectorate of Prisons inspection: Anytown"


def test_the_reference_data_must_name_every_kind_of_title():
    complete = {kind: "x" for kind in TITLE_KINDS}
    assert _title_templates(complete) == complete
    with pytest.raises(ValueError, match="youth"):
        _title_templates({k: v for k, v in complete.items() if k != "youth"})
