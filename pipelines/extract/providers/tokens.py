"""Words of a text as the alias matcher compares them."""

from __future__ import annotations

import re
from typing import NamedTuple

_TOKEN = re.compile(r"[^\W_]+|&")


class _Token(NamedTuple):
    """A word of a text (a named tuple: documents have thousands)."""

    text: str
    start: int
    end: int

    @property
    def norm(self) -> str:
        return "and" if self.text == "&" else self.text.casefold()


def _tokenise(text: str) -> list[_Token]:
    return [_Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _is_acronym(token: str) -> bool:
    return sum(1 for c in token if c.isupper()) >= 2


def _alias_key(alias: str) -> str:
    return re.sub(r"\s+", " ", alias).strip().casefold()


def _token_key(name: str) -> str:
    return " ".join(t.norm for t in _tokenise(name))
