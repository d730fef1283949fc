"""Dates as articles write them, resolved against the document's own date.

A ``DateMention`` keeps what the text says (``year``/``month``/``day`` may be
missing) and its precision; ``resolve`` fills a missing year from the
document's date when there is one ("in December" in an article dated
15 December 2016 -> 2016-12), or from "today", "last year", "this year".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

_MONTH = r"(?P<month>" + "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"

DATE_PATTERN = re.compile(
    r"\b(?:"
    + _WEEKDAY + _DAY + r"\s+" + _MONTH + r"(?:,?\s+" + _YEAR + r")?"  # 15 December 2016
    + r"|" + _WEEKDAY + _MONTH.replace("month", "month2") + r"\s+(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year2>(?:19|20)\d\d)"  # December 15, 2016
    + r"|" + _MONTH.replace("month", "month3") + r"(?:\s+(?:of\s+)?(?P<year3>(?:19|20)\d\d))?"  # December 2016 / December
    + r"|(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)"
    + r"|(?P<year4>(?:19|20)\d\d)"
    + r")\b"
)

RELATIVE_YEAR = {"this year": 0, "last year": -1, "next year": 1}


@dataclass(frozen=True)
class DateMention:
    char_start: int
    char_end: int
    text: str
    year: int | None
    month: int | None
    day: int | None

    @property
    def precision(self) -> str | None:
        if self.year is None:
            return None
        if self.month is None:
            return "year"
        return "month" if self.day is None else "day"

    def resolve(self, reference: date | None) -> "DateMention":
        """Fill a missing year from the document's date (the latest such month
        not after the reference date)."""
        if self.year is not None or reference is None or self.month is None:
            return self
        year = reference.year if (self.month, self.day or 1) <= (reference.month, reference.day) else reference.year - 1
        # 29 February exists only in leap years: the latest one not after the reference.
        while self.day is not None and self.day > calendar.monthrange(year, self.month)[1]:
            year -= 1
        return DateMention(self.char_start, self.char_end, self.text, year, self.month, self.day)

    def iso(self) -> str | None:
        if self.year is None:
            return None
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def as_date(self) -> date | None:
        """The first day of the period, or None when the year is unknown."""
        if self.year is None:
            return None
        return date(self.year, self.month or 1, self.day or 1)


def find_dates(text: str) -> list[DateMention]:
    """Every calendar date, month or year in ``text`` (offsets into ``text``)."""
    found = []
    for m in DATE_PATTERN.finditer(text):
        g = m.groupdict()
        if g["iso"]:
            y, mo, d = map(int, g["iso"].split("-"))
            found.append(_mention(m, y, mo, d))
        elif g["month"]:
            found.append(_mention(m, _int(g["year"]), MONTHS[g["month"].lower()], int(g["day"])))
        elif g["month2"]:
            found.append(_mention(m, int(g["year2"]), MONTHS[g["month2"].lower()], int(g["day2"])))
        elif g["month3"]:
            if g["month3"] == "May" and not g["year3"] and _is_modal_may(text, m.start()):
                continue
            found.append(_mention(m, _int(g["year3"]), MONTHS[g["month3"].lower()], None))
        else:
            found.append(_mention(m, int(g["year4"]), None, None))
    return [d for d in found if d is not None]


def relative_year(phrase: str, reference: date | None) -> int | None:
    """'last year' in a document dated 2018 -> 2017."""
    if reference is None:
        return None
    offset = RELATIVE_YEAR.get(phrase.lower().strip())
    return None if offset is None else reference.year + offset


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _mention(m: re.Match, year: int | None, month: int | None, day: int | None) -> DateMention | None:
    if day is not None and month is not None:
        try:
            date(year or 2000, month, day)
        except ValueError:
            return None
    return DateMention(m.start(), m.end(), m.group(), year, month, day)


def _is_modal_may(text: str, start: int) -> bool:
    """'May' as a verb ("Public ownership may not work") is not a month. A
    capitalised May mid-sentence after a preposition is the month."""
    before = text[max(0, start - 12) : start].lower()
    return not re.search(r"\b(?:in|since|until|by|from|of|to|end of|early|late|mid)\s+$", before)
