"""The word lists moved from code into the reference data, each read through
its file's one loader and deciding a short sentence written for the test."""

from __future__ import annotations

from pipelines.extract.metrics.lexicon import _vocab
from pipelines.extract.numbers import scan_quantities
from pipelines.extract.numbers.vocabulary import vocabulary
from pipelines.extract.providers.fallback import _FALLBACK_OWNER
from pipelines.extract.providers.register import owner_cues, place_location_words
from pipelines.extract.quotes.lexicon import name_particles
from pipelines.extract.quotes.offices import read_role
from pipelines.extract.ratings.bodies import place_tokens
from pipelines.refdata.ratings import ratings_data


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
