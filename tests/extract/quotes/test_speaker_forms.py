"""One test per speaker form (issue 18), on short sentences written for the test."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.extract.quotes import extract_quotes
from tests.documents import article, context


@pytest.fixture
def attributed(nlp, gazetteer):
    def run(text: str, published: date | None = None) -> list[tuple[str, str | None, str | None]]:
        document = article(text, published=published)
        found = extract_quotes(context(document, nlp(text), gazetteer, gazetteer.find_mentions(text)))
        return [(q.text, q.speaker.name if q.speaker else None, q.speaker.speaker_type if q.speaker else None) for q in found]

    return run


def speakers_of(rows):
    return [(name, kind) for _, name, kind in rows]


def test_organisation_role_name_said_colon(attributed):
    rows = attributed('Napo General Secretary Ian Lawrence said: "This is a damning report on the service."')
    assert speakers_of(rows) == [("Ian Lawrence", "person")]


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ('Jane Smith Chief Executive said: "We are working hard to improve."', "Jane Smith", "Chief Executive"),
        ('Ian Lawrence Napo General Secretary said: "This is a damning report on the service."', "Ian Lawrence",
         "Napo General Secretary"),
    ],
)
def test_name_role_said_colon_without_a_comma(nlp, gazetteer, text, name, role):
    document = article(text)
    (quote,) = extract_quotes(context(document, nlp(text), gazetteer, gazetteer.find_mentions(text)))
    assert (quote.speaker.name, quote.speaker.role) == (name, role)


def test_role_name_said_colon(attributed):
    rows = attributed('Chief Executive Jane Smith said: "We are working hard to improve."')
    assert speakers_of(rows) == [("Jane Smith", "person")]


def test_statement_over_paragraphs_not_reopened(attributed):
    rows = attributed('Ian Lawrence said: "This is a damning report on the service.\n\nWe will not stop campaigning for change."')
    assert speakers_of(rows) == [("Ian Lawrence", "person")] * 2


def test_quotation_without_a_closing_mark_runs_to_the_end_of_its_paragraph(attributed):
    rows = attributed('Ian Lawrence said: "This is a damning report and it must change\n\nThe union met on Monday.')
    assert [(t, n) for t, n, _ in rows] == [("This is a damning report and it must change", "Ian Lawrence")]


def test_a_named_persons_report_notes(attributed):
    rows = attributed(
        "The Chief Inspector of Probation, Paul Wilson, has published a review. "
        "Wilson’s report notes that the reforms led to ‘a number of problems with staff training’."
    )
    assert speakers_of(rows) == [("Paul Wilson", "person")]


def test_findings_in_a_role_holders_report(attributed):
    rows = attributed(
        "The Chief Inspector of Probation, Paul Wilson, has published a review.\n\n"
        "Among the findings in the Chief Inspector’s report are that staff had ‘little or no time for training’."
    )
    assert speakers_of(rows) == [("Paul Wilson", "person")]


def test_the_report_said_is_the_inspectorate_as_report(attributed):
    rows = attributed('The report said the service was "not good enough at all".')
    assert speakers_of(rows) == [("HM Inspectorate of Probation", "report")]


def test_inspectors_said_is_the_inspectorate_as_organisation(attributed):
    rows = attributed('Inspectors said the service was "not good enough at all".')
    assert speakers_of(rows) == [("HM Inspectorate of Probation", "organisation")]


def test_a_spokesperson_for_an_organisation(attributed):
    rows = attributed('A spokesperson for Sodexo said: "We accept the findings of the report."')
    ((name, kind),) = speakers_of(rows)
    assert kind == "organisation" and name.startswith("Sodexo")  # the provider register's canonical name


def test_a_spokesperson_with_no_organisation_is_no_one(attributed):
    rows = attributed('A spokesperson said: "We accept the findings of the report."')
    assert speakers_of(rows) == [(None, None)]


@pytest.mark.parametrize(
    ("role", "published", "name"),
    [
        ("The Chief Inspector", date(2016, 8, 1), "Glenys Stacey"),
        ("The chief inspector of probation", date(2020, 7, 1), "Justin Russell"),
        ("The Inspector", date(2014, 12, 1), "Paul McDowell"),
        ("The former chief inspector", date(2020, 7, 1), "Glenys Stacey"),
        ("The Justice Secretary", date(2018, 7, 27), "David Gauke"),
    ],
)
def test_a_role_without_the_person_is_the_holder_on_the_articles_date(attributed, role, published, name):
    rows = attributed(f'{role} said the service was "not good enough at all".', published)
    assert speakers_of(rows) == [(name, "person")]


def test_undated_article_reads_the_role_at_the_latest_date_it_mentions(attributed):
    text = 'The inspection took place in March 2017.\n\nThe Chief Inspector said staff were "doing their best in hard times".'
    assert speakers_of(attributed(text)) == [("Glenys Stacey", "person")]


def test_the_unions_general_secretary(attributed):
    text = 'Napo, the probation union, was angry. The union\'s general secretary said it was "a disgrace to the service".'
    assert speakers_of(attributed(text, date(2019, 3, 28))) == [("Ian Lawrence", "person")]


def test_a_watchdog_said_then_the_next_sentence_names_its_head(attributed):
    text = (
        'A watchdog said it is "hard to tell whether anyone is safe" in the city.\n\n'
        "It is the third warning this year from chief inspector of probation Justin Russell about the service."
    )
    assert speakers_of(attributed(text, date(2022, 5, 1))) == [("Justin Russell", "person")]


def test_an_official_report_warned_stays_the_report(attributed):
    text = (
        'An official report warned "people are being put at risk" by the company.\n\n'
        "Chief Inspector of Probation Justin Russell visited the office."
    )
    assert speakers_of(attributed(text, date(2022, 5, 1))) == [("HM Inspectorate of Probation", "report")]


def test_a_headline_quote_takes_the_speaker_the_article_names_later(attributed):
    text = (
        "‘Too few staff’ in city probation office\n\n"
        'Chief Inspector of Probation Justin Russell said the office had "too few staff" to keep people safe.'
    )
    assert speakers_of(attributed(text, date(2022, 5, 1))) == [("Justin Russell", "person")] * 2


def test_a_colon_introduction_with_any_verb_gives_its_subjects_words(attributed):
    text = (
        "Chief Inspector of Probation Martin Jones has published his report. "
        "Mr Jones makes it plain that the service is stretched:\n\n"
        '"I continue to stress that the service has too few staff."'
    )
    assert speakers_of(attributed(text, date(2025, 3, 18))) == [("Martin Jones", "person")]


def test_role_then_name_read_as_a_title_is_a_person_by_the_later_honorific(attributed):
    text = (
        "Chief Inspector of Probation Martin Jones has published his report. "
        'Mr Jones said: "I continue to stress that the service has too few staff."'
    )
    rows = attributed(text, date(2025, 3, 18))
    assert speakers_of(rows) == [("Martin Jones", "person")]


def test_its_document_stated_is_the_body_spoken_of_before(attributed):
    text = (
        "The government said the contracts would end early.\n\n"
        'Its consultation paper stated: "The quality of services is falling short of what we expect."'
    )
    assert speakers_of(attributed(text))[-1][0] == "Ministry of Justice"


def test_an_honorific_and_one_name_is_the_office_holder_of_that_name(attributed):
    rows = attributed('Dame Glenys said the service was "not good enough at all".', date(2017, 7, 3))
    assert speakers_of(rows) == [("Glenys Stacey", "person")]


@pytest.mark.parametrize(
    ("text", "published", "speaker_id"),
    [
        # Dated: the one holder of an office of that name on the article's date.
        ('Inspectors found the Kent service had improved.\n\nDame Glenys said: "Staff have worked hard and it shows."',
         date(2017, 3, 1), "glenys-stacey"),
        ('Inspectors rated the Cardiff service inadequate.\n\nMr Russell said: "These are serious failings to fix."',
         date(2020, 7, 1), "justin-russell"),
        ('"These are serious failings to fix," Mr Russell said of the Cardiff service inspectors rated inadequate.',
         date(2020, 7, 1), "justin-russell"),
        # Undated: the one holder of that name of an office whose body the article names.
        ('HM Inspectorate of Probation found the Kent service had improved.\n\n'
         'Dame Glenys said: "Staff have worked hard and it shows."', None, "glenys-stacey"),
    ],
)
def test_a_speaker_named_by_one_name_in_a_lone_article_gets_the_registers_canonical_id(nlp, gazetteer, text, published,
                                                                                      speaker_id):
    from pipelines.resolve.speakers import build_quote_tables

    document = article(text, published=published)
    found = extract_quotes(context(document, nlp(text), gazetteer, gazetteer.find_mentions(text)))
    speakers, quotes = build_quote_tables(found)
    assert [q["speaker_id"] for q in quotes] == [speaker_id]
    assert [s["speaker_id"] for s in speakers] == [speaker_id]


def test_one_name_the_register_does_not_tie_to_the_article_stays_as_written(attributed):
    # Undated, and no body of the register's offices named: nothing says which Russell.
    rows = attributed('The service was rated inadequate.\n\nMr Russell said: "These are serious failings to fix."')
    assert speakers_of(rows) == [("Russell", "person")]
