"""Predicates on tokens and text that several quotation rules share."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pipelines.extract.quotes.context import _Reading
from pipelines.extract.quotes.marks import _WORD, count_words

if TYPE_CHECKING:
    from spacy.tokens import Token


def _direct_subject(verb: Token, lo: int = 0, hi: int | None = None) -> Token | None:
    hi = len(verb.doc) if hi is None else hi
    for child in verb.children:
        if child.dep_ == "nsubj" and lo <= child.i < hi:
            return child
    for child in verb.children:
        if child.dep_ == "agent" and lo <= child.i < hi:
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _first_organisation(readings: list[_Reading]) -> str | None:
    return next((_organisation_name(r) for r in readings if r.kind in ("provider", "body", "org")), None)


def _organisation_name(reading: _Reading) -> str | None:
    if reading.kind == "body" and reading.body is not None:
        return reading.body.name
    return reading.org_name


def _between_subject_and_verb(token: Token) -> bool:
    """"has", "also", "today" in "X has also today said"."""
    return token.pos_ in ("ADV", "AUX", "PART") or token.tag_ == "RP" or token.ent_type_ in ("DATE", "TIME")


def _title_part(token: Token) -> bool:
    return token.ent_type_ not in ("DATE", "TIME") and (
        token.pos_ in ("PROPN", "NOUN", "ADJ") or token.tag_ == "POS" or token.lower_ in ("of", "for", "and", "&")
    )


def _is_phrase_break(token: Token) -> bool:
    return token.text in {",", ";", ":", "(", ")", "[", "]", "–", "—", "-", '"', "“", "”", "‘", "?", "!"} or (
        token.text == "." and token.i > 0 and token.nbor(-1).whitespace_
    )


def _is_prose(paragraph: str) -> bool:
    return count_words(paragraph) >= 8 and bool(re.search(r"[.!?…][”’\"')]*\s*$", paragraph))


def _ends_with_word(text: str, words: tuple[str, ...]) -> bool:
    return any(re.search(r"(?<!\w)" + re.escape(w) + r"$", text) for w in words)


def _title_cased(text: str) -> bool:
    words = [w for w in _WORD.findall(text) if len(w) > 3 and not w.isdigit()]
    return len(words) >= 2 and all(w[0].isupper() for w in words)


def _window_covers(sequence: list[str], wanted: set[str], width: int) -> bool:
    """Whether some window of ``width`` consecutive items holds every wanted item."""
    for i in range(len(sequence)):
        if sequence[i] not in wanted:
            continue
        if wanted <= set(sequence[i : i + width]):
            return True
    return False
