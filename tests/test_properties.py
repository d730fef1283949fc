"""Property tests: every extractor fed random and adversarial text (unbalanced
quotation marks, numbers everywhere, very long sentences, non-Latin scripts,
control characters). No exception escapes, and none is swallowed either (an
extractor that catches its own failure and returns nothing would pass a
"no exception" test while losing a document's rows); every span is valid;
every row passes its table's schema, and a corpus of such documents passes
the key, foreign-key and evidence checks."""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pandera.pandas as pa
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pipelines.assemble import tables
from pipelines.assemble.providers import build_provider_tables
from pipelines.extract import extraction, providers
from pipelines.extract.inspections import extract_inspection_mentions
from pipelines.extract.metrics import extract_metrics
from pipelines.extract.numbers import parse_number_phrase, scan_quantities
from pipelines.extract.quotes import extract_quotes, scan_quotation_marks
from pipelines.read.dates import find_dates
from pipelines.read.document import build_document, find_paragraphs, normalise_text
from pipelines.read.errors import IngestError
from pipelines.read.layout import find_own_date, find_sections, find_title
from pipelines.resolve.inspections import linking as inspection_linking
from pipelines.resolve.inspections import merge_inspections
from pipelines.resolve.speakers import build_quote_tables
from schemas.enums import SECTION_KINDS
from schemas.integrity import evidence_violations, foreign_key_violations, primary_key_violations
from schemas.registry import TABLES, to_frame
from tests.documents import context

# Tests that parse with spaCy run fewer examples than the pure-text ones, so
# the whole file stays well under a minute.
CHEAP = settings(max_examples=150, deadline=None)
PARSED = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
CORPUS = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

_PIECES = [
    # the words and names the extractors look for
    "Dame Glenys Stacey", "said", "told the BBC", "added", ":", "HM Inspectorate of Probation", "the chief inspector",
    "inspectors", "published", "a report", "inspection of", "Kent, Surrey and Sussex CRC", "London CRC", "CRC", "NPS",
    "the National Probation Service", "MTCnovo", "Sodexo", "Napo", "Justice Secretary", "offenders", "cases", "staff",
    "rated", "'Inadequate'", "requires improvement", "good", "Outstanding", "an overall rating of", "Six services",
    "youth offending service", "Derby's service", "all three units", "previously", "case supervision",
    # numbers everywhere
    "12,500", "40%", "40 per cent", "£1.2m", "£370,000", "one in three", "a third", "half", "two-thirds", "from 40 to 27",
    "between 10 and 20", "nearly 30,000", "-3", "0", "0.5", "1e308", "9" * 40, "3/4", "1,2,3", "10:30", "2016",
    "15 December 2016", "December 15, 2016", "29 February", "31 June 2017", "May", "in May", "last year", "2016-12-15",
    # punctuation and unbalanced quotation marks
    ".", ",", ";", "!", "?", "\u2014", "-", "(", ")", '"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "\u00ab", "\u00bb",
    "\u2026", "Continue Reading", "Share This Post",
    # layout
    "\n", "\n\n", "\n\n\n", "  1. ", "    ", "\t",
    # control characters and odd code points
    "\r", "\r\n", "\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\u200b", "\ufeff", "\ufffd",
    "\u202e", "e\u0301", "\u0301", "\u030a", "\U0001f600",
    # other scripts
    "\u6f22\u5b57\u3067\u3059", "\u041f\u0440\u0438\u0432\u0435\u0442", "\u0645\u0631\u062d\u0628\u0627",
    "\u0928\u092e\u0938\u094d\u0924\u0947", "\u05e9\u05dc\u05d5\u05dd", "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35",
]
_LONG_SENTENCE = st.builds(
    lambda word, n: " ".join([word] * n), st.sampled_from(["staff", "said", "12,500", "\u201c", "CRC", "and"]), st.integers(20, 250)
)
_PIECE = st.one_of(
    st.sampled_from(_PIECES), st.just(" "), st.just(" "), st.text(max_size=6), st.integers().map(str), _LONG_SENTENCE
)
TEXT = st.lists(_PIECE, max_size=40).map("".join)
# Mostly article-like: a headline, then paragraphs made of pieces.
ARTICLE = st.builds(
    lambda title, paragraphs: "\n\n".join([title, *paragraphs]),
    st.sampled_from(["Kent CRC improving, say inspectors", "Probation news", "", "\u201cUnacceptable\u201d"]),
    st.lists(TEXT, max_size=4),
)


