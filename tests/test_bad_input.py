"""Whatever people save from the web, in one seeds folder with two good
articles: each bad file is either built correctly (every span still indexes
the stored text) or listed in ingest_errors with a sentence naming the file,
what is wrong and what to do; the good articles build as usual; the CLI ends
with a summary and exit code 3.

The folder is built once, by a real `probation-data build` process. When the
tests run as root that process runs without the capabilities that let root
read any file, so the unreadable file is unreadable for it too.
"""

from __future__ import annotations

import codecs
import gzip
import os
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipelines.cli import EXIT_DOCUMENT_ERRORS, EXIT_FAILED, EXIT_OK, main
from pipelines.read.document import build_document, decode_bytes, html_to_text, normalise_text
from pipelines.read.errors import IngestError

ROOT = Path(__file__).resolve().parent.parent


def article(title: str) -> str:
    """A short article with a provider, a quotation and three figures; the
    title makes each copy's text different, so none is a duplicate."""
    return (
        f"{title}\n\n"
        "HM Chief Inspector of Probation Dame Glenys Stacey said the Kent, Surrey and Sussex CRC had improved.\n\n"
        "Dame Glenys said: \u201cStaff have worked hard and it shows in the quality of their work.\u201d\n\n"
        "The CRC supervises 12,500 offenders, and inspectors examined 60 cases, at a cost of \u00a3370,000.\n"
    )


QUOTE = "Staff have worked hard and it shows in the quality of their work."
FIGURES = {"12,500 offenders": 12500.0, "60 cases": 60.0, "\u00a3370,000": 370000.0}

HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Kent CRC improving | Probation News</title>
<style>p { color: #333 }</style>
<script>var headline = "Dame Glenys said: \\u201cnot article text\\u201d"; if (a < b && c > d) { track(); }</script>
</head>
<body><nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article><h1>Saved web page: Kent CRC improving</h1>
<p>HM Chief Inspector of Probation Dame Glenys Stacey said the
   Kent, Surrey and Sussex CRC had improved.</p>
<p>Dame Glenys said: &ldquo;Staff have worked hard and it shows in the quality of their work.&rdquo;</p>
<p>The CRC supervises 12,500 offenders, and inspectors examined 60 cases, at a cost of &pound;370,000.</p>
</article>
<form action="/subscribe"><input name="email"><button>Subscribe to our newsletter</button></form>
<script>trackPageView();</script></body></html>
"""

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 64
LARGE_BYTES = 50 * 1024 * 1024


@dataclass
class Built:
    exit_code: int
    stdout: str
    stderr: str
    out: Path
    unreadable_tested: bool

    def table(self, name: str) -> list[dict]:
        return pq.read_table(self.out / "parquet" / f"{name}.parquet").to_pylist()

    def document(self, source_path: str) -> dict:
        rows = [d for d in self.table("documents") if d["source_path"] == source_path]
        assert rows, f"{source_path} is not in documents; ingest_errors: {self.table('ingest_errors')}"
        return rows[0]

    def errors_for(self, source_path: str) -> list[dict]:
        return [e for e in self.table("ingest_errors") if e["source_path"] == source_path]

    def error_for(self, source_path: str, stage: str) -> str:
        errors = self.errors_for(source_path)
        assert [e["stage"] for e in errors] == [stage], errors
        message = errors[0]["error"]
        assert source_path in message, "the message names the file"
        assert message in self.stdout, "the CLI summary lists it"
        return message


def unprivileged_prefix() -> list[str] | None:
    """A command prefix under which file permissions apply: nothing for a
    normal user; for root, setpriv dropping every capability (root keeps
    its uid but loses the power to read files it has no permission for).
    None when the tests run as root and setpriv is missing."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    return [setpriv, "--bounding-set=-all", "--inh-caps=-all"] if setpriv else None


def run_cli(args: list[str], prefix: list[str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*(prefix or []), sys.executable, "-m", "pipelines.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def write_seeds(seeds: Path, elsewhere: Path, unreadable: bool) -> None:
    seeds.mkdir()
    (seeds / "a-kent.txt").write_text(article("Kent CRC improving, say inspectors"), encoding="utf-8")
    (seeds / "a-second-good.txt").write_text(article("A second good article about Kent CRC"), encoding="utf-8")
    # The same article again, byte for byte, and with Windows line ends.
    shutil.copy(seeds / "a-kent.txt", seeds / "b-kent-copy.txt")
    (seeds / "b-kent-crlf-copy.txt").write_bytes(article("Kent CRC improving, say inspectors").replace("\n", "\r\n").encode())
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "whitespace.txt").write_bytes(b"  \n\t \r\n   \n")
    (seeds / "photo.txt").write_bytes(PNG)
    (seeds / "windows-1252.txt").write_bytes(article("Windows-1252 copy of the Kent report").encode("cp1252"))
    (seeds / "utf8-bom.txt").write_bytes(article("UTF-8 with a byte-order mark").encode("utf-8-sig"))
    (seeds / "utf16-bom.txt").write_bytes(article("UTF-16 with a byte-order mark").encode("utf-16"))
    damaged = article("Damaged UTF-8 copy").encode().replace(b"\n\nThe CRC", b"\n\n\xff\xfe\x81 garbled\n\nThe CRC")
    (seeds / "damaged-utf8.txt").write_bytes(damaged)
    (seeds / "crlf.txt").write_bytes(article("Windows line ends copy").replace("\n", "\r\n").encode())
    (seeds / "cr-only.txt").write_bytes(article("Old Mac line ends copy").replace("\n", "\r").encode())
    (seeds / "saved-page.html").write_text(HTML_PAGE, encoding="utf-8")
    (seeds / "saved-page-as.txt").write_text(HTML_PAGE.replace("Saved web page:", "Page saved as text:"), encoding="utf-8")
    (seeds / "page-without-text.html").write_text(
        "<html><head><script>document.write('x')</script></head><body><script>app()</script></body></html>",
        encoding="utf-8",
    )
    with (seeds / "huge.txt").open("wb") as huge:
        line = b"The CRC supervises 12,500 offenders across Kent, Surrey and Sussex.\n"
        huge.write(line * (LARGE_BYTES // len(line) + 1))
    (seeds / "report.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    (seeds / "photo.png").write_bytes(PNG)
    (seeds / "notes.docx").write_bytes(b"PK\x03\x04" + bytes(200))
    (seeds / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (seeds / "quote-marks.txt").write_text('"' * 5000 + "\n" + "“”‘’" * 100, encoding="utf-8")
    (seeds / "new\nline.txt").write_text(article("A file whose name has a newline"), encoding="utf-8")
    (seeds / "archive.txt").write_bytes(gzip.compress(article("A gzip saved as text").encode(), mtime=0))
    (elsewhere / "secret.txt").write_text(article("A file outside the seeds folder"), encoding="utf-8")
    (seeds / "outside.txt").symlink_to(elsewhere / "secret.txt")
    os.mkfifo(seeds / "pipe.txt")
    if unreadable:
        (seeds / "unreadable.txt").write_text(article("An unreadable copy"), encoding="utf-8")
        (seeds / "unreadable.txt").chmod(0)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    base = tmp_path_factory.mktemp("bad-input")
    (base / "elsewhere").mkdir()
    prefix = unprivileged_prefix()
    write_seeds(base / "seeds", base / "elsewhere", unreadable=prefix is not None)
    out = base / "out"
    process = run_cli(["build", "--seeds", str(base / "seeds"), "--out", str(out)], prefix)
    return Built(process.returncode, process.stdout, process.stderr, out, prefix is not None)


def assert_builds_like_the_article(built: Built, source_path: str, title: str) -> None:
    """The file's stored text is the article's, and every row extracted from
    it has evidence that is exactly its slice of that text."""
    document = built.document(source_path)
    assert document["text"] == article(title)
    assert document["title"] == title
    text = document["text"]
    for table in ("quotes", "metrics", "provider_mentions"):
        rows = [r for r in built.table(table) if r["document_id"] == document["document_id"]]
        assert rows, f"no {table} from {source_path}"
        for row in rows:
            assert text[row["char_start"] : row["char_end"]] == row["text"]
    quotes = [q for q in built.table("quotes") if q["document_id"] == document["document_id"]]
    assert [(q["text"], q["speaker"]) for q in quotes] == [(QUOTE, "Glenys Stacey")]
    metrics = {m["text"]: m["value"] for m in built.table("metrics") if m["document_id"] == document["document_id"]}
    assert metrics == FIGURES


def test_the_build_publishes_and_says_some_files_failed(built):
    assert built.exit_code == EXIT_DOCUMENT_ERRORS, built.stderr[-3000:]
    assert "could not be used (see the ingest_errors table)" in built.stdout
    assert "Traceback" not in built.stdout + built.stderr


def test_good_articles_build_as_usual(built):
    assert_builds_like_the_article(built, "a-kent.txt", "Kent CRC improving, say inspectors")
    assert_builds_like_the_article(built, "a-second-good.txt", "A second good article about Kent CRC")
    assert built.errors_for("a-kent.txt") == [] and built.errors_for("a-second-good.txt") == []


def test_an_empty_file_is_listed(built):
    assert "empty.txt is empty" in built.error_for("empty.txt", "read")


def test_a_whitespace_only_file_is_listed(built):
    assert "only whitespace" in built.error_for("whitespace.txt", "read")


def test_an_image_named_txt_is_refused_as_binary(built):
    message = built.error_for("photo.txt", "decode")
    assert "binary data" in message and "save the article as plain text" in message


def test_windows_1252_with_curly_quotes_and_pound_is_decoded(built):
    assert_builds_like_the_article(built, "windows-1252.txt", "Windows-1252 copy of the Kent report")
    assert built.errors_for("windows-1252.txt") == []


def test_utf8_with_a_byte_order_mark_is_read_without_it(built):
    assert_builds_like_the_article(built, "utf8-bom.txt", "UTF-8 with a byte-order mark")
    assert built.errors_for("utf8-bom.txt") == []


def test_utf16_with_a_byte_order_mark_is_decoded(built):
    assert_builds_like_the_article(built, "utf16-bom.txt", "UTF-16 with a byte-order mark")
    assert built.errors_for("utf16-bom.txt") == []


def test_invalid_utf8_in_the_middle_is_replaced_built_and_listed(built):
    document = built.document("damaged-utf8.txt")
    assert document["text"] == article("Damaged UTF-8 copy").replace(
        "\n\nThe CRC", "\n\n\ufffd\ufffd\ufffd garbled\n\nThe CRC"
    )
    for table in ("quotes", "metrics"):
        rows = [r for r in built.table(table) if r["document_id"] == document["document_id"]]
        assert rows and all(document["text"][r["char_start"] : r["char_end"]] == r["text"] for r in rows)
    message = built.error_for("damaged-utf8.txt", "decode")
    assert "not valid UTF-8" in message and "Re-save the file as UTF-8" in message


@pytest.mark.parametrize(
    "source_path, title", [("crlf.txt", "Windows line ends copy"), ("cr-only.txt", "Old Mac line ends copy")]
)
def test_crlf_and_lone_cr_line_ends_become_lf(built, source_path, title):
    assert_builds_like_the_article(built, source_path, title)


@pytest.mark.parametrize(
    "source_path, title",
    [("saved-page.html", "Saved web page: Kent CRC improving"), ("saved-page-as.txt", "Page saved as text: Kent CRC improving")],
)
def test_a_saved_web_page_is_reduced_to_its_text(built, source_path, title):
    assert_builds_like_the_article(built, source_path, title)
    text = built.document(source_path)["text"]
    for left_out in ("<", "not article text", "track", "Home", "Subscribe", "Probation News"):
        assert left_out not in text


def test_a_web_page_without_text_is_refused_with_a_reason(built):
    message = built.error_for("page-without-text.html", "parse")
    assert "HTML page with no readable text" in message and "save the article's text" in message


def test_a_50_mb_file_is_refused_with_the_limit_and_how_to_raise_it(built):
    message = built.error_for("huge.txt", "read")
    assert "huge.txt is 50 MB, over the 5 MB limit" in message and "--max-mb" in message and "PROBATION_MAX_MB" in message


def test_raising_the_size_limit_lets_a_larger_file_through(tmp_path, monkeypatch, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    long_article = article("A long article") + "".join(
        f"\nParagraph {n}: the inspectors found that staff supervised their cases with care.\n" for n in range(200)
    )
    (seeds / "long.txt").write_text(long_article, encoding="utf-8")
    assert 10_486 < len(long_article.encode()) < 1024 * 1024
    monkeypatch.setenv("PROBATION_MAX_MB", "0.01")
    # Its only article refused, the build publishes nothing and lists why.
    assert main(["build", "--seeds", str(seeds), "--out", str(tmp_path / "small")]) == EXIT_FAILED
    assert f"long.txt is {len(long_article.encode()) / 2**20:.3g} MB, over the 0.01 MB limit" in capsys.readouterr().err
    assert main(["build", "--seeds", str(seeds), "--out", str(tmp_path / "raised"), "--max-mb", "1"]) == EXIT_OK
    documents = pq.read_table(tmp_path / "raised" / "parquet" / "documents.parquet").to_pylist()
    assert [d["text"] for d in documents] == [long_article]


def test_a_single_line_of_1_mb_is_built_or_refused_with_a_reason(tmp_path, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a-kent.txt").write_text(article("Kent CRC improving, say inspectors"), encoding="utf-8")
    sentence = "The CRC supervised 12,500 offenders and Dame Glenys said \u201cbetter\u201d. "
    line = sentence * (1024 * 1024 // len(sentence) + 1)
    (seeds / "one-line.txt").write_text(line, encoding="utf-8")
    assert len(line.encode()) >= 1024 * 1024
    out = tmp_path / "out"
    code = main(["build", "--seeds", str(seeds), "--out", str(out)])
    captured = capsys.readouterr()
    assert code in (EXIT_OK, EXIT_DOCUMENT_ERRORS), captured.err[-3000:]
    documents = {d["source_path"]: d for d in pq.read_table(out / "parquet" / "documents.parquet").to_pylist()}
    assert documents["a-kent.txt"]["text"] == article("Kent CRC improving, say inspectors")
    errors = [e for e in pq.read_table(out / "parquet" / "ingest_errors.parquet").to_pylist() if e["source_path"] == "one-line.txt"]
    if "one-line.txt" not in documents:
        assert errors and "one-line.txt" in errors[0]["error"]
        return
    text = documents["one-line.txt"]["text"]
    assert text == line
    rows = {
        table: [r for r in pq.read_table(out / "parquet" / f"{table}.parquet").to_pylist() if r["document_id"] == "one-line"]
        for table in ("quotes", "metrics", "provider_mentions")
    }
    assert rows["metrics"], "the figures all along the line were extracted"
    for table_rows in rows.values():
        for row in table_rows:
            assert text[row["char_start"] : row["char_end"]] == row["text"]


def test_the_same_article_twice_is_flagged_as_a_duplicate(built):
    for copy in ("b-kent-copy.txt", "b-kent-crlf-copy.txt"):
        message = built.error_for(copy, "parse")
        assert f"{copy} has the same text as a-kent.txt" in message and "Delete one of the two files" in message
    paths = [d["source_path"] for d in built.table("documents")]
    assert "b-kent-copy.txt" not in paths and "b-kent-crlf-copy.txt" not in paths


@pytest.mark.parametrize("source_path", ["report.pdf", "photo.png", "notes.docx"])
def test_non_text_files_are_skipped_and_listed(built, source_path):
    message = built.error_for(source_path, "read")
    assert "only .txt" in message and "move the file out of the seeds folder" in message


def test_hidden_files_are_ignored_silently(built):
    assert built.errors_for(".DS_Store") == []


def test_a_link_to_a_file_outside_the_seeds_folder_is_refused(built):
    message = built.error_for("outside.txt", "read")
    assert "link to something outside the seeds folder" in message and "copy the file itself" in message
    assert all("outside" not in d["text"] for d in built.table("documents"))


def test_a_named_pipe_is_refused_without_hanging_the_build(built):
    assert "not a regular file" in built.error_for("pipe.txt", "read")


def test_a_file_without_read_permission_is_listed(built):
    if not built.unreadable_tested:
        pytest.skip("running as root without setpriv: no way to make a file unreadable to the build")
    message = built.error_for("unreadable.txt", "read")
    assert "permission denied" in message and "chmod a+r" in message


def test_every_bad_file_is_in_the_summary(built):
    documents = {d["source_path"] for d in built.table("documents")}
    errors = {e["source_path"] for e in built.table("ingest_errors")}
    assert documents == {
        "a-kent.txt", "a-second-good.txt", "windows-1252.txt", "utf8-bom.txt", "utf16-bom.txt",
        "damaged-utf8.txt", "crlf.txt", "cr-only.txt", "saved-page.html", "saved-page-as.txt",
    }
    refused = {
        "b-kent-copy.txt", "b-kent-crlf-copy.txt", "empty.txt", "whitespace.txt", "photo.txt",
        "page-without-text.html", "huge.txt", "report.pdf", "photo.png", "notes.docx", "outside.txt", "pipe.txt",
        "quote-marks.txt", "new\nline.txt", "archive.txt",
    } | ({"unreadable.txt"} if built.unreadable_tested else set())
    assert errors == refused | {"damaged-utf8.txt"}
    assert f"{len(errors)} file(s) could not be used" in built.stdout


def test_utf32_with_a_byte_order_mark_is_decoded():
    assert decode_bytes(article("UTF-32").encode("utf-32"), "a.txt") == (article("UTF-32"), None)


def test_windows_1252_letters_outside_punctuation_are_decoded_too():
    text, warning = decode_bytes("M\u00fcller said \u201cna\u00efve\u201d \u2013 \u00a35.".encode("cp1252"), "a.txt")
    assert (text, warning) == ("M\u00fcller said \u201cna\u00efve\u201d \u2013 \u00a35.", None)


def test_utf8_with_a_damaged_byte_stays_utf8():
    raw = "Dame Glenys said \u201cbetter\u201d.".encode() + b"\xe9" + " It cost \u00a35.".encode()
    text, warning = decode_bytes(raw, "a.txt")
    assert text == "Dame Glenys said \u201cbetter\u201d.\ufffd It cost \u00a35." and "a.txt" in warning


def test_binary_data_behind_a_byte_order_mark_is_still_binary():
    with pytest.raises(IngestError, match="binary data"):
        decode_bytes(codecs.BOM_UTF16_LE + "".join(map(chr, range(1, 32))).encode("utf-16-le") * 100, "photo.txt")


def test_a_file_holding_only_a_byte_order_mark_says_so():
    with pytest.raises(IngestError, match="bom.txt holds no text"):
        build_document("bom", "bom.txt", codecs.BOM_UTF8)


def test_normalised_text_is_nfc_even_when_a_removed_character_split_a_letter_from_its_accent():
    """Found by the property tests: NFC came before control characters and
    zero-width spaces were removed, so "e<NUL><combining acute>" stayed decomposed."""
    for text in ("e\x00\u0301", "A\u200b\u030a"):
        once = normalise_text(text)
        assert once == unicodedata.normalize("NFC", once) == normalise_text(once)


def test_page_breaks_and_line_separators_end_lines():
    assert normalise_text("One\x0cTwo\u2028Three\x85Four\x07") == "One\nTwo\nThree\nFour"


def test_html_keeps_preformatted_lines_and_decodes_entities():
    text = html_to_text("<body><p>Fish &amp; chips</p><pre>a\n  b</pre><br>end<!-- hidden --></body>")
    assert text == "Fish & chips\n\na\nb\n\nend\n"


def test_a_file_with_no_words_is_listed_not_built(built):
    assert "no words" in built.error_for("quote-marks.txt", "parse")
    assert not [d for d in built.table("documents") if d["source_path"] == "quote-marks.txt"]


def test_a_file_name_with_a_control_character_is_listed_with_how_to_rename_it(built):
    [error] = built.errors_for("new\nline.txt")
    assert error["stage"] == "read"
    assert "'new\\nline.txt'" in error["error"] and "rename the file" in error["error"]
    assert not any("\n" in d["document_id"] for d in built.table("documents"))


def test_a_file_that_cannot_be_used_is_not_also_said_to_be_removed(built):
    assert built.error_for("archive.txt", "decode")
    assert "removed, renamed or became unreadable" not in built.stdout + built.stderr
