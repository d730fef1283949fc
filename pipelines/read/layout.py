"""The layout of a saved web page: its sections, its title and its own date.

One saved page can hold the article itself, articles it reproduces from other
outlets ("This from the BBC website:-"), archive teasers, reader comments and
page furniture. Each paragraph gets a kind; runs of paragraphs of one kind and
group become sections, which tile the whole text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

from pipelines.read.dates import MONTHS, find_dates
from pipelines.read.model import Section, Span
from pipelines.refdata import load_refdata

_NUMBERED_ITEM = re.compile(r"\d{1,3}[.)]\s+\S")
_PROSE_END = re.compile(r"[.!?\"”’)]\s*$")
_COLON_INTRO = re.compile(r":-?\s*$")


@dataclass(frozen=True)
class _Cues:
    boilerplate: re.Pattern
    tail: re.Pattern
    embedded_intros: tuple[re.Pattern, ...]
    teaser_end: re.Pattern
    own_date: tuple[re.Pattern, ...]
    datelines: tuple[re.Pattern, ...]
    updated: re.Pattern
    publishers: dict[str, str]
    continue_link: re.Pattern


@functools.lru_cache(maxsize=1)
def _cues() -> _Cues:
    data = load_refdata("page_layout")

    def whole(patterns: list[str]) -> re.Pattern:
        return re.compile(r"^(?:" + "|".join(patterns) + r")$", re.IGNORECASE)

    publishers = {alias.casefold(): name for name, aliases in data["publishers"].items() for alias in aliases}
    return _Cues(
        boilerplate=whole(data["boilerplate_lines"]),
        tail=whole(data["tail_markers"]),
        embedded_intros=tuple(re.compile(r"^" + p + r"$", re.IGNORECASE) for p in data["embedded_intros"]),
        teaser_end=re.compile(r"(?:" + "|".join(data["teaser_ends"]) + r")\s*$", re.IGNORECASE),
        own_date=tuple(re.compile(p, re.IGNORECASE) for p in data["own_date_cues"]),
        updated=re.compile(r"^\s*(?:" + "|".join(re.escape(c) for c in data.get("updated_cues") or ["updated"]) + r")\b", re.I),
        datelines=tuple(re.compile(r"^\s*(?:" + p + r")\s*$", re.IGNORECASE) for p in data.get("dateline_forms") or ()),
        publishers=publishers,
        continue_link=re.compile(r"(?:" + "|".join(data["continue_links"]) + r")\s*[.→»]*\s*$", re.IGNORECASE),
    )


def continue_link() -> re.Pattern:
    """A link to the rest of an article at the end of a paragraph ("Read more »")."""
    return _cues().continue_link


def canonical_publisher(name: str) -> str:
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    cues = _cues()
    return cues.publishers.get(name.casefold()) or cues.publishers.get(f"the {name}".casefold()) or name


def is_heading(paragraph: str) -> bool:
    """A short line without closing punctuation: a headline or sub-heading
    (headlines may end in a question mark)."""
    return len(paragraph) <= 160 and not re.search(r"[.!:;,-]\s*$", paragraph)


def _is_prose(paragraph: str) -> bool:
    return len(paragraph.split()) >= 8 and bool(_PROSE_END.search(paragraph))


def _indentation(text: str, span: Span) -> int:
    return span.char_start - (text.rfind("\n", 0, span.char_start) + 1)


@dataclass
class _Label:
    kind: str
    group: int
    publisher: str | None = None


def find_sections(text: str, paragraphs: list[Span]) -> list[Section]:
    if not paragraphs:
        return [Section(0, "article", 0, len(text))] if text else []
    labels = _label_paragraphs(text, paragraphs)
    return _group_sections(text, paragraphs, labels)


def _label_paragraphs(text: str, paragraphs: list[Span]) -> list[_Label]:
    cues = _cues()
    labels: list[_Label] = []
    group = 0
    current = _Label("article", group)
    in_tail = False
    in_comments = False
    previous_prose_ends_colon = False
    for span in paragraphs:
        para = span.of(text)
        indented = _indentation(text, span) > 0
        numbered = bool(_NUMBERED_ITEM.match(para)) and indented
        if numbered and not previous_prose_ends_colon and not in_comments:
            in_comments = True
        if in_comments and (numbered or indented):
            if numbered:
                group += 1
            labels.append(_Label("comment", group))
            continue
        if in_comments or in_tail or cues.tail.match(para):
            in_tail = True
            labels.append(_Label("boilerplate", group))
            continue
        if cues.boilerplate.match(para):
            labels.append(_Label("boilerplate", group))
            continue
        intro = next((m for p in cues.embedded_intros if (m := p.match(para))), None)
        labels.append(current)
        if intro:
            group += 1
            current = _Label("embedded_article", group, canonical_publisher(intro.group("publisher")))
        if not numbered:
            previous_prose_ends_colon = para.rstrip().endswith(":")
    _mark_teasers(text, paragraphs, labels)
    return labels


def _mark_teasers(text: str, paragraphs: list[Span], labels: list[_Label]) -> None:
    """Archive pages list posts as heading + teaser ending "Continue Reading"."""
    cues = _cues()
    group = max(label.group for label in labels) + 1
    for i, span in enumerate(paragraphs):
        if labels[i].kind not in ("article", "embedded_article") or not cues.teaser_end.search(span.of(text)):
            continue
        start = i - 1 if i > 0 and is_heading(paragraphs[i - 1].of(text)) else i
        for j in range(start, i + 1):
            labels[j] = _Label("embedded_article", group)
        group += 1


def _group_sections(text: str, paragraphs: list[Span], labels: list[_Label]) -> list[Section]:
    runs: list[tuple[int, int]] = []  # (first paragraph, last paragraph) per section
    for i, label in enumerate(labels):
        prev = labels[i - 1] if i else None
        if prev is not None and (prev.kind, prev.group) == (label.kind, label.group):
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    sections = []
    for index, (first, last) in enumerate(runs):
        start = 0 if index == 0 else paragraphs[first].char_start
        end = len(text) if index == len(runs) - 1 else paragraphs[runs[index + 1][0]].char_start
        label = labels[first]
        title = None
        if label.kind == "embedded_article" and is_heading(paragraphs[first].of(text)):
            title = paragraphs[first].of(text)
        sections.append(Section(index, label.kind, start, end, label.publisher, title))
    return sections


def find_title(text: str, paragraphs: list[Span]) -> str:
    """The headline: the first heading-like paragraph that is neither a date
    nor furniture and is followed by prose (or by a line introducing what
    follows); else the first paragraph."""
    cues = _cues()
    head = [span.of(text) for span in paragraphs[:12]]
    for i, para in enumerate(head):
        if not is_heading(para) or cues.boilerplate.match(para) or _is_date_line(para):
            continue
        following = next((p for p in head[i + 1 :] if not cues.boilerplate.match(p)), "")
        if _is_prose(following) or _COLON_INTRO.search(following):
            return para
    return head[0] if head else ""


def _is_date_line(paragraph: str) -> bool:
    dates = find_dates(paragraph)
    return bool(dates) and len(paragraph) - sum(len(d.text) for d in dates) <= 12


def dateline_date(paragraph: str) -> date | None:
    """A page's own date written as furniture: "27 Jul 18", "05/12/2018
    10:15:00", "date 2023-02-09", "Wed 5 Dec 2018 00.01 GMT", "3 March 2016 -
    Immediate Release" (forms in page_layout.yaml)."""
    for pattern in _cues().datelines:
        m = pattern.match(paragraph.strip())
        if not m:
            continue
        groups = m.groupdict()
        if groups.get("date"):
            mention = next((d for d in find_dates(groups["date"]) if d.precision == "day"), None)
            if mention:
                return mention.as_date()
            continue
        month_text = groups.get("month") or ""
        month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower().rstrip("."))
        year = int(groups["year"]) if groups.get("year") else None
        if year is not None and year < 100:
            year += 2000
        try:
            return date(year, month, int(groups["day"])) if month and year else None
        except (TypeError, ValueError):
            continue
    return None


def find_own_date(text: str, paragraphs: list[Span]) -> tuple[date, str] | None:
    """The date the document gives for itself and its precision: a dateline
    at the top of the page, or a cue such as "today's (8 February 2018)" or
    "Published on ..."; an "Updated:" stamp dates the page to its year only
    (first day of the year)."""
    for span in paragraphs[:4]:
        para = span.of(text)
        if _is_date_line(para):
            mention = find_dates(para)[0]
            if mention.precision == "day":
                return _own(mention.as_date(), para)
    for span in paragraphs[:8]:
        found = dateline_date(span.of(text))
        if found:
            return _own(found, span.of(text))
    for pattern in _cues().own_date:
        for match in pattern.finditer(text):
            mention = next((d for d in find_dates(match.group("date")) if d.precision == "day"), None)
            if mention:
                return _own(mention.as_date(), match.group())
    return None


def _own(value: date, written: str) -> tuple[date, str]:
    if _cues().updated.search(written):
        return date(value.year, 1, 1), "year"
    return value, "day"
