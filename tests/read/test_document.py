"""Seeds -> documents: decoding, normalisation, paragraphs, layout, dates."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.read.dates import find_dates
from pipelines.read.document import build_document, decode_bytes, find_paragraphs, normalise_text
from pipelines.read.errors import IngestError


def test_windows_1252_curly_quotes_and_pound_decode():
    raw = "Napo said \u201cstaff did their utmost\u201d and \u00a3370,000 was spent.".encode("cp1252")
    text, warning = decode_bytes(raw, "a.txt")
    assert text == "Napo said \u201cstaff did their utmost\u201d and \u00a3370,000 was spent."
    assert warning is None


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_byte_order_marks_are_honoured(encoding):
    text, _ = decode_bytes("Dame Glenys said: \u201cNot acceptable.\u201d".encode(encoding), "a.txt")
    assert normalise_text(text) == "Dame Glenys said: \u201cNot acceptable.\u201d"


def test_invalid_utf8_in_the_middle_is_replaced_with_a_warning():
    raw = "The report said caseloads fell.".encode() + b"\xff\xfe\x81" + " Inspectors returned.".encode()
    text, warning = decode_bytes(raw, "a.txt")
    assert "Inspectors returned." in text and "\ufffd" in text
    assert "a.txt" in warning and "UTF-8" in warning


@pytest.mark.parametrize("raw", [b"", b"   \n\t  \n"])
def test_empty_files_are_refused_with_the_file_named(raw):
    with pytest.raises(IngestError, match="empty.txt is empty"):
        decode_bytes(raw, "empty.txt")


def test_binary_data_is_refused():
    with pytest.raises(IngestError, match="binary data"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "photo.txt")


def test_normalisation_unifies_line_ends_and_spaces():
    assert normalise_text("One\r\nTwo\rThree\u00a0four\u200b") == "One\nTwo\nThree four"


def test_paragraphs_are_lines_of_web_text_and_blocks_of_wrapped_text():
    web = "First paragraph of a page.\nSecond paragraph.\n\nThird."
    assert [p.of(web) for p in find_paragraphs(web)] == ["First paragraph of a page.", "Second paragraph.", "Third."]
    wrapped = (
        "The inspectors found that the quality of work in the north of London\n"
        "had fallen well below the standard expected of any probation\n"
        "provider.\n\nNext."
    )
    assert len(find_paragraphs(wrapped)) == 2


def test_offsets_index_the_normalised_text():
    document, _ = build_document("d", "d.txt", "Title line\r\n\r\nA body paragraph that says enough words.\r\n".encode())
    for span in document.paragraphs:
        assert document.text[span.char_start : span.char_end] == span.of(document.text)
    assert "\r" not in document.text


def test_title_skips_a_dateline_and_the_date_is_the_documents_own():
    text = (
        "Thursday, 15 December 2016\n\nDamning Probation Report\n\n"
        "Richard Garside writing on the Centre for Crime and Justice Studies website:-\n\n"
        "Time for a rethink\n\nThe Centre's Director has today called on the government to act now.\n"
    )
    document, _ = build_document("d", "d.txt", text.encode())
    assert document.title == "Damning Probation Report"
    assert document.published_date == date(2016, 12, 15)
    embedded = [s for s in document.sections if s.kind == "embedded_article"]
    assert embedded[0].publisher == "Centre for Crime and Justice Studies"
    assert embedded[0].title == "Time for a rethink"


def test_todays_date_in_brackets_dates_the_document():
    text = "Headline\n\nThose are the findings from today\u2019s (8 February 2018) probation inspectors\u2019 report.\n"
    document, _ = build_document("d", "d.txt", text.encode())
    assert document.published_date == date(2018, 2, 8)


def test_reader_comments_and_page_furniture_are_sections_of_their_own():
    text = (
        "Headline here\n\nThe article body says what the inspectors found in the area.\n\n"
        "Share This Post\n\n\n"
        "  1. So predictable, chickens coming home to roost\n    NPS PO\n\n"
        "    1. Already happened in my area too.\n"
    )
    document, _ = build_document("d", "d.txt", text.encode())
    kinds = [s.kind for s in document.sections]
    assert kinds == ["article", "boilerplate", "comment", "comment"]
    assert document.sections[0].char_start == 0 and document.sections[-1].char_end == len(document.text)


def test_a_numbered_list_introduced_by_a_colon_is_not_comments():
    text = (
        "Headline here\n\nThe inspectors made six recommendations. The company should:\n\n"
        "  1. Ensure risk of harm is identified.\n  2. Deliver unpaid work effectively.\n"
    )
    document, _ = build_document("d", "d.txt", text.encode())
    assert {s.kind for s in document.sections} == {"article"}


def test_archive_teasers_become_embedded_articles():
    text = (
        "Headline of the first post\n\nThe first post in full, with enough words to be prose.\n\n"
        "Second post heading\n\nA teaser of the second post that stops short\u2026 Continue Reading\n"
    )
    document, _ = build_document("d", "d.txt", text.encode())
    teaser = document.sections[-1]
    assert teaser.kind == "embedded_article" and teaser.title == "Second post heading"


@pytest.mark.parametrize(
    "text, iso",
    [
        ("published in December 2016", "2016-12"),
        ("on 15 December 2016", "2016-12-15"),
        ("on December 15, 2016", "2016-12-15"),
        ("its previous inspection in 2014", "2014"),
    ],
)
def test_dates_keep_their_precision(text, iso):
    assert find_dates(text)[0].iso() == iso


def test_month_without_year_resolves_against_the_document_date():
    mention = find_dates("At the end of September, a total of offenders")[0]
    assert mention.iso() is None
    assert mention.resolve(date(2019, 3, 1)).iso() == "2018-09"


def test_modal_may_is_not_a_month():
    assert find_dates("Public ownership may not work. May I add something?") == []
    assert find_dates("whose tenure ends in May")[0].month == 5


def test_ingest_errors_survive_pickling_between_assets():
    import pickle

    error = pickle.loads(pickle.dumps(IngestError("a.txt", "read", "a.txt is empty")))
    assert (error.source_path, error.stage, str(error)) == ("a.txt", "read", "a.txt is empty")
