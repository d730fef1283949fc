"""Seeds -> documents: decode raw bytes, reduce saved web pages to their
text, normalise text, find paragraphs.

Every offset anywhere in the dataset indexes into ``SourceDocument.text``,
the normalised text produced here, so all normalisation happens once, here.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import PurePosixPath

from pipelines.read.errors import IngestError
from pipelines.read.layout import find_own_date, find_sections, find_title
from pipelines.read.model import Section, SourceDocument, Span

__all__ = [
    "Section",
    "SourceDocument",
    "Span",
    "build_document",
    "decode_bytes",
    "find_paragraphs",
    "html_to_text",
    "normalise_text",
]


# --- decoding ---------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control characters that never belong in prose; their presence in quantity
# means the file is binary, not text in an unexpected encoding.
_BINARY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def sha256_hex(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def decode_bytes(raw: bytes, source_path: str) -> tuple[str, str | None]:
    """Decode a saved article to text.

    Returns the text and a warning (or None) when bytes had to be replaced.
    Raises IngestError when the file is not text at all.
    """
    if not raw.strip():
        raise IngestError(
            source_path,
            "read",
            f"{source_path} is empty (or only whitespace); save the article's text into it or remove the file.",
        )
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError as exc:
                raise IngestError(
                    source_path,
                    "decode",
                    f"{source_path} starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"(byte {exc.start}); re-save it as UTF-8.",
                ) from exc
            # Two bytes that happen to look like a byte-order mark do not make
            # a binary file text: what they decode to must read as text too.
            if _is_mostly_control(text[:65536]):
                raise _binary(source_path)
            return text, None
    sample = raw[:65536]
    if b"\x00" in sample or _is_mostly_control(sample.decode("latin-1")):
        raise _binary(source_path)
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    as_utf8 = raw.decode("utf-8", errors="replace")
    # Valid multi-byte sequences mean UTF-8 damaged in places (keep it, mark
    # the damage); none at all means a single-byte encoding, and for pages
    # saved on Windows that is Windows-1252 (curly quotes, pound signs).
    if not any(ord(c) > 127 and c != "\ufffd" for c in as_utf8):
        try:
            return raw.decode("cp1252"), None
        except UnicodeDecodeError:
            pass  # bytes Windows-1252 leaves undefined: not that encoding either
    return as_utf8, (
        f"{source_path} is not valid UTF-8 (first bad byte at offset {first_bad}); "
        "the undecodable bytes were replaced with U+FFFD and the rest was used. Re-save the file as UTF-8 to keep them."
    )


def _is_mostly_control(text: str) -> bool:
    return len(_BINARY_CONTROL.findall(text)) > len(text) // 100


def _binary(source_path: str) -> IngestError:
    return IngestError(
        source_path,
        "decode",
        f"{source_path} holds binary data, not text (is it an image or a PDF saved as .txt?); "
        "save the article as plain text.",
    )


# --- saved web pages --------------------------------------------------------

HTML_SUFFIXES = (".html", ".htm")

_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL
)

# Elements whose content is never article text: code, styling, menus, forms
# and everything in <head> (the <title> repeats the headline with the site name).
_HIDDEN_ELEMENTS = frozenset(
    {"head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas",
     "nav", "form", "button", "select", "textarea"}
)
_BLOCK_ELEMENTS = frozenset(
    {"address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl", "dt", "figcaption",
     "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre",
     "section", "summary", "table", "td", "th", "tr", "ul"}
)


def is_html(text: str, source_path: str) -> bool:
    """A saved web page: named .html/.htm, or text that opens as an HTML document."""
    return PurePosixPath(source_path).suffix.lower() in HTML_SUFFIXES or bool(_HTML_START.match(text[:4096]))


class _TextOfPage(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden: list[str] = []  # open hidden elements, innermost last
        self.in_pre = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "body":
            self.hidden.clear()  # a <head> left open ends where the body starts
        if tag in _HIDDEN_ELEMENTS:
            self.hidden.append(tag)
        elif self.hidden:
            return
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_ELEMENTS:
            self.parts.append("\n\n")
            self.in_pre += tag == "pre"

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag not in _HIDDEN_ELEMENTS:  # <script src="..."/> hides nothing
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.hidden:
            del self.hidden[len(self.hidden) - 1 - self.hidden[::-1].index(tag) :]
        elif not self.hidden and tag in _BLOCK_ELEMENTS:
            self.parts.append("\n\n")
            if tag == "pre" and self.in_pre:
                self.in_pre -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            # Outside <pre>, HTML renders any run of white space as one space.
            self.parts.append(data if self.in_pre else re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """The readable text of a saved web page: tags, scripts, styles, menus
    and forms removed, entities decoded, one paragraph per block element."""
    parser = _TextOfPage()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    # Ends in a line end, as a text file does.
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n ") + "\n"


# --- normalisation ----------------------------------------------------------

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = dict.fromkeys(map(ord, "\xa0\u2007\u202f\u2009\u200a\t"), " ")
# Page breaks and Unicode line separators end a line like LF does; dropped
# with the other control characters they would glue two words together.
_LINE_BREAKS = dict.fromkeys(map(ord, "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"), "\n")
# Unicode category Cc less LF: exactly these two ranges.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def normalise_text(text: str) -> str:
    """One canonical form for offsets: NFC, LF line ends, plain spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_ZERO_WIDTH).translate(_SPACES).translate(_LINE_BREAKS)
    # NFC last: a character removed above may have kept an accent from its letter.
    return unicodedata.normalize("NFC", _CONTROL.sub("", text))


