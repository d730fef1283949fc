"""A cheap first pass that chooses which paragraphs the model must parse.

Most of a parse's cost is spent on paragraphs that yield nothing: no
quotation mark, no number, no provider. ``masked_text`` blanks such
paragraphs out (every character but line breaks becomes a space), so the
text keeps its length and every offset; spaCy turns a run of spaces into a
single whitespace token and spends almost nothing on it. ``restore`` then
gives back a Doc of the original text: the parsed paragraphs keep their
annotations, the blanked ones get their words back as tokens with no tags,
lemmas or entities, each paragraph one sentence of its own.

What is kept, besides paragraphs with a quotation mark, a digit, a number
word, a provider or an inspectorate: the first paragraph (the headline),
the paragraphs a quotation's attribution may look back to, and a paragraph
ending "... said:" with the block quotation after it.

Whether this costs accuracy is measured, not assumed (benchmarks/run.py
compares the extractions with and without it); ``extract_corpus`` uses it
only when asked to.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from pipelines.extract.nlp import parse_is_of
from pipelines.extract.numbers.vocabulary import vocabulary as number_vocabulary
from pipelines.extract.providers import Gazetteer
from pipelines.extract.quotes import MAX_FALLBACK_PARAGRAPHS
from pipelines.extract.providers.register import type_nouns
from pipelines.extract.quotes.lexicon import bodies as speaking_bodies
from pipelines.read.model import SourceDocument, Span

# spaCy (and numpy) are imported where a parse is restored, not with the
# module: see nlp.py.
if TYPE_CHECKING:
    from spacy.tokens import Doc

# The token attributes a restored parse keeps, by spaCy's names.
_ATTRS = ["TAG", "POS", "MORPH", "LEMMA", "NORM", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "ENT_KB_ID", "SPACY"]
_OUTSIDE_ENTITY = 2  # ENT_IOB "O": annotated, and no entity
# A quotation mark, but not an apostrophe inside a word.
_QUOTATION = re.compile(r"[“”„‟«»‘‚‛‹›\"]|(?<![^\W_])['’]|['’](?![^\W_])")


@functools.lru_cache(maxsize=1)
def _trigger() -> re.Pattern:
    """One pattern for everything that makes a paragraph worth a parse."""
    numbers = number_vocabulary()
    number_words = {*numbers.cardinals, *numbers.magnitudes, *numbers.fractions}
    body_names = {name for body in speaking_bodies() for name in (body.name, *body.aliases)}

    def words(items) -> str:
        return "|".join(re.escape(w) for w in sorted(items, key=len, reverse=True))

    crc, trust = type_nouns()["crc"], type_nouns()["probation_trust"]
    # Stems, so plurals count too ("CRCs", "Probation Trusts", "Community Rehabilitation Companies").
    type_stems = (crc.abbreviation, trust.noun, crc.noun.removesuffix("y"))

    return re.compile(
        rf"{_QUOTATION.pattern}|[0-9]"
        rf"|\b(?:{words(number_words)})\b"
        # Provider names the gazetteer only finds with the parse's help.
        rf"|\b(?:{words(type_stems)}|NPS)"
        rf"|(?i:\b(?:{words(body_names)})\b)"
    )


def paragraphs_to_mask(document: SourceDocument, gazetteer: Gazetteer) -> list[Span]:
    """The document's paragraphs that no extractor needs parsed."""
    text = document.text
    paragraphs = document.paragraphs
    if not paragraphs:
        return []
    provider_starts = sorted(m.char_start for m in gazetteer.find_mentions(text))
    keep = [False] * len(paragraphs)
    keep[0] = True
    quoted = [False] * len(paragraphs)
    cursor = 0
    for i, para in enumerate(paragraphs):
        raw = para.of(text)
        while cursor < len(provider_starts) and provider_starts[cursor] < para.char_start:
            cursor += 1
        has_provider = cursor < len(provider_starts) and provider_starts[cursor] < para.char_end
        quoted[i] = bool(_QUOTATION.search(raw))
        if has_provider or _trigger().search(raw):
            keep[i] = True
    for i, para in enumerate(paragraphs):
        if not keep[i]:
            continue
        if quoted[i]:
            # Attribution looks back to the speakers of the paragraphs before.
            for j in range(max(0, i - MAX_FALLBACK_PARAGRAPHS), i):
                keep[j] = True
    for i in range(len(paragraphs) - 1):
        # "X said:" introduces the next paragraph as a block quotation.
        if paragraphs[i].of(text).rstrip().endswith(":"):
            keep[i] = keep[i + 1] = True
    return [para for para, kept in zip(paragraphs, keep) if not kept]


