"""Place names as the provider patterns and the fallback read them: words
that start a phrase but are no place, headlines (where title case makes every
word look like a name), and lists of places ("North Manchester, Tameside and
Wigan") resolved longest first."""

from __future__ import annotations

import re
from typing import Callable

from pipelines.extract.providers.register import not_place_words

# Capitalised words that start a phrase but are no place names
# (refdata/providers.yaml, not_place_words).
NOT_PLACE = not_place_words()

# Twenty words never take more; a longer line is body text, however it ends.
_MAX_HEADLINE_CHARS = 400


def in_headline(text: str, offset: int) -> bool:
    """Title case makes every word look like a name: no discovery in headlines."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    end = end if end >= 0 else len(text)
    if end - start > _MAX_HEADLINE_CHARS:
        return False
    line = text[start:end].strip()
    return len(line.split()) <= 20 and not re.search(r"[.!?:;,]['’\"”)]?$", line)


_WORD = r"[A-Z][a-z]+(?:-(?:on|upon|under|le)-[A-Z][a-z]+)?"
PLACE = rf"{_WORD}(?:[ \t]+(?:upon[ \t]+|on[ \t]+|of[ \t]+|of[ \t]+the[ \t]+)?{_WORD})*"
PLACE_LIST = rf"{PLACE}(?:(?:[ \t]*,[ \t]*(?:and[ \t]+)?|[ \t]+(?:and|&)[ \t]+){PLACE})*"
_ITEM = re.compile(PLACE)


def places(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The place items of a list ("North Manchester, Tameside and Wigan")."""
    return [(m.start(), m.end()) for m in _ITEM.finditer(text, start, end)]


def joined(text: str, items: list[tuple[int, int]],
           resolve: Callable[[str], str | None]) -> list[tuple[int, int, str]]:
    """Items resolved longest first, so a joint place ("Bury and Rochdale",
    "Leicester, Leicestershire and Rutland") beats its parts."""
    found, i = [], 0
    while i < len(items):
        for j in range(len(items) - 1, i - 1, -1):
            start, end = items[i][0], items[j][1]
            provider_id = resolve(text[start:end])
            if provider_id:
                found.append((start, end, provider_id))
                i = j + 1
                break
        else:
            i += 1
    return found
