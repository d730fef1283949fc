"""The prefilter: which paragraphs are blanked, and the Doc given back."""

from __future__ import annotations

import pytest

from pipelines.extract.extraction import DocumentExtraction, extract_corpus
from pipelines.extract.prefilter import masked_text, paragraphs_to_mask, restore
from pipelines.read.model import Span

PLAIN = "Staff morale was discussed at length in the meeting that followed."
TEXT = "\n\n".join(
    [
        "Probation in the spotlight",  # 0: the headline is always kept
        PLAIN,  # 1: nothing to parse
        "Inspectors examined 60 cases in the area.",  # 2: a digit
        PLAIN,  # 3
        "The work was rated good in nine of the areas.",  # 4: a number word
        PLAIN.replace("meeting", "session"),  # 5: before a quotation, kept for attribution
        "Officers were praised by the manager.",  # 6: before a quotation, kept for attribution
        "\u201cWe are proud of the team,\u201d she said.",  # 7: a quotation mark
        PLAIN.replace("Staff", "Team"),  # 8
        "The London CRC responded to the findings.",  # 9: a provider
        PLAIN.replace("length", "some length"),  # 10
        "The director said:",  # 11: introduces a block quotation
        "This paragraph is the block quotation the director gave.",  # 12
        PLAIN.replace("followed", "came after"),  # 13
    ]
)


@pytest.fixture
def document(make_document):
    return make_document(TEXT, "prefiltered")


def test_plain_paragraphs_are_masked_and_the_rest_kept(document, gazetteer):
    masked = {document.paragraphs.index(span) for span in paragraphs_to_mask(document, gazetteer)}
    assert masked == {1, 3, 8, 10, 13}


def test_masking_keeps_every_offset_and_line_break(document, gazetteer):
    spans = paragraphs_to_mask(document, gazetteer)
    masked = masked_text(document.text, spans)
    assert len(masked) == len(document.text)
    assert [i for i, c in enumerate(masked) if c == "\n"] == [i for i, c in enumerate(document.text) if c == "\n"]
    for span in spans:
        assert not span.of(masked).strip()
    kept = [p for p in document.paragraphs if p not in spans]
    assert all(p.of(masked) == p.of(document.text) for p in kept)


def test_nothing_to_mask_gives_the_text_itself():
    assert masked_text("Some text.", []) == "Some text."


def test_restore_gives_a_doc_of_the_original_text(document, gazetteer, nlp):
    spans = paragraphs_to_mask(document, gazetteer)
    parsed = nlp(masked_text(document.text, spans))
    doc = restore(parsed, document.text, nlp.tokenizer)
    assert doc.text == document.text
    assert doc.has_annotation("DEP") and doc.has_annotation("ENT_IOB")
    # Parsed paragraphs keep the masked parse's annotations, token for token.
    annotated = {t.idx: (t.text, t.tag_, t.dep_, t.head.idx, t.lemma_, t.ent_type_) for t in parsed if not t.is_space}
    for t in doc:
        if not t.is_space and not any(s.char_start <= t.idx < s.char_end for s in spans):
            assert annotated[t.idx] == (t.text, t.tag_, t.dep_, t.head.idx, t.lemma_, t.ent_type_)
    # Blanked paragraphs are words without annotations, each a sentence of its own.
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    for span in spans:
        words = [t for t in doc if span.char_start <= t.idx < span.char_end]
        assert " ".join(t.text for t in words).replace(" .", ".") == span.of(document.text)
        assert all(t.tag_ == "" and t.lemma_ == "" and t.ent_iob_ == "O" for t in words)
        assert any(a == span.char_start for a, _ in sentences)
        assert not any(a < span.char_start < b for a, b in sentences)


def test_restore_of_an_unmasked_parse_is_the_parse(nlp):
    parsed = nlp("Nothing was masked here.")
    assert restore(parsed, parsed.text, nlp.tokenizer) is parsed


def test_restore_when_the_text_opens_with_a_masked_paragraph(nlp):
    text = "A plain opening line here.\n\nThe CRC supervised 12,500 offenders."
    spans = [Span(0, 26)]
    doc = restore(nlp(masked_text(text, spans)), text, nlp.tokenizer)
    assert doc.text == text
    assert [s.text.strip() for s in doc.sents][-1] == "The CRC supervised 12,500 offenders."


def test_extraction_with_the_prefilter_keeps_evidence_exact(document, gazetteer, nlp):
    (item,) = extract_corpus([document], nlp, gazetteer, n_process=1, prefilter=True)
    assert isinstance(item, DocumentExtraction)
    assert [q.text for q in item.quotes][:1] == ["We are proud of the team,"]
    for row in (*item.metrics, *({"char_start": q.char_start, "char_end": q.char_end, "text": q.text} for q in item.quotes)):
        assert document.text[row["char_start"] : row["char_end"]] == row["text"]
    assert {m.provider_id for m in item.mentions} == {"london-crc"}