def masked_text(text: str, spans: list[Span]) -> str:
    """``text`` with every character of ``spans`` but line breaks made a space."""
    if not spans:
        return text
    out = []
    at = 0
    for span in sorted(spans, key=lambda s: s.char_start):
        out.append(text[at : span.char_start])
        out.append(re.sub(r"[^\n]", " ", span.of(text)))
        at = span.char_end
    out.append(text[at:])
    return "".join(out)


def restore(parsed: Doc, text: str, tokenizer) -> Doc:
    """A Doc of ``text`` from the parse of its masked copy (same length).

    Tokens whose characters (trailing space included) are the same in both
    keep every annotation; each run of other tokens, which can only be
    whitespace standing for blanked paragraphs, is re-tokenised from
    ``text``. Those words get no tags, lemmas or entities; each blanked
    paragraph becomes a sentence of its own (its first word the root, the
    others attached to it), so no parsed sentence runs into it."""
    if parse_is_of(parsed, text):
        return parsed
    import numpy
    from spacy.attrs import IDS
    from spacy.tokens import Doc

    attrs = [IDS[name] for name in _ATTRS]
    old = parsed.to_array(attrs)
    head_col, dep_col, iob_col = _ATTRS.index("HEAD"), _ATTRS.index("DEP"), _ATTRS.index("ENT_IOB")
    old_heads = old[:, head_col].astype(numpy.int64)  # relative offsets, stored wrapped as unsigned
    words: list[str] = []
    spaces: list[bool] = []
    rows: list[numpy.ndarray] = []
    # New index of every parsed token, and the parsed head each kept token had.
    new_index = numpy.zeros(len(parsed) + 1, dtype=numpy.int64)
    heads: list[int | None] = []
    root_label = parsed.vocab.strings.add("ROOT")
    attached_label = parsed.vocab.strings.add("dep")
    i = 0
    while i < len(parsed):
        token = parsed[i]
        if _same(token, text):
            new_index[i] = len(words)
            words.append(token.text)
            spaces.append(bool(token.whitespace_))
            rows.append(old[i])
            heads.append(i + int(old_heads[i]))
            i += 1
            continue
        j = i
        while j < len(parsed) and not _same(parsed[j], text):
            j += 1
        start = parsed[i].idx
        end = parsed[j - 1].idx + len(parsed[j - 1].text_with_ws)
        replacement = tokenizer(text[start:end])
        fresh = replacement.to_array(attrs)
        first = len(words)
        new_index[i:j] = first
        root: int | None = None
        for k, new in enumerate(replacement):
            row = fresh[k].copy()
            row[iob_col] = _OUTSIDE_ENTITY
            if new.is_space and root is None and words:
                # Leading line breaks end the sentence before, as the parser
                # attaches them; attached to the next sentence they would
                # pull the blanked paragraph into it.
                heads.append(-len(words))
                row[dep_col] = attached_label
            elif root is None or (k > 0 and replacement[k - 1].is_space and "\n" in replacement[k - 1].text):
                root = len(words)
                heads.append(None)
                row[dep_col] = root_label
            else:
                heads.append(-1 - root)
                row[dep_col] = attached_label
            words.append(new.text)
            spaces.append(bool(new.whitespace_))
            rows.append(row)
        i = j
    array = numpy.array(rows, dtype=numpy.uint64).reshape(len(rows), len(_ATTRS))
    # A head is an old index (mapped), a new index written as -1 - index,
    # or None for a root.
    absolute = [n if h is None else -1 - h if h < 0 else int(new_index[h]) for n, h in enumerate(heads)]
    array[:, head_col] = (numpy.array(absolute, dtype=numpy.int64) - numpy.arange(len(heads))).astype(numpy.uint64)
    restored = Doc(parsed.vocab, words=words, spaces=spaces)
    restored.from_array(attrs, array)
    return restored


def _same(token, text: str) -> bool:
    """Whether the token and its trailing space read the same in ``text``."""
    return text[token.idx : token.idx + len(token.text_with_ws)] == token.text_with_ws
