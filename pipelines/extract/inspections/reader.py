"""Reads one document's sentences into inspection references."""

from __future__ import annotations

import re

from pipelines.extract.context import DocumentContext
from pipelines.extract.inspections.cues import _YEARS_AGO
from pipelines.extract.inspections.dates import _best_date, _distance, _ReportDates
from pipelines.extract.inspections.features import _ReportFeatures
from pipelines.extract.inspections.lexicon import lexicon
from pipelines.extract.inspections.listings import _Listings
from pipelines.extract.inspections.places import _place_pattern
from pipelines.extract.inspections.refs import _Cue, _Date, _Ref
from pipelines.extract.inspections.sentences import _Sentence
from pipelines.extract.providers import ProviderMention


class _Reader(_ReportFeatures, _ReportDates, _Listings):
    """Reads one document's sentences into inspection references."""

    def __init__(self, context: DocumentContext):
        self.document = context.document
        self.text = context.text
        self.reference = context.document.reference_date
        self.refdata = lexicon()
        self.gazetteer = context.gazetteer
        self.provider_mentions = [m for m in context.provider_mentions
                                  if self.text[m.char_start:m.char_end] == m.text]
        self.pos = _pos_by_offset(context.parsed)
        self.places, self.bare_places = _place_pattern(_gpe_names(context.parsed))

    # -- per sentence -------------------------------------------------------------

    def refs(self, sentence: _Sentence) -> list[_Ref]:
        cues = self._cues(sentence)
        if not cues:
            return []
        dates = self._dates(sentence, cues)
        self._settle_status(sentence, cues, dates)
        groups: dict[str, list[_Cue]] = {}
        for cue in cues:
            groups.setdefault(cue.status, []).append(cue)
        refs = []
        for status, group in groups.items():
            if status == "future":
                continue
            refs.extend(self._split_listed(sentence, self._ref(sentence, status, group, cues, dates)))
        return refs

    def _settle_status(self, sentence: _Sentence, cues: list[_Cue], dates: list[tuple[_Date, _Cue]]) -> None:
        """A report dated long before the article, or "two years ago", is an
        earlier inspection; "Inspectors last inspected ...": who inspected
        goes with what they inspected."""
        for value, cue in dates:
            if cue.status == "current" and self._long_before(value) and not self._published_near(sentence, cue):
                cue.status = "previous"
        for cue in cues:
            if cue.status == "current" and _YEARS_AGO.search(self._clause_around(sentence, cue)):
                cue.status = "previous"
        named = [c for c in cues if c.kind != "agent"]
        for cue in cues:
            if cue.kind == "agent" and named:
                cue.status = min(named, key=lambda c: _distance(c, cue.start, cue.end)).status

    def _inspectors_at_work(self, sentence: _Sentence, group: list[_Cue]) -> bool:
        """"inspectors examined 60 cases" at a named CRC is an inspection even
        when no report is mentioned; "inspectors have criticised CRCs" is not.
        Inspectors and a rating on the scale given to one named local unit
        ("Cardiff YOS has been rated inadequate after inspectors raised
        concerns") are that unit's inspection too."""
        local = {m.provider_id for m in self._inspectable(sentence)
                 if self._provider_type(m.provider_id, m) in ("crc", "nps_division", "probation_trust", "other",
                                                              "pdu", "youth_offending_service")}
        agents = [cue for cue in group if cue.kind == "agent"]
        if not (local and agents):
            return False
        if any(self.refdata.inspectors_at_work.match(self.text, cue.end, sentence.end) for cue in agents):
            return True
        return len(local) == 1 and bool(self.refdata.cue_patterns["rating_labels"].search(sentence.text))

    def _provider_type(self, provider_id: str, mention: ProviderMention | None = None) -> str | None:
        record = self.gazetteer.records.get(provider_id) or (mention.discovered if mention else None)
        return record.provider_type if record else None

    def _long_before(self, value: _Date) -> bool:
        """A date more than a year before the article is an earlier inspection,
        not this report's fieldwork ("inspectors visited in September 2018")."""
        if not (self.reference and value.explicit):
            return False
        if value.precision == "year":
            # "in 2017" in an article of early 2018 may still be this report's fieldwork.
            return value.value.year < self.reference.year - 1 or (
                value.value.year < self.reference.year and self.reference.month > 6)
        return (self.reference - value.value).days > 366

    def _published_near(self, sentence: _Sentence, cue: _Cue) -> bool:
        return bool(self.refdata.publication.search(self.text[max(sentence.start, cue.start - 40) : min(sentence.end, cue.end + 40)]))

    def _clause_around(self, sentence: _Sentence, cue: _Cue) -> str:
        before = self.text[max(sentence.start, cue.start - 40) : cue.start]
        after = self.text[cue.end : min(sentence.end, cue.end + 40)]
        before = re.split(r"[;:]|\bbut\b|\bhowever\b", before, flags=re.I)[-1]
        after = re.split(r"[,;:]|\bbut\b|\bhowever\b", after, flags=re.I)[0]
        return f"{before} {after}"

    def _cues(self, sentence: _Sentence) -> list[_Cue]:
        s, offset = sentence.text, sentence.start
        cues: list[_Cue] = []
        for m in self.refdata.report_noun.finditer(s):
            if self._is_report_noun(s, m, offset):
                # "an independent serious further offence review": the whole name is the cue.
                review = self._inspectorates_review(s, m)
                start = review.start() if review else m.start()
                cues.append(_Cue(offset + start, offset + m.end(), "report", strong=not m.group("plural")))
        for m in self.refdata.agent.finditer(s):
            cues.append(_Cue(offset + m.start(), offset + m.end(), "agent"))
        for m in self.refdata.alias_pattern.finditer(s):
            cues.append(_Cue(offset + m.start(), offset + m.end(), "agent"))
        for m in self.refdata.last_inspected.finditer(s):
            cues.append(_Cue(offset + m.start(), offset + m.end(), "inspected", status="previous", strong=True))
        for m in self.refdata.listing.finditer(s):
            cues.append(_Cue(offset + m.start(), offset + m.end("list"), "listed", strong=True))
        for m in self.refdata.passive_inspected.finditer(s):
            cue = _Cue(offset + m.start(), offset + m.end(), "passive", strong=True)
            if len(self._subjects_before(sentence, cue)) == 1:  # "X and Y were inspected" is no one report
                cues.append(cue)
        # "a series of critical reports" names no one publication.
        cues = [c for c in _dedupe_cues(cues) if c.kind != "report" or c.strong]
        if not cues:
            return []
        for cue in cues:
            if cue.kind not in ("inspected", "passive"):
                cue.status = self._status(sentence, cue)
        return cues

    def _is_report_noun(self, s: str, m: re.Match, offset: int) -> bool:
        word = m.group().lower()
        before = s[: m.start()]
        inspectorates_review = self._inspectorates_review(s, m) is not None
        if word.startswith("review") and not self.refdata.review_kind_before.search(before) and not inspectorates_review:
            return False
        if (self.refdata.other_report_before.search(before) and not inspectorates_review) or self._by_other_author(s, m):
            return False
        # "HM Inspectorate of Probation reports on ..." is a verb, not a report.
        last_word = m.start() + m.group().rfind(" ") + 1 if " " in m.group() else m.start()
        return self.pos.get(offset + last_word) != "VERB"

    def _inspectorates_review(self, s: str, m: re.Match) -> re.Match | None:
        """A serious further offence review the inspectorate published: an
        "independent" one, or one the sentence says the inspectorate published
        (probation services review their own cases too: those are no report)."""
        pattern = self.refdata.cue_patterns.get("sfo_review")
        phrase = next((c for c in pattern.finditer(s) if c.start() <= m.start() and c.end() >= m.end()), None) \
            if pattern else None
        if phrase is None:
            return None
        if re.search(r"\bindependent\s+$", s[: phrase.start()], re.I) or phrase.group().lower().startswith("independent"):
            return phrase
        published = self.refdata.publication.search(s, 0, phrase.start())
        by_inspectorate = published and any(a.end() <= published.start() for a in self.refdata.alias_pattern.finditer(s))
        return phrase if by_inspectorate else None

    def _by_other_author(self, s: str, m: re.Match) -> bool:
        authors = self.refdata.cue_patterns.get("other_authors")
        if authors is None:
            return False
        after = s[m.end() : m.end() + 80]
        by = re.match(r"\s+(?:by|from|of|for)\s+(?:the\s+)?(?:\w+\s+){0,2}?", after)
        if by and authors.match(after, by.end()):
            return True
        before = s[max(0, m.start() - 60) : m.start()]
        return any(re.fullmatch(r"['’]?s?\s+(?:[\w-]+\s+){0,2}", before[a.end() :]) for a in authors.finditer(before))

    def _status(self, sentence: _Sentence, cue: _Cue) -> str:
        before = self.text[max(sentence.start, cue.start - 60) : cue.start]
        after = self.text[cue.end : min(sentence.end, cue.end + 40)]
        if cue.kind == "report" and (self.refdata.future_before.search(before) or self.refdata.future_after.match(after)):
            return "future"
        cue.distinct = cue.kind == "report" and bool(self.refdata.distinct_before.search(before))
        if cue.kind == "report" and self.refdata.previous_before.search(before):
            return "previous"
        return "current"

    def _ref(self, sentence: _Sentence, status: str, group: list[_Cue], all_cues: list[_Cue],
             dates: list[tuple[_Date, _Cue]]) -> _Ref:
        ref = _Ref(sentence, status, group, strong=any(c.strong for c in group) or self._inspectors_at_work(sentence, group))
        ref.date = _best_date([d for d, cue in dates if cue in group])
        report_cues = [c for c in group if c.kind in ("report", "inspected")]
        ref.topic = self._topic(sentence, report_cues)
        ref.given_title = self._given_title(sentence) if status == "current" else None
        ref.type_cues = self._type_cues(sentence, group)
        ref.inspectorates = self._inspectorates(sentence, group)
        ref.providers = self._providers(sentence, group, all_cues)
        ref.subjects = self._subjects(sentence, group, ref.topic)
        ref.area, ref.area_from_topic = self._area(sentence, ref)
        ref.distinct = any(c.distinct for c in group)
        publication = bool(self.refdata.publication.search(sentence.text)) and any(c.kind == "report" for c in group)
        ref.introduces = bool(ref.topic or ref.given_title or ref.type_cues - {"joint_agent"} or ref.date or publication
                              or ref.subjects or ref.distinct or (status == "previous" and ref.area))
        return ref


def _dedupe_cues(cues: list[_Cue]) -> list[_Cue]:
    cues.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[_Cue] = []
    for cue in cues:
        if kept and cue.start < kept[-1].end:
            if cue.kind == "report" and kept[-1].kind == "agent":
                kept[-1] = cue
            continue
        kept.append(cue)
    return kept


def _pos_by_offset(parsed) -> dict[int, str]:
    return {t.idx: t.pos_ for t in parsed} if parsed is not None else {}


def _gpe_names(parsed) -> tuple[str, ...]:
    if parsed is None:
        return ()
    return tuple(sorted({e.text for e in parsed.ents if e.label_ in ("GPE", "LOC") and len(e.text) > 2
                         and e.text[:1].isupper() and "\n" not in e.text}))