def assert_span(text: str, start: int, end: int, row_text: str | None = None) -> None:
    assert 0 <= start <= end <= len(text), (start, end, len(text))
    if row_text is not None:
        assert text[start:end] == row_text


def assert_valid(name: str, rows: list[dict]):
    frame = to_frame(name, rows)
    try:
        TABLES[name].model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        pytest.fail(f"{name} rows fail the schema:\n{errors.failure_cases.to_string()}")
    return frame


@contextmanager
def no_swallowed_errors() -> Iterator[None]:
    """Fails when an extractor logs an exception it caught."""
    caught: list[logging.LogRecord] = []

    class Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.exc_info:
                caught.append(record)

    handler = Catch()
    logger = logging.getLogger("pipelines")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    if caught:
        formatter = logging.Formatter()
        pytest.fail("an extractor caught an exception:\n" + "\n".join(formatter.format(r) for r in caught))


def document_of(text: str, document_id: str = "doc"):
    """The document the pipeline would build; blank text never gets this far
    (read_corpus lists it), so such examples are discarded."""
    try:
        document, _warning = build_document(document_id, f"{document_id}.txt", text.encode("utf-8"))
    except IngestError:
        assume(False)
    return document


# --- documents and layout (no parse) -----------------------------------------


@CHEAP
@given(st.one_of(st.binary(max_size=300), TEXT.map(str.encode), TEXT.map(lambda t: t.encode("utf-16"))))
def test_any_bytes_become_a_document_or_a_reason(raw):
    try:
        document, warning = build_document("doc", "doc.txt", raw)
    except IngestError as error:
        assert error.message.startswith("doc.txt ") and error.stage in ("read", "decode", "parse")
        return
    assert warning is None or warning.startswith("doc.txt ")
    text = document.text
    assert text.strip() and "\r" not in text
    for span in document.paragraphs:
        assert_span(text, span.char_start, span.char_end)
        assert span.of(text) == span.of(text).strip()
    assert_valid("documents", tables.document_rows([document]))
    assert_valid("sections", tables.section_rows([document]))


# Letters, accents and everything normalisation removes or rewrites, densely.
_NORMALISABLE = st.text(alphabet=st.sampled_from(list("ae \n\r\t\x00\x07\x0c\x85\xa0\u200b\ufeff\u2028\u0301\u030a")))


@CHEAP
@given(st.one_of(TEXT, _NORMALISABLE))
def test_normalised_text_is_canonical(text):
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert "\r" not in once and not any(ord(c) < 32 and c != "\n" for c in once)


@CHEAP
@given(st.one_of(TEXT, ARTICLE))
def test_layout_tiles_any_text_with_sections(text):
    paragraphs = find_paragraphs(text)
    for span in paragraphs:
        assert_span(text, span.char_start, span.char_end)
    sections = find_sections(text, paragraphs)
    if text:
        assert sections[0].char_start == 0 and sections[-1].char_end == len(text)
    for before, after in zip(sections, sections[1:]):
        assert before.char_end == after.char_start
    for index, section in enumerate(sections):
        assert section.index == index and section.kind in SECTION_KINDS
        assert_span(text, section.char_start, section.char_end)
    assert isinstance(find_title(text, paragraphs), str)
    own = find_own_date(text, paragraphs)
    assert own is None or isinstance(own[0], date) and own[1] in ("day", "year")


@CHEAP
@given(TEXT, st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)))
def test_dates_have_valid_spans_and_resolve_to_real_dates(text, reference):
    for mention in find_dates(text):
        assert_span(text, mention.char_start, mention.char_end, mention.text)
        for resolved in (mention, mention.resolve(reference)):
            assert resolved.precision in (None, "year", "month", "day")
            resolved.as_date()
            resolved.iso()


@CHEAP
@given(TEXT)
def test_figures_have_valid_spans_and_finite_values(text):
    for quantity in scan_quantities(text):
        assert_span(text, quantity.char_start, quantity.char_end)
        assert quantity.char_start <= quantity.core_start <= quantity.core_end <= quantity.char_end
        assert math.isfinite(quantity.value)
        for term in (quantity.numerator, quantity.denominator):
            assert term is None or not math.isnan(term)
    parse_number_phrase(text)