# --- paragraphs -------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?:;\"'”’)…]\s*$")


def find_paragraphs(text: str) -> list[Span]:
    """Paragraphs are blocks between blank lines; a block of several lines is
    one paragraph when it is hard-wrapped prose and one paragraph per line
    otherwise (web pages saved as text put each paragraph on its own line)."""
    paragraphs: list[Span] = []
    for block in re.finditer(r"[^\n]+(?:\n[^\n]*\S[^\n]*)*", text):
        lines = [m for m in re.finditer(r"[^\n]+", block.group()) if m.group().strip()]
        if _is_hard_wrapped([m.group() for m in lines]):
            paragraphs.append(_strip_span(text, block.start(), block.end()))
            continue
        for line in lines:
            paragraphs.append(_strip_span(text, block.start() + line.start(), block.start() + line.end()))
    return [p for p in paragraphs if p.char_end > p.char_start]


def _is_hard_wrapped(lines: list[str]) -> bool:
    if len(lines) < 2:
        return False
    body = lines[:-1]
    wrapped = sum(1 for line in body if 50 <= len(line.rstrip()) <= 100 and not _SENTENCE_END.search(line))
    return wrapped >= max(1, int(0.6 * len(body)))


def _strip_span(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


# A letter or digit in any script.
_WORD = re.compile(r"[^\W_]")


def build_document(document_id: str, source_path: str, raw: bytes) -> tuple[SourceDocument, str | None]:
    """Raw bytes of one saved article (plain text or a saved web page) -> a
    SourceDocument, plus a warning when the text was only partly decodable.
    Raises IngestError for a file that is not an article at all."""
    decoded, warning = decode_bytes(raw, source_path)
    page = is_html(decoded, source_path)
    text = normalise_text(html_to_text(decoded) if page else decoded)
    if not text.strip():
        what = "an HTML page with no readable text once tags, scripts and styles are removed" if page else "no text"
        raise IngestError(
            source_path, "parse", f"{source_path} holds {what}; save the article's text into it or remove the file."
        )
    if not _WORD.search(text):
        # Only punctuation or symbols (a file of quote marks): nothing to
        # read, and its "headline" would be the whole file.
        raise IngestError(
            source_path,
            "parse",
            f"{source_path} has no words, only punctuation, symbols or spaces; "
            "save the article's text into it or remove the file.",
        )
    paragraphs = find_paragraphs(text)
    own_date = find_own_date(text, paragraphs)
    return (
        SourceDocument(
            document_id=document_id,
            source_path=source_path,
            sha256=sha256_hex(raw),
            text=text,
            title=find_title(text, paragraphs),
            published_date=own_date[0] if own_date else None,
            published_date_precision=own_date[1] if own_date else None,
            paragraphs=paragraphs,
            sections=find_sections(text, paragraphs),
        ),
        warning,
    )
