"""Matching the reference data's aliases against the tokens of a text, tolerantly."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from pipelines.extract.providers.tokens import _is_acronym, _Token, _tokenise

# Gap between two tokens of a match, classified; a match may not cross a
# sentence end or a blank line.
_GAP_CLASSES = (
    ("space", re.compile(r"[ \t]*\n?[ \t]*")),
    ("comma", re.compile(r"[ \t]*,[ \t]*\n?[ \t]*")),
    ("apostrophe", re.compile(r"['’]")),
    ("hyphen", re.compile(r"[ \t]*[-/–—][ \t]*")),
    ("dot", re.compile(r"\.[ \t]*")),
)


def _gap_class(gap: str) -> str | None:
    for name, pattern in _GAP_CLASSES:
        if pattern.fullmatch(gap):
            return name
    return None


@dataclass(frozen=True)
class _Entry:
    """One alias, tokenised. ``kind`` is alias, context (a bare CRC region)
    or blocker (a place phrase that must never match as a provider)."""

    provider_id: str | None
    tokens: tuple[str, ...]
    gaps: tuple[str | None, ...]
    kind: str = "alias"

    @property
    def norms(self) -> tuple[str, ...]:
        return tuple("and" if t == "&" else t.casefold() for t in self.tokens)


def _entry(alias: str, provider_id: str | None, kind: str = "alias") -> _Entry | None:
    toks = _tokenise(alias)
    if not toks:
        return None
    gaps = tuple(_gap_class(alias[a.end : b.start]) for a, b in zip(toks, toks[1:]))
    return _Entry(provider_id, tuple(t.text for t in toks), gaps, kind)


@dataclass(frozen=True)
class _Match:
    entry: _Entry
    first: int  # token index
    last: int  # token index, inclusive
    char_start: int
    char_end: int


class _AliasMatcher:
    """Longest-first token matching of many aliases at once."""

    def __init__(self, entries: Iterable[_Entry], loose_words: set[str]) -> None:
        self.loose_words = loose_words
        self.by_first: dict[str, list[_Entry]] = {}
        for entry in entries:
            self.by_first.setdefault(entry.norms[0], []).append(entry)
        for bucket in self.by_first.values():
            bucket.sort(key=lambda e: (-len(e.tokens), e.kind != "blocker", e.provider_id or ""))

    def candidates(self, text: str, tokens: list[_Token], i: int) -> list[_Match]:
        found = []
        for entry in self.by_first.get(tokens[i].norm, ()):
            end = i + len(entry.tokens)
            if end <= len(tokens) and self._fits(text, tokens, i, entry):
                found.append(_Match(entry, i, end - 1, tokens[i].start, tokens[end - 1].end))
        return found

    def _fits(self, text: str, tokens: list[_Token], i: int, entry: _Entry) -> bool:
        for k, alias_token in enumerate(entry.tokens):
            token = tokens[i + k]
            if token.norm != entry.norms[k] or not self._case_fits(token.text, alias_token, k):
                return False
            if k and not self._gap_fits(text[tokens[i + k - 1].end : token.start], entry, k):
                return False
        return True

    def _case_fits(self, found: str, alias: str, position: int) -> bool:
        if _is_acronym(alias):
            return found == alias
        if not alias[:1].isupper():
            return True
        if position == 0 or alias.casefold() not in self.loose_words:
            return found[:1].isupper()
        return True

    def _gap_fits(self, gap: str, entry: _Entry, k: int) -> bool:
        found = _gap_class(gap)
        wanted = entry.gaps[k - 1]
        if found == "space":
            return True
        if found == "comma":
            # Commas separate place names ("Kent, Surrey and Sussex"), never a
            # place from the institution word ("London, CRC staff").
            return wanted == "comma" or entry.norms[k] not in self.loose_words | {"crc", "nps"}
        return found is not None and found == wanted
