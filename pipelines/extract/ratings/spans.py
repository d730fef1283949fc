"""Spans of text around a rating word: its quote marks, its clause, the
places it names and the lists they form."""

from __future__ import annotations

import re

from pipelines.extract.ratings.vocabulary import CLOSE_QUOTES, OPEN_QUOTES, Vocabulary

# Where the clause that carries a rating word begins: a semicolon, colon or
# dash, or a conjunction that opens a new clause with its own subject.
# Punctuation and contrastive conjunctions that end a clause: grammar, not the domain's words.
_CLAUSE_BREAK = re.compile(r"[;:–—]|\s-\s|\b(?:while|whereas|but|although|though)\b", re.I)
WORD = re.compile(r"[\w'’-]+")
_POSSESSIVE = re.compile(r"['’]s$")


def closing_quote(text: str, w0: int, w1: int, s1: int) -> int | None:
    """The end of the closing quote mark when the rating word is quoted on its
    own (punctuation may sit inside the quote: 'require improvement.')."""
    if w0 == 0 or text[w0 - 1] not in OPEN_QUOTES:
        return None
    m = re.match(r"[.,!?]?([" + CLOSE_QUOTES + r"])", text[w1:s1 + 1])
    return w1 + m.end() if m else None


def clause_begin(text: str, lo: int, w0: int) -> int:
    found = last_of(_CLAUSE_BREAK.finditer(text, lo, w0))
    return found.end() if found else lo


def negated(clause: str, vocab: Vocabulary) -> bool:
    words = WORD.findall(clause.lower())
    if words and words[-1].strip("'’") in vocab.hedges:
        return True
    return any(w in vocab.negations or w.endswith("n't") for w in words[-4:])


def first_word(after: str) -> str:
    m = re.match(r"\s*([\w'’-]+)", after)
    return m.group(1) if m else ""


def last_of(matches):
    found = None
    for found in matches:
        pass
    return found


def trim_place(text: str, a: int, b: int, vocab: Vocabulary) -> tuple[int, int] | None:
    """A place span without leading function words ("The", "A Welsh") or a
    possessive ("Derby's")."""
    words = list(re.finditer(r"[^\s,]+", text[a:b]))
    while words and _POSSESSIVE.sub("", words[0].group(0)) in vocab.not_places:
        words.pop(0)
    while words and _POSSESSIVE.sub("", words[-1].group(0)) in vocab.not_places:
        words.pop()
    if not words:
        return None
    start, stop = a + words[0].start(), a + words[-1].end()
    possessive = _POSSESSIVE.search(text[start:stop])
    return (start, stop - (len(possessive.group(0)) if possessive else 0))


def list_items(text: str, a: int, b: int, count: int | None, vocab: Vocabulary) -> list[tuple[int, int]]:
    """The names of a list "A, B and C, D, and E": split at commas; a last
    "X and Y" is two names unless the list has a serial comma or the
    expected count says otherwise."""
    span = text[a:b]
    parts = [(m.start(), m.end()) for m in re.finditer(r"[^,]+", span)]
    items = []
    for start, stop in parts:
        piece = span[start:stop]
        lead = re.match(r"\s*(?:and\s+|&\s+)?", piece).end()
        items.append((a + start + lead, a + stop - (len(piece) - len(piece.rstrip()))))
    if count == 1:
        return [trim_place(text, *items[0], vocab)] if trim_place(text, *items[0], vocab) and len(items) == 1 else []
    serial = re.search(r",\s*(?:and|&)\s", span) is not None
    if (count is None and not serial) or (count is not None and len(items) < count):
        last = items[-1]
        split = re.search(r"\s+(?:and|&)\s+", text[last[0]:last[1]])
        if split:
            items[-1:] = [(last[0], last[0] + split.start()), (last[0] + split.end(), last[1])]
    items = [span_ for span_ in (trim_place(text, x, y, vocab) for x, y in items) if span_]
    if len(items) < (count or 2) or (count is not None and len(items) != count):
        return []
    return items
