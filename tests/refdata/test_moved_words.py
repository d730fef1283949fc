"""The word lists moved from code into the reference data, each read through
its file's one loader and deciding a short sentence written for the test."""

from __future__ import annotations

import re

from pipelines.extract.inspections.cues import _YEARS_AGO
from pipelines.extract.inspections.lexicon import lexicon
from pipelines.extract.inspections.places import _COMPASS
from pipelines.extract.inspections.titles import _tidy_topic
from pipelines.extract.metrics.extract import _RATE_AFTER_NOUN
from pipelines.extract.metrics.lexicon import _vocab
from pipelines.extract.numbers import scan_quantities
from pipelines.extract.numbers.vocabulary import vocabulary
from pipelines.extract.providers.fallback import _FALLBACK_OWNER, _NOT_PROVIDER_NOUN
from pipelines.extract.providers.patterns import PatternFinder
from pipelines.extract.providers.register import owner_cues, place_location_words, place_qualifiers, type_nouns
from pipelines.extract.quotes.lexicon import name_particles
from pipelines.extract.quotes.offices import read_role
from pipelines.extract.ratings.bodies import place_tokens
from pipelines.extract.ratings.body_phrases import _PLACE_BODY_GAP
from pipelines.extract.ratings.statements import _EARLIER_INSPECTION, _STATED_YEAR
from pipelines.refdata.ratings import ratings_data
from schemas.enums import INSPECTION_TYPES, LOCAL_INSPECTION_TYPES, NATIONAL_INSPECTION_TYPES


def test_owner_cues_present_an_unknown_owner():
    assert "taken over" in owner_cues().owning_verbs
    text = "The CRC is run by the outsourcing giant Acme Justice, which bought it."
    names = [m["name"] for pattern in _FALLBACK_OWNER for m in pattern.finditer(text)]
    assert names == ["Acme Justice"]
    assert not [m for p in _FALLBACK_OWNER for m in p.finditer("The CRC is liked by the outsourcing giant Acme.")]


def test_place_location_words_are_prepositions_of_place():
    assert {"from", "across"} <= set(place_location_words())
    assert "in" not in place_location_words()


def test_type_words_leave_the_place_of_a_name():
    assert "youth" in ratings_data().type_words
    assert place_tokens("Kent Youth Offending Service") == frozenset({"kent"})


def test_former_words_make_a_role_the_holder_before():
    assert read_role("the former Chief Inspector of Probation").former
    assert not read_role("the current Chief Inspector of Probation").former


def test_name_particles():
    assert {"de", "van"} <= name_particles()
    assert "kent" not in name_particles()


def test_rate_words_make_an_amount_a_rate():
    assert vocabulary().rate_words["annum"] == "year"
    assert [q.rate for q in scan_quantities("It costs £5m per annum.")] == ["year"]
    assert [q.rate for q in scan_quantities("It costs £5m annually.")] == ["year"]
    assert [q.rate for q in scan_quantities("It costs £5m per project.")] == [None]


def test_age_words_make_a_figure_an_age():
    age = _vocab().age_before
    assert age.search("he was aged ") and age.search("at the age of ")
    assert not age.search("caseloads of ")


def test_place_qualifiers_name_a_part_of_a_place():
    assert "north-east" in place_qualifiers().intercardinal
    assert re.fullmatch(_COMPASS, "north east") and re.fullmatch(_COMPASS, "inner")
    assert not re.fullmatch(_COMPASS, "upper")
    assert _tidy_topic("probation in the north of Kent") == "probation in North Kent"
    assert _tidy_topic("probation in the middle of Kent") == "probation in the middle of Kent"


def test_a_pdu_and_a_youth_service_are_named_after_their_place():
    assert type_nouns()["pdu"].abbreviation == "PDU"
    assert PatternFinder._PDU_NAMED.search("Inspectors visited the Wigan Probation Delivery Unit.")
    assert PatternFinder._YOS_NAMED.search("Anytown Youth Justice Service was rated good.")
    assert not PatternFinder._YOS_NAMED.search("Anytown Youth Club was rated good.")


def test_place_pattern_words_tell_a_provider_from_another_noun():
    service = PatternFinder._PLACE_SERVICE
    assert service.search("Essex probation staff were praised.")
    assert not service.search("Essex probation budgets were cut.")
    assert service.search("Kent probation service was praised.")
    assert not service.search("Kent probation service users were asked.")


def test_not_provider_nouns_make_a_name_another_body():
    assert _NOT_PROVIDER_NOUN.search("Anytown Borough Council")
    assert not _NOT_PROVIDER_NOUN.search("Anytown Rehabilitation Partners")


def test_ratio_totals_make_a_figure_a_ratio_s_whole():
    [ratio] = scan_quantities("The team scored 14 out of a possible 24 points.")
    assert (ratio.unit, ratio.numerator, ratio.denominator) == ("ratio", 14, 24)
    assert [q.unit for q in scan_quantities("The team scored 14 out of a likely 24 points.")] == ["count", "count"]


def test_foreign_currencies_are_no_amounts():
    assert scan_quantities("It cost $5m last year.") == []
    assert [q.unit for q in scan_quantities("It cost £5m last year.")] == ["gbp"]


def test_rate_periods_after_a_noun():
    assert _RATE_AFTER_NOUN.match(" a year").group(1) == "year"
    assert not _RATE_AFTER_NOUN.match(" a decade")


def test_overall_and_earlier_inspection_words_of_a_rating():
    assert _STATED_YEAR.match(" overall in 2019").group(1) == "2019"
    assert not _STATED_YEAR.match(" mostly in 2019")
    assert _EARLIER_INSPECTION.search("This follows an inspection in 2019, when it was rated good.")
    assert not _EARLIER_INSPECTION.search("This follows a merger in 2019, when it was rated good.")


def test_place_body_words_keep_a_place_and_its_body_together():
    assert _PLACE_BODY_GAP.fullmatch("'s probation ")
    assert not _PLACE_BODY_GAP.fullmatch("'s prison ")


def test_the_division_s_most_recent_inspection_is_an_earlier_one():
    possessive = lexicon().possessive_previous
    assert possessive.search("the division's most recent ")
    assert possessive.search("the division's last ")
    assert not possessive.search("the division's most ")


def test_visit_nouns_recall_an_earlier_inspection():
    assert _YEARS_AGO.search("Much has improved since, it was found in an earlier visit.")
    assert not _YEARS_AGO.search("Much has improved since, it was found in an earlier meeting.")


def test_inspection_types_of_one_local_subject():
    assert "area" in LOCAL_INSPECTION_TYPES and "thematic" not in LOCAL_INSPECTION_TYPES
    assert set(LOCAL_INSPECTION_TYPES) | set(NATIONAL_INSPECTION_TYPES) == set(INSPECTION_TYPES)
