"""The dates the text ties to a report, and how dates compare."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Iterable

from pipelines.extract.inspections.cues import _RELATIVE_DATE, _TODAYS, _WEEKDAYS
from pipelines.extract.inspections.refs import _Cue, _Date
from pipelines.extract.inspections.sentences import _Sentence
from pipelines.read.dates import find_dates


class _ReportDates:
    """The part of the reader that dates a sentence's references."""

    def _dates(self, sentence: _Sentence, cues: list[_Cue]) -> list[tuple[_Date, _Cue]]:
        """Dates the sentence ties to one of its cues (the nearest one)."""
        attached = []
        for start, end, value in self._candidate_dates(sentence):
            before = self.text[max(sentence.start, start - 30) : start]
            if self.refdata.future_before.search(before) or self.refdata.date_bound_before.search(before):
                continue
            # A date belongs to the report it is nearest to; "inspectors" only
            # takes a date when no report is named.
            reports = [c for c in cues if c.kind != "agent"] or cues
            cue = min(reports, key=lambda c: _distance(c, start, end))
            distance = _distance(cue, start, end)
            between = self.text[min(cue.end, end) : max(cue.start, start)]
            if re.search(r"[.;]\s", between):
                continue
            if self._ties_to_report(sentence, cue, start, end, distance, value, between):
                attached.append((value, cue))
        return attached

    def _ties_to_report(self, sentence: _Sentence, cue: _Cue, start: int, end: int, distance: int, value: _Date,
                        between: str) -> bool:
        """"published in December 2016", "available from 15 December 2016",
        "today's (8 February 2018) report", "Last month the watchdog published
        a report", "its previous inspection in 2014"."""
        lead_in = self.text[max(sentence.start, start - 25) : start]
        published = self.refdata.publication.search(lead_in) or (end <= cue.start and self.refdata.publication.search(between))
        if published or _TODAYS.search(self.text[max(sentence.start, start - 3) : end + 3]):
            return distance <= 90 if cue.kind in ("report", "inspected") else distance <= 25
        if cue.status == "previous" or cue.kind in ("inspected", "passive"):
            return distance <= 50
        if cue.kind == "agent":
            # "when inspectors looked at the CRC's work in 2017": an earlier visit
            return self._long_before(value) and distance <= 50
        if self.refdata.publication.search(self.text[max(sentence.start, cue.start - 30) : min(sentence.end, cue.end + 30)]):
            return distance <= 40 and cue.kind == "report"
        if re.search(r"\(\s*$", lead_in) and distance <= 12:
            return True
        return distance <= 12 and cue.kind == "report" and value.explicit

    def _candidate_dates(self, sentence: _Sentence) -> list[tuple[int, int, _Date]]:
        found = []
        for d in find_dates(sentence.text):
            mention = d.resolve(self.reference)
            if mention.year is None:
                continue
            if mention.month is None and _is_number_not_year(sentence.text, d.char_start, d.char_end):
                continue
            # A month resolved against the article's date is as good as written.
            explicit = d.year is not None or (d.month is not None and self.reference is not None)
            found.append((sentence.start + d.char_start, sentence.start + d.char_end,
                          _Date(mention.as_date(), mention.precision, explicit)))
        if self.reference is not None:
            for m in _RELATIVE_DATE.finditer(sentence.text):
                value = _relative(m, self.reference)
                if value and not any(s <= sentence.start + m.start() < e for s, e, _ in found):
                    found.append((sentence.start + m.start(), sentence.start + m.end(), value))
        return found


def _distance(cue: _Cue, start: int, end: int) -> int:
    if end <= cue.start:
        return cue.start - end
    if start >= cue.end:
        return start - cue.end
    return 0


def _is_number_not_year(text: str, start: int, end: int) -> bool:
    """"2,000" or "£2015" or "2018-19"'s "19" are not years."""
    return bool(re.search(r"[£$,.]$", text[max(0, start - 1) : start]) or re.match(r"[,.]\d", text[end : end + 2]))


def _relative(m: re.Match, reference: date) -> _Date | None:
    if m.group("today"):
        return _Date(reference, "day", True)
    if m.group("yesterday"):
        return _Date(reference - timedelta(days=1), "day", True)
    if m.group("thisweek"):
        return _Date(reference, "month", False)
    if m.group("lastweek"):
        return _Date((reference - timedelta(days=7)).replace(day=1), "month", False)
    if m.group("thismonth"):
        return _Date(reference.replace(day=1), "month", False)
    if m.group("lastmonth"):
        first = reference.replace(day=1) - timedelta(days=1)
        return _Date(first.replace(day=1), "month", False)
    if m.group("thisyear"):
        return _Date(date(reference.year, 1, 1), "year", False)
    if m.group("lastyear"):
        return _Date(date(reference.year - 1, 1, 1), "year", False)
    if m.group("weekday"):
        target = _WEEKDAYS[m.group("weekday").lower()]
        back = (reference.weekday() - target) % 7
        return _Date(reference - timedelta(days=back), "day", True)
    return None


def _best_date(dates: Iterable[_Date]) -> _Date | None:
    rank = {"day": 3, "month": 2, "year": 1}
    ordered = sorted(dates, key=lambda d: (not d.explicit, -rank.get(d.precision, 0)))
    return ordered[0] if ordered else None
