"""The providers an inspection is of (subjects.py): a provider inspected must
exist at the inspection's date, and the article's most-named local provider
is the one it is about."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from pipelines.extract.inspections.refs import _Date
from pipelines.extract.inspections.subjects import _InspectedProviders

RECORDS = {
    "kent-trust": SimpleNamespace(provider_type="probation_trust", name="Kent Probation Trust", region="Kent"),
    "kss-crc": SimpleNamespace(provider_type="crc", name="KSS CRC", region="Kent"),
    "nps-se": SimpleNamespace(provider_type="nps_division", name="NPS South East", region="South East"),
}
ERAS = {"probation_trust": (None, 2014), "crc": (2014, 2021), "nps_division": (2014, 2021)}


def providers(mentioned: list[str], document=None) -> _InspectedProviders:
    mentions = [SimpleNamespace(provider_id=p, char_start=0, discovered=None) for p in mentioned]
    reader = SimpleNamespace(gazetteer=SimpleNamespace(records=RECORDS), provider_mentions=mentions,
                             refdata=SimpleNamespace(provider_eras=ERAS))
    return _InspectedProviders(document, reader)


def test_a_provider_inspected_existed_at_the_inspections_date():
    found = providers([])
    both = ("kent-trust", "kss-crc")
    assert found.existing(both, _Date(date(2016, 5, 1), "month", True)) == ("kss-crc",)
    assert found.existing(both, _Date(date(2012, 1, 1), "year", True)) == ("kent-trust",)
    assert found.existing(both, None) == both


def test_the_local_provider_named_most_is_the_articles_and_a_tie_names_none(make_document):
    document = make_document("KSS CRC was inspected. NPS South East was too. KSS CRC said so.")
    assert providers(["kss-crc", "nps-se", "kss-crc"], document).dominant_local() == "kss-crc"
    assert providers(["kss-crc", "nps-se"], document).dominant_local() is None
    assert providers(["kent-trust"], document).dominant_local() is None  # a trust is no local provider of this rule
