"""Quotation marks paired within a paragraph.

An unbalanced mark can never swallow the rest of an article: a paragraph that
ends inside a quote is a quotation that continues in the next paragraph (one
row per paragraph, as the dataset contract asks)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_DOUBLE_OPEN = "“„‟«"
_DOUBLE_CLOSE = "”»"
_SINGLE_OPEN = "‘‚‛‹"
_SINGLE_CLOSE = "’›"
_MARKS = frozenset(_DOUBLE_OPEN + _DOUBLE_CLOSE + _SINGLE_OPEN + _SINGLE_CLOSE + "\"'")
_DASHES = "-‐‑‒–—―"
_OPENERS_AROUND = "([{/" + _DASHES + _DOUBLE_OPEN + _SINGLE_OPEN + "\"'"
_CLOSERS_AROUND = ".,;:!?)]}…" + _DASHES + _DOUBLE_CLOSE + _SINGLE_CLOSE + "\"'"
_TERMINAL = ".!?…"
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


@dataclass(frozen=True)
class _Marked:
    """One top-level quotation inside a paragraph."""

    open_at: int  # the opening mark
    close_at: int | None  # the closing mark; None when the paragraph ends inside the quote
    start: int  # first quoted character (quote marks and spaces excluded)
    end: int  # one past the last quoted character
    family: str  # double | single


@dataclass
class _Open:
    at: int
    family: str
    tentative: bool  # a straight ' at the start of a word may be an elision ('70s)
    virtual: bool = False  # carried over from the previous paragraph, no mark of its own


def _family(mark: str) -> str:
    return "double" if mark in _DOUBLE_OPEN + _DOUBLE_CLOSE + '"' else "single"


def _mark_role(mark: str, left: str, right: str) -> str:
    """open, close, toggle (a straight double), open? (tentative), close?
    (closing quote or apostrophe) or apos."""
    left_open = left.isspace() or left in _OPENERS_AROUND
    right_open = right.isspace() or right in _CLOSERS_AROUND
    if mark in _DOUBLE_OPEN:
        return "open"
    if mark in _DOUBLE_CLOSE:
        return "close"
    if mark == '"':
        return "toggle"
    if mark in _SINGLE_OPEN:
        return "apos" if left.isalnum() and right.isalnum() else "open"
    if left.isalnum() and right.isalnum():
        return "apos"  # don't, company's
    if mark == "'" and left_open and not right.isspace():
        return "open?"
    if not left.isspace() and right_open:
        return "close?"
    return "apos"


def _possessive_plural(text: str, at: int, end: int) -> bool:
    """``workers' union``: an s-final word, a space, a lower-case word, and a
    better closing candidate later in the paragraph."""
    if text[at - 1] != "s" or not re.match(r"\s+[a-z]", text[at + 1 : end]):
        return False
    for j in range(at + 1, end):
        if text[j] in "'’" and not text[j - 1].isspace():
            right = text[j + 1] if j + 1 < end else " "
            if right.isspace() or right in _CLOSERS_AROUND:
                return True
    return False


def scan_quotation_marks(text: str, start: int, end: int, continues: str | None = None) -> list[_Marked]:
    """Top-level quotations in ``text[start:end]`` (one paragraph); nested
    quotations stay inside the quotation that encloses them.

    ``continues`` is the family of a quotation the previous paragraph left
    open. A paragraph normally reopens it with a mark of its own; when it
    does not but closes it ("Second part," she added.), the words before
    the closing mark are the rest of that quotation.
    """
    stack: list[_Open] = []
    pairs: list[tuple[int, int | None, str]] = []
    first = next((c for c in text[start:end] if not c.isspace()), "")
    if continues and first not in _DOUBLE_OPEN + _SINGLE_OPEN + "\"'":
        stack.append(_Open(start - 1, continues, False, virtual=True))
    for i in range(start, end):
        mark = text[i]
        if mark not in _MARKS:
            continue
        left = text[i - 1] if i > start else " "
        right = text[i + 1] if i + 1 < end else " "
        role = _mark_role(mark, left, right)
        if role == "toggle":
            role = _resolve_toggle(stack, left, right)
        if role in ("open", "open?"):
            stack.append(_Open(i, _family(mark), role == "open?"))
        elif role == "close":
            _close(stack, "double", i, pairs)
        elif role == "close?":
            top = stack[-1] if stack else None
            if top and top.family == "single" and not _possessive_plural(text, i, end):
                _close(stack, "single", i, pairs)
    outer = next((o for o in stack if not (o.tentative or o.virtual)), None)
    if outer is not None:
        pairs.append((outer.at, None, outer.family))
    return _top_level(text, pairs, start, end)


def _resolve_toggle(stack: list[_Open], left: str, right: str) -> str:
    has_open = any(o.family == "double" for o in stack)
    looks_open = (left.isspace() or left in _OPENERS_AROUND) and not right.isspace()
    looks_close = not left.isspace() and (right.isspace() or right in _CLOSERS_AROUND)
    if has_open and (looks_close or not looks_open):
        return "close"
    return "open"


def _close(stack: list[_Open], family: str, at: int, pairs: list) -> None:
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth].family == family:
            opener = stack[depth]
            del stack[depth:]
            pairs.append((opener.at, at, family))
            return


def _top_level(text: str, pairs: list[tuple[int, int | None, str]], start: int, end: int) -> list[_Marked]:
    spans = []
    for open_at, close_at, family in pairs:
        stop = close_at if close_at is not None else end
        a, b = open_at + 1, stop
        open_at = max(open_at, start)  # a carried-over quotation opens with its paragraph
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append(_Marked(open_at, close_at, a, b, family))
    spans.sort(key=lambda m: m.open_at)
    outer: list[_Marked] = []
    for span in spans:
        enclosing_end = (end if outer[-1].close_at is None else outer[-1].close_at) if outer else -1
        if span.open_at > enclosing_end:
            outer.append(span)
    return outer


def count_words(text: str) -> int:
    return len(_WORD.findall(text))