@CHEAP
@given(TEXT)
def test_quotation_marks_pair_inside_the_text(text):
    for mark in scan_quotation_marks(text, 0, len(text)):
        assert_span(text, mark.start, mark.end)


# --- extractors over one spaCy parse -----------------------------------------


@PARSED
@given(ARTICLE)
def test_provider_mentions(nlp, gazetteer, text):
    document = document_of(text)
    parsed = nlp(document.text)
    found = providers.find_provider_mentions(context(document, parsed, gazetteer))  # a bug raises
    known = set(gazetteer.records)
    for mention in found:
        assert_span(document.text, mention.char_start, mention.char_end, mention.text)
        assert mention.provider_id in known or mention.discovered is not None
    _providers, rows = build_provider_tables(gazetteer, {"doc": found})
    assert_valid("provider_mentions", rows)


@PARSED
@given(ARTICLE)
def test_quotes_and_speakers(nlp, gazetteer, text):
    document = document_of(text)
    parsed = nlp(document.text)
    with no_swallowed_errors():
        found = extract_quotes(context(document, parsed, gazetteer, gazetteer.find_mentions(document.text)))
    for quote in found:
        assert_span(document.text, quote.char_start, quote.char_end, quote.text)
        assert quote.section_index in {s.index for s in document.sections}
    speakers, rows = build_quote_tables(found)
    assert_valid("speakers", speakers)
    assert_valid("quotes", rows)


@PARSED
@given(ARTICLE, st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))))
def test_metrics(nlp, gazetteer, text, published):
    document = document_of(text)
    document.published_date = published
    parsed = nlp(document.text)
    with no_swallowed_errors():
        rows = extract_metrics(context(document, parsed, gazetteer, gazetteer.find_mentions(document.text)))
    for row in rows:
        assert_span(document.text, row["char_start"], row["char_end"], row["text"])
        assert row["text"] in row["sentence"]
    assert_valid("metrics", rows)


@PARSED
@given(ARTICLE, st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))))
def test_inspections(nlp, gazetteer, text, published):
    document = document_of(text)
    document.published_date = published
    parsed = nlp(document.text)
    mentions = gazetteer.find_mentions(document.text)
    found = extract_inspection_mentions(context(document, parsed, gazetteer, mentions))  # a bug raises
    for mention in found:
        assert_span(document.text, mention.char_start, mention.char_end, mention.text)
        for start, end in mention.references:
            assert_span(document.text, start, end)
    rows, links = merge_inspections({"doc": found})
    assert set(links) == {m.mention_id for m in found}
    assert_valid("inspections", rows)
    for start in range(0, len(document.text), max(1, len(document.text) // 7)):
        link = inspection_linking._link(document, start, min(len(document.text), start + 20), found, links)
        assert link is None or link in {r["inspection_id"] for r in rows}


# --- the corpus ---------------------------------------------------------------


@CORPUS
@given(st.lists(ARTICLE, min_size=1, max_size=3))
def test_a_corpus_of_odd_documents_passes_every_check(nlp, gazetteer, texts):
    documents = [document_of(text, f"doc-{n}") for n, text in enumerate(texts)]
    with no_swallowed_errors():
        extractions = [extraction.extract_document(d, nlp(d.text), gazetteer) for d in documents]
    inspection_rows, links = tables.inspection_table(extractions)
    provider_rows, mention_rows = tables.provider_tables(extractions, gazetteer)
    speaker_rows, quote_rows = tables.quote_tables(extractions, links)
    rows = {
        "documents": tables.document_rows(documents),
        "sections": tables.section_rows(documents),
        "providers": provider_rows,
        "provider_mentions": mention_rows,
        "speakers": speaker_rows,
        "inspections": inspection_rows,
        "metrics": tables.metric_rows(extractions, links),
        "ratings": tables.rating_rows(extractions, inspection_rows, links),
        "quotes": quote_rows,
        "ingest_errors": tables.error_rows([]),
    }
    frames = {name: assert_valid(name, rows[name]) for name in TABLES}
    for name, table in TABLES.items():
        assert primary_key_violations(name, frames[name]).empty, name
        assert foreign_key_violations(name, frames[name], frames).empty, name
        if table.evidence:
            assert evidence_violations(frames[name], frames["documents"]).empty, name
