"""What a report's sentences say beside its identity: the clause that only
recalls it, the years an annual report covers, the establishment another
inspectorate's report is of, the month of fieldwork, titles a page gives it,
its lead inspector and headline finding."""

from __future__ import annotations

import re
from datetime import date

from pipelines.extract.inspections.clusters import _Cluster
from pipelines.extract.inspections.lexicon import lexicon
from pipelines.extract.inspections.sentences import _Sentence
from pipelines.extract.inspections.titles import _inspector_name
from pipelines.read.dates import find_dates

# A report's year or years: "2018-19", "2018/19", "2024".
_PERIOD = re.compile(r"(?<![\w£$-])(?P<first>(?:19|20)\d\d)(?:\s*[-–/]\s*(?P<second>(?:19|20)?\d\d))?(?![\w-])")


class _ReportDetails:
    """The part of the mention builder that reads details from the text
    (``self.text``, ``self.refdata``, ``self.units``, ``self.sentences``,
    ``self.document`` are the builder's)."""

    def _looking_back(self, cluster: _Cluster) -> tuple[int, ...]:
        starts = set()
        for ref in cluster.refs:
            for cue in ref.cues:
                m = self.refdata.looking_back.search(self.text, ref.sentence.start, cue.start)
                if m and m.start() > ref.sentence.start:
                    starts.add(m.start())
        return tuple(sorted(starts))

    def _report_period(self, cluster: _Cluster) -> str | None:
        """The year or years an annual report covers, written next to its
        name: "its annual report for 2018-19", "the 2024 Annual Report"."""
        pattern = self.refdata.cue_patterns.get("annual_report")
        for ref in cluster.refs if pattern else ():
            text = ref.sentence.text
            for cue in pattern.finditer(text):
                window = text[max(0, cue.start() - 12): cue.end() + 25]
                m = _PERIOD.search(window)
                if m:
                    first, second = m.group("first"), m.group("second")
                    return f"{first}–{second[-2:]}" if second else first
        return None

    def _establishment(self, cluster: _Cluster) -> str | None:
        """The one prison or youth custody establishment the report's unit
        names ("HMP Wandsworth"), when there is one."""
        pattern = self.refdata.cue_patterns.get("establishment")
        found = {m.group() for sentence in (self._unit_sentences(cluster) if pattern else ())
                 for m in re.finditer(rf"(?:{pattern.pattern})\s+(?-i:[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)",
                                      sentence.text)}
        return found.pop() if len(found) == 1 else None

    def _fieldwork_date(self, cluster: _Cluster):
        """The month inspectors visited: "carried out inspections in November",
        "inspected in June 2019" (first day of the month)."""
        pattern = self.refdata.cue_patterns.get("fieldwork")
        if not pattern:
            return None
        reference = getattr(self.document, "reference_date", None)
        for ref in cluster.refs:
            text = ref.sentence.text
            for m in pattern.finditer(text):
                after = re.match(r"(?:\s+[\w'’-]+){0,4}?\s+(?:in|during|between)\s+", text[m.end():])
                if not after:
                    continue
                found = [d for d in find_dates(text[m.end() + after.end():]) if d.char_start == 0 and d.month]
                if found:
                    mention = found[0].resolve(reference)
                    if mention.year is not None:
                        return date(mention.year, mention.month, 1)
        return None

    def _headline_title(self, cluster: _Cluster) -> str | None:
        """A headline "<title> – HM Inspectorate of Probation" (a publication
        page or its copy), over the unit or the whole page, gives the title
        of the report the page is about."""
        if cluster.status != "current":
            return None
        unit = self.units[cluster.unit] if cluster.unit < len(self.units) else None
        for heading in (unit.heading if unit else None, getattr(self.document, "title", None)):
            m = re.match(r"^\s*(?P<title>.{8,200}?)\s+[–—-]\s+(?P<by>.+?)\s*$", heading or "")
            if m and self.refdata.alias_pattern.fullmatch(m.group("by").replace("’", "'")):
                return m.group("title").strip(" '\"“”‘’")
        return None

    def _heading_title(self, cluster: _Cluster) -> str | None:
        unit = self.units[cluster.unit] if cluster.unit < len(self.units) else None
        if unit is None or not unit.heading:
            return None
        heading = unit.heading.split(":")[0].strip() if ":" in unit.heading else unit.heading.strip()
        heading = heading.strip(" '\"“”‘’-–")
        return heading if len(heading.split()) >= 2 else None

    def _unit_sentences(self, cluster: _Cluster) -> list[_Sentence]:
        units = {r.sentence.unit for r in cluster.refs}
        return [s for s in self.sentences if s.unit in units]

    def _lead_inspector(self, cluster: _Cluster) -> str | None:
        for sentence in self._unit_sentences(cluster):
            name = _inspector_name(sentence.text, self.refdata.chief_pattern)
            if name:
                return name
        return None

    def _headline_finding(self, cluster: _Cluster) -> str | None:
        if cluster.status == "previous":
            ref = next((r for r in cluster.refs if lexicon().finding_verb.search(r.sentence.text)
                        or re.search(r"\bwhen\b", r.sentence.text)), None)
            return ref.sentence.text if ref else None
        lede = next((s for s in self.sentences if s.unit == cluster.unit), None)
        if lede and len(lede.text.split()) >= 8 and lexicon().finding_verb.search(lede.text) and not lede.text.endswith(":"):
            return lede.text
        ref = next((r for r in cluster.refs if lexicon().finding_verb.search(r.sentence.text)
                    and len(r.sentence.text.split()) >= 6 and not r.sentence.text.endswith(":")), None)
        return ref.sentence.text if ref else (cluster.introducing or cluster.refs)[0].sentence.text
