"""The per-document budget of extraction.py: a document past the size or
time limit is kept without extracted rows and listed, and the rest go on."""

from __future__ import annotations

import time

import pipelines.extract.extraction as extraction
from pipelines.extract.extraction import DocumentExtraction, extract_corpus
from pipelines.read.errors import IngestError

ARTICLE = (
    "Kent CRC improving, say inspectors\n\n"
    "Dame Glenys Stacey said: \u201cStaff have worked hard and it shows in the quality of their work.\u201d\n\n"
    "The CRC supervises 12,500 offenders.\n"
)


def test_a_document_over_the_size_budget_is_listed_and_the_others_extracted(make_document, nlp, gazetteer, monkeypatch):
    small = make_document(ARTICLE, "small")
    large = [make_document(ARTICLE + "More text about the CRC.\n" * 40, f"large{k}") for k in (1, 2)]
    monkeypatch.setattr(extraction, "MAX_EXTRACTED_CHARS", len(small.text) + 10)
    items = list(extract_corpus([large[0], small, large[1]], nlp, gazetteer, n_process=1))
    assert [type(i) for i in items] == [IngestError, DocumentExtraction, IngestError]
    assert items[1].metrics and items[1].document is small
    assert items[0].stage == "extract"
    assert "characters, more than the" in items[0].message and "kept in documents" in items[0].message


def test_a_document_past_the_time_budget_is_listed_and_the_next_extracted(make_document, nlp, gazetteer, monkeypatch):
    slow, quick = make_document(ARTICLE, "slow"), make_document(ARTICLE, "quick")
    real = extraction.extract_document

    def extract(document, parsed, gazetteer):
        if document.document_id == "slow":
            time.sleep(5)  # interrupted by the budget long before this ends
        return real(document, parsed, gazetteer)

    monkeypatch.setattr(extraction, "extract_document", extract)
    monkeypatch.setattr(extraction, "MAX_EXTRACT_SECONDS", 0.2)
    started = time.monotonic()
    items = list(extract_corpus([slow, quick], nlp, gazetteer, n_process=1))
    assert time.monotonic() - started < 4
    assert isinstance(items[0], IngestError) and "took more than 0.2 s" in items[0].message
    assert isinstance(items[1], DocumentExtraction) and items[1].quotes


_FIRST = ("Alan", "Beth", "Carl", "Dina", "Evan", "Fern", "Gail", "Hugh", "Iris", "Joel")
_LAST = ("Ashby", "Brook", "Crane", "Dale", "Ellis", "Frost", "Grant", "Hale", "Irwin", "Joyce")


def _long_page(lines: int) -> str:
    """Short lines naming a different person each, as an archive page or a
    list of staff does: the number of names grows with the text."""
    rows = []
    for i in range(lines):
        name = f"{_FIRST[i % 10]} {_LAST[(i // 10) % 10]}{'x' * (i // 100)}"
        rows.append(f"Mr {name} said so." if i % 2 else f"{name} agreed.")
    return "\n".join(rows)


def _parsed_page(make_document, nlp, lines: int):
    document = make_document(_long_page(lines), f"page{lines}")
    return document, nlp(document.text)


def test_extraction_grows_linearly_with_the_number_of_lines(make_document, nlp, gazetteer):
    """Every extractor walks the document once: four times the lines (and
    the names they give) must cost at most six times the time (linear work
    measured about 3x; a scan of every name per phrase, as quotes once did,
    over 9x). The parse is left out: it is spaCy's and linear. CPU time of
    this process, the best of three interleaved runs, so other work on the
    machine does not decide the ratio."""
    pages = {lines: _parsed_page(make_document, nlp, lines) for lines in (1_000, 4_000)}
    best = dict.fromkeys(pages, float("inf"))
    for _ in range(3):
        for lines, (document, parsed) in pages.items():
            started = time.process_time()
            extraction.extract_document(document, parsed, gazetteer)
            best[lines] = min(best[lines], time.process_time() - started)
    small, large = best[1_000], best[4_000]
    assert large < 6 * small + 0.05, (small, large)
