"""Seeds -> documents: decode raw bytes, normalise text, find paragraphs.

Every offset anywhere in the dataset indexes into ``SourceDocument.text``,
the normalised text produced here, so all normalisation happens once, here.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from pipelines.extract.errors import IngestError
from pipelines.extract.layout import find_sections, find_published_date, find_title
from pipelines.extract.model import SECTION_KINDS, Section, SourceDocument, Span

__all__ = ["SECTION_KINDS", "Section", "SourceDocument", "Span", "build_document", "decode_bytes", "find_paragraphs", "normalise_text"]


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
                return raw.decode(encoding), None
            except UnicodeDecodeError as exc:
                raise IngestError(
                    source_path,
                    "decode",
                    f"{source_path} starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"(byte {exc.start}); re-save it as UTF-8.",
                ) from exc
    sample = raw[:65536]
    if b"\x00" in sample or len(_BINARY_CONTROL.findall(sample.decode("latin-1"))) > len(sample) // 100:
        raise IngestError(
            source_path,
            "decode",
            f"{source_path} holds binary data, not text (is it an image or a PDF saved as .txt?); "
            "save the article as plain text.",
        )
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    # Text that is not UTF-8 but decodes cleanly as Windows-1252 (curly quotes,
    # pound signs) is the common case for pages saved on Windows.
    if _looks_like_cp1252(raw):
        return raw.decode("cp1252"), None
    text = raw.decode("utf-8", errors="replace")
    return text, (
        f"{source_path} is not valid UTF-8 (first bad byte at offset {first_bad}); "
        "the undecodable bytes were replaced with U+FFFD. Re-save the file as UTF-8 to keep them."
    )


def _looks_like_cp1252(raw: bytes) -> bool:
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    # Mostly-ASCII text whose high bytes are typographic punctuation or
    # currency: typical of Windows-1252 prose, not of mis-decoded UTF-8.
    high = [c for c in text if ord(c) > 127]
    return bool(high) and all(c in "‘’“”–—…£€•é\xa0©®°½¼¾èàâêôûçëïü" for c in high)


# --- normalisation ----------------------------------------------------------

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = dict.fromkeys(map(ord, "\xa0\u2007\u202f\u2009\u200a\t"), " ")


def normalise_text(text: str) -> str:
    """One canonical form for offsets: NFC, LF line ends, plain spaces."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_ZERO_WIDTH).translate(_SPACES)
    text = "".join(c for c in text if c == "\n" or unicodedata.category(c) != "Cc")
    return text


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


def build_document(document_id: str, source_path: str, raw: bytes) -> tuple[SourceDocument, str | None]:
    """Raw bytes of one saved article -> a SourceDocument, plus a warning
    when the text was only partly decodable. Raises IngestError for a file
    that is not an article at all."""
    decoded, warning = decode_bytes(raw, source_path)
    text = normalise_text(decoded)
    if not text.strip():
        raise IngestError(source_path, "parse", f"{source_path} holds no text after normalisation; remove it.")
    paragraphs = find_paragraphs(text)
    return (
        SourceDocument(
            document_id=document_id,
            source_path=source_path,
            sha256=sha256_hex(raw),
            text=text,
            title=find_title(text, paragraphs),
            published_date=find_published_date(text, paragraphs),
            paragraphs=paragraphs,
            sections=find_sections(text, paragraphs),
        ),
        warning,
    )
