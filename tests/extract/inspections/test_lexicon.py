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


def test_report_nouns_and_their_forms_are_report_cues():
    cue = lexicon().report_noun
    found = [m.group() for m in cue.finditer("The annual report and a re-inspection followed two reviews.")]
    assert found == ["annual report", "re-inspection", "reviews"]
    assert cue.search("the reviews")["plural"] == "s"
    # A word that only contains a noun is none: "reporter", "preview".
    assert not cue.search("The reporter saw a preview.")


def test_a_review_is_a_report_only_after_a_kind_of_review():
    before = lexicon().review_kind_before
    assert before.search("the thematic ")
    assert before.search("the Inspectorate's ")
    assert not before.search("a case ")


def test_words_after_a_report_that_make_it_a_plan():
    after = lexicon().future_after
    assert after.match(" will be published in May")
    assert after.match(" is  due next year")
    assert not after.match(" was published in May")


def test_a_distinct_report_and_a_nested_one():
    refdata = lexicon()
    assert refdata.distinct_before.search("a separate ")
    assert not refdata.distinct_before.search("the same ")
    nested = refdata.nested_topic.match("the latest unannounced inspection of Kent")
    assert nested and "the latest unannounced inspection of Kent"[nested.end():] == "Kent"
    assert not refdata.nested_topic.match("the trial of Kent")


def test_a_given_title_after_a_title_verb():
    refdata = lexicon()
    m = refdata.given_title.search("The watchdog published a report entitled Through the Gate.")
    assert m["title2"].startswith("Through the Gate")
    assert not refdata.given_title.search("The watchdog published a report named Through the Gate.")


def test_where_a_topic_ends():
    cut = lexicon().topic_cut
    assert "Kent CRC which found poor work"[: cut.search("Kent CRC which found poor work").start()] == "Kent CRC"
    assert "Kent CRC in 2016"[: cut.search("Kent CRC in 2016").start()] == "Kent CRC"
    assert not cut.search("Kent CRC work")


def test_a_date_after_a_bound_word_is_no_report_date():
    bound = lexicon().date_bound_before
    assert bound.search("improved since ")
    assert not bound.search("published in ")


def test_the_division_s_last_inspection_is_an_earlier_one():
    possessive = lexicon().possessive_previous
    assert possessive.search("the division's last ")
    assert possessive.search("the trust’s previous ")
    assert not possessive.search("its last ")


def test_an_inspector_s_name_without_its_verb_or_title_words():
    refdata = lexicon()
    assert refdata.name_end.sub("", "Justin Russell said") == "Justin Russell"
    assert refdata.not_name.search("Chief Inspector")
    assert not refdata.not_name.search("Justin Russell")


def test_topic_words():
    refdata = lexicon()
    assert {"its", "area", "findings"} <= refdata.generic_topic_words
    assert "kent" not in refdata.generic_topic_words
    assert {"on", "probation", "inspection"} <= refdata.topic_stopwords  # "on" a word, not YAML's true
