"""Running the model: one parse per text whatever its length, offsets exact,
and a corpus streamed through in order, in one process or two."""

from __future__ import annotations

import pytest

import pipelines.extract.extraction as extraction_module
from pipelines.extract.extraction import DocumentExtraction, extract_corpus, extract_document
from pipelines.extract.nlp import chunk_bounds, load_nlp, parse_is_of, parse_texts
from pipelines.read.errors import IngestError

ARTICLE = (
    "Kent CRC improving, say inspectors\n\n"
    "HM Chief Inspector of Probation Dame Glenys Stacey said the Kent, Surrey and Sussex CRC had improved.\n\n"
    "Dame Glenys said: \u201cStaff have worked hard and it shows in the quality of their work.\u201d\n\n"
    "The CRC supervises 12,500 offenders, and inspectors examined 60 cases, at a cost of \u00a3370,000.\n"
)


def test_the_model_is_loaded_once_per_process():
    assert load_nlp() is load_nlp()


def test_every_component_the_extractors_read_is_on(nlp):
    assert {"tagger", "parser", "attribute_ruler", "lemmatizer", "ner"} <= set(nlp.pipe_names)


@pytest.mark.parametrize(
    "text",
    [
        ARTICLE * 3,
        "word " * 200,  # one long line
        "x" * 450,  # no whitespace at all
        "First paragraph.\n\n\n\n   Second, after blank lines and spaces.\n" * 8,
    ],
)
def test_chunks_cover_the_text_and_fit_the_limit(text):
    bounds = chunk_bounds(text, 100)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a < b and b - a <= 100 for a, b in bounds)
    assert all(bounds[k][1] == bounds[k + 1][0] for k in range(len(bounds) - 1))
    # A cut falls after whitespace whenever the piece has any.
    for a, b in bounds[:-1]:
        if any(c.isspace() for c in text[a:b]):
            assert text[b - 1].isspace() and not text[b].isspace()


def test_cuts_prefer_paragraph_breaks():
    text = "One sentence here. Another one there.\n\nA second paragraph follows it."
    assert chunk_bounds(text, 60) == [(0, 39), (39, len(text))]


def test_a_long_text_is_parsed_in_pieces_into_one_doc_of_exactly_its_text(nlp):
    long_text = ARTICLE * 40
    one_line = ARTICLE.replace("\n", " ") * 40
    texts = ["Short.", long_text, "", one_line, "y" * 5000, ARTICLE]
    docs = list(parse_texts(nlp, texts, batch_chars=1000))
    assert [doc.text for doc in docs] == texts
    for doc in (docs[1], docs[3]):
        assert doc.has_annotation("DEP") and doc.has_annotation("TAG") and doc.has_annotation("LEMMA")
        assert len(list(doc.sents)) > 40 and any(e.label_ == "PERSON" for e in doc.ents)
        assert all(doc.text[t.idx : t.idx + len(t)] == t.text for t in doc)


def test_a_text_over_the_model_limit_is_parsed(nlp):
    text = ARTICLE * 30
    limit = nlp.max_length
    nlp.max_length = len(ARTICLE) * 2  # stands for the 1,000,000 characters spaCy refuses
    try:
        with pytest.raises(ValueError):
            nlp(text)
        (doc,) = parse_texts(nlp, [text], batch_chars=len(ARTICLE))
    finally:
        nlp.max_length = limit
    assert doc.text == text


def test_a_short_text_is_parsed_as_nlp_parses_it(nlp):
    (doc,) = parse_texts(nlp, [ARTICLE])
    expected = nlp(ARTICLE)
    assert [(t.text, t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_type_) for t in doc] == [
        (t.text, t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_type_) for t in expected
    ]


# --- extract_corpus ------------------------------------------------------------------------


def _documents(make_document, n: int):
    return [make_document(f"Article {k}\n\n" + ARTICLE, f"doc{k:03d}") for k in range(n)]


def _rows(item: DocumentExtraction):
    return item.mentions, item.quotes, item.metrics, item.inspections


def test_extraction_streams_its_input(nlp, gazetteer, make_document):
    documents = _documents(make_document, 12)
    pulled = []

    def source():
        for document in documents:
            pulled.append(document.document_id)
            yield document

    items = extract_corpus(source(), nlp, gazetteer, batch_size=2, n_process=1)
    first = next(items)
    assert first.document is documents[0]
    assert len(pulled) <= 3  # one batch, and the look-ahead that closed it
    assert len([first, *items]) == 12


@pytest.mark.parametrize("n_process", [1, 2, None])
def test_one_item_per_document_in_order_in_one_process_or_two(nlp, gazetteer, make_document, n_process):
    documents = _documents(make_document, 9)
    items = list(extract_corpus(iter(documents), nlp, gazetteer, batch_size=2, n_process=n_process))
    assert [item.document for item in items] == documents
    expected = [_rows(extract_document(d, nlp(d.text), gazetteer)) for d in documents]
    assert [_rows(item) for item in items] == expected


@pytest.mark.parametrize("n_process", [1, 2])
def test_a_document_that_fails_yields_an_error_and_the_others_go_on(
    nlp, gazetteer, make_document, monkeypatch, n_process
):
    documents = _documents(make_document, 6)
    real = extraction_module.extract_document

    def fragile(document, parsed, gazetteer):
        if document.document_id == "doc003":
            raise RuntimeError("boom")
        return real(document, parsed, gazetteer)

    monkeypatch.setattr(extraction_module, "extract_document", fragile)
    items = list(extract_corpus(iter(documents), nlp, gazetteer, batch_size=2, n_process=n_process))
    assert len(items) == 6
    error = items[3]
    assert isinstance(error, IngestError) and error.stage == "extract" and "RuntimeError: boom" in error.message
    assert all(isinstance(item, DocumentExtraction) for k, item in enumerate(items) if k != 3)


def test_whether_a_parse_is_of_a_text_is_answered_from_the_first_join(nlp):
    parsed = nlp("Dame Glenys Stacey said the CRC was failing.")
    assert parse_is_of(parsed, "Dame Glenys Stacey said the CRC was failing.")
    assert not parse_is_of(parsed, "Dame Glenys Stacey said the CRC was failing")
    assert not parse_is_of(None, "")
    # The joined text is kept with the Doc, so later checks do not rebuild it.
    assert "Dame Glenys Stacey said the CRC was failing." in parsed.user_data.values()
