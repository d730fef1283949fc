"""The quotation extractor's contract (quotes/extract.py): verified spans, one parse,
reference data, odd input."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.extract.quotes import QuoteCandidate, extract_quotes
from pipelines.read.document import SourceDocument
from pipelines.refdata import load_refdata
from tests.documents import context
from tests.extract.quotes.helpers import make_document, only, speakers, texts

# --- robustness and contract ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "\"\"\"''' \" ' “ ” ‘ ’",
        'He said "',
        "‘’“”",
        'A "quote" \x07 with "a control character inside the text of it" here.',
        "''''''''''''''''''''''''''",
        '"' * 200,
    ],
)
def test_odd_input_never_raises(quotes, text):
    found = quotes(text)
    assert all(isinstance(q, QuoteCandidate) for q in found)


def test_offsets_match_the_evidence_and_rows_are_ordered(quotes):
    text = (
        "Probation news\n\n"
        '"The proportion of work carried out to a sufficient standard was low," the report said. '
        'Justice Minister Sam Gyimah said: "I met senior managers and told them this is unacceptable."'
    )
    found = quotes(text)
    assert [q.char_start for q in found] == sorted(q.char_start for q in found)
    for q in found:
        assert text[q.char_start : q.char_end] == q.text
        assert q.text == q.text.strip()
        assert q.document_id == "doc"


def test_the_document_is_never_parsed_again(nlp, gazetteer, monkeypatch):
    text = 'Probation news\n\nJustice Minister Sam Gyimah said: "An urgent improvement plan is now in place."'
    parsed = nlp(text)
    document = make_document(text)

    def refuse(*args, **kwargs):
        raise AssertionError("extract_quotes must use the caller's parse")

    monkeypatch.setattr(spacy.language.Language, "__call__", refuse)
    monkeypatch.setattr(spacy.language.Language, "pipe", refuse)
    assert speakers(extract_quotes(context(document, parsed, gazetteer, gazetteer.find_mentions(text)))) == ["Sam Gyimah"]


@pytest.mark.parametrize("name", ["speech_verbs", "speaker_titles", "bodies"])
def test_reference_data_documents_its_fields(name):
    from importlib import resources

    raw = resources.files("pipelines.refdata").joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    assert raw.startswith("#")
    assert load_refdata(name)


def test_reference_data_holds_the_domain_words():
    verbs = load_refdata("speech_verbs")
    titles = load_refdata("speaker_titles")
    bodies = load_refdata("bodies")["bodies"]
    assert {"say", "add", "warn"} <= set(verbs["speech_verbs"])
    assert {"Dame", "Sir", "Mr", "Mrs", "Ms", "Dr", "Lord", "Baroness"} <= {h["word"] for h in titles["honorifics"]}
    inspectorate = next(b for b in bodies if b["name"] == "HM Inspectorate of Probation")
    assert inspectorate["speaker_type"] == "report"
    assert "Napo" in {b["name"] for b in bodies}


def test_a_parse_of_another_text_leaves_quotations_unattributed(nlp, gazetteer):
    text = 'Probation news\n\nJustice Minister Sam Gyimah said: "An urgent improvement plan is now in place."'
    found = extract_quotes(context(make_document(text), nlp("Something else entirely."), gazetteer))
    assert texts(found) == ["An urgent improvement plan is now in place."]
    assert found[0].speaker is None


def test_documents_without_paragraphs_or_sections_are_read_whole(nlp, gazetteer):
    text = 'Probation news\n\nJustice Minister Sam Gyimah said: "An urgent improvement plan is now in place."'
    document = SourceDocument(document_id="doc", source_path="doc.txt", sha256="", text=text)
    found = only(extract_quotes(context(document, nlp(text), gazetteer)))
    assert (found.speaker.name, found.section_index, found.is_comment) == ("Sam Gyimah", 0, False)



_PIECES = st.sampled_from(
    ['"', "'", "“", "”", "‘", "’", " ", "\n", "\n\n", "said", "She", "Napo", "the report", ":", ",", ".", "s", "\x0b", "—"]
    + ["Dame Glenys Stacey", "staff are at breaking point", "It", "added", "-"]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_any_mix_of_marks_and_words_gives_verified_spans(nlp, gazetteer, text):
    document = make_document(text)
    for quote in extract_quotes(context(document, nlp(text), gazetteer, gazetteer.find_mentions(text))):
        assert text[quote.char_start : quote.char_end] == quote.text
        assert quote.text and quote.text == quote.text.strip()


def test_quoted_document_title_is_not_a_quotation_but_called_phrase_is(quotes):
    text = (
        "Probation news\n\n"
        'The inspectorate published its report, "Quality and impact of probation work in the north of London", on Thursday.\n\n'
        'Napo criticised what it called "an unacceptable level of risk to the public".'
    )
    found = only(quotes(text))
    assert (found.text, found.speaker.name) == ("an unacceptable level of risk to the public", "Napo")


def test_an_unnamed_speaker_is_not_replaced_by_the_previous_one(quotes):
    text = (
        "Probation news\n\n"
        'Dame Glenys Stacey said: "Services are now well below what people rightly expect."\n\n'
        'One probation officer told the BBC: "We simply cannot cope with these caseloads any more."'
    )
    found = quotes(text)
    assert speakers(found) == ["Glenys Stacey", None]
    assert found[1].cue == "told"


def test_an_unnamed_speaker_introduced_with_a_colon_stays_unnamed(quotes):
    text = (
        "Probation news\n\n"
        'Dame Glenys Stacey said: "Services are now well below what people rightly expect."\n\n'
        "One probation officer, who asked not to be named, said:\n\n"
        '"We simply cannot cope with these caseloads any more."'
    )
    assert speakers(quotes(text)) == ["Glenys Stacey", None]
