"""The inspection lexicon's word lists, read from refdata/inspectorates.yaml."""

from __future__ import annotations

from pipelines.extract.inspections.lexicon import lexicon
from schemas.enums import PROBATION_PROVIDER_TYPES, PROVIDER_TYPES


def test_inspectors_at_work_follows_who_inspects():
    at_work = lexicon().inspectors_at_work
    text = "Inspectors have also looked at case files. The watchdog said little. Inspectors scrutinised 40 cases."
    assert at_work.match(text, len("Inspectors"))
    assert not at_work.match(text, text.index(" said"))
    assert at_work.match(text, text.index(" scrutinised"))
    # A verb that only begins with one of the forms is not it.
    assert not at_work.match(" finders keepers")


def test_not_place_start_holds_words_that_open_no_place():
    words = lexicon().not_place_start
    assert {"The", "Inspectors", "Good"} <= words
    assert "Kent" not in words


def test_probation_provider_types_are_provider_types():
    assert set(PROBATION_PROVIDER_TYPES) <= set(PROVIDER_TYPES)
    assert "owner_company" not in PROBATION_PROVIDER_TYPES


def test_earlier_and_passive_inspection_verbs():
    refdata = lexicon()
    assert refdata.last_inspected.search("The CRC was last inspected in 2016.")
    assert refdata.last_inspected.search("It had previously looked at the trust.")
    assert not refdata.last_inspected.search("The last inspection was in 2016.")
    assert refdata.passive_inspected.search("London CRC has been rated inadequate.")
    assert not refdata.passive_inspected.search("London CRC was visited by the minister.")
