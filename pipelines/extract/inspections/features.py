"""What a reference says about its inspection: topic, given title, type cues,
inspectorates, providers, subjects and area."""

from __future__ import annotations

import re

from pipelines.extract.inspections.dates import _distance
from pipelines.extract.inspections.lexicon import lexicon
from pipelines.extract.inspections.places import NATIONAL_AREA, _normal_area
from pipelines.extract.inspections.refs import _Cue, _Ref
from pipelines.extract.inspections.sentences import _Sentence
from pipelines.extract.inspections.similarity import (
    _area_words,
    _areas_compatible,
    _content_words,
)
from pipelines.extract.providers import ProviderMention
from schemas.enums import INSPECTED_PROVIDER_TYPES


class _ReportFeatures:
    """The part of the reader that describes a reference."""

    def _topic(self, sentence: _Sentence, cues: list[_Cue]) -> str | None:
        for cue in cues:
            rest = self._skip_authors(self.text[cue.end : sentence.end])
            if cue.kind == "inspected":
                m = re.match(r"\s+(?P<topic>.+)", rest)
            elif cue.kind == "report":
                m = re.match(r",?\s+(?:of|on|into)\s+(?P<topic>.+)", rest)
            else:
                m = None
            if not m:
                continue
            topic = _cut_topic(m.group("topic"))
            if topic and len(topic) > 2:
                return topic
        return None

    def _skip_authors(self, rest: str) -> str:
        """"report by HM Inspectorate of Probation and HM Inspectorate of
        Prisons into X" -> " into X": the author is not the subject."""
        m = re.match(r",?\s+(?:by|from)\s+(?:the\s+)?", rest)
        if not m:
            return rest
        position = m.end()
        while True:
            alias = self.refdata.alias_pattern.match(rest, position)
            if not alias:
                break
            position = alias.end()
            joined = re.match(r"\s*(?:,|and|&)\s*(?:the\s+)?", rest[position:])
            if not joined or not self.refdata.alias_pattern.match(rest, position + joined.end()):
                break
            position += joined.end()
        return rest[position:] if position > m.end() else rest

    def _given_title(self, sentence: _Sentence) -> str | None:
        m = self.refdata.given_title.search(sentence.text)
        if not m:
            return None
        raw = (m.group("title") or m.group("title2") or "").strip()
        quoted = re.match(r"[“‘\"']([^”’\"']{3,160})[”’\"']", raw)
        if quoted:
            return quoted.group(1).strip()
        truncated = "…" in raw or raw.rstrip().endswith("...")
        head = re.split(r"…|\.\.\.", raw)[0]
        if ":" in head:
            head = head.split(":")[0]
        elif truncated:
            return None
        head = self.refdata.title_end.split(head)[0].strip()
        words = head.split()
        if len(words) < 2 or sum(1 for w in words if w[:1].isupper()) < 2:
            return None
        return head

    def _type_cues(self, sentence: _Sentence, group: list[_Cue]) -> frozenset[str]:
        cues = set()
        near = self._near_cues(sentence, group)
        for key in ("annual_report", "thematic", "joint", "follow_up", "area"):
            pattern = self.refdata.cue_patterns.get(key)
            if pattern is not None and pattern.search(near):
                cues.add(key)
        if "joint" not in cues and len(self._inspectorates(sentence, group)) > 1:
            cues.add("joint_agent")
        return frozenset(cues)

    def _near_cues(self, sentence: _Sentence, group: list[_Cue]) -> str:
        """The text around this group's cues (40 characters before, 60 after)."""
        pieces = []
        for cue in group:
            lo, hi = max(sentence.start, cue.start - 40), min(sentence.end, cue.end + 60)
            pieces.append(self.text[lo:hi])
        return " … ".join(pieces)

    def _inspectorates(self, sentence: _Sentence, group: list[_Cue]) -> tuple[str, ...]:
        """Inspectorates the report is attributed to: named as its author
        ("HM Inspectorate of Probation report", "report by X and Y", "the
        findings of X and Y") or as the subject that publishes it."""
        s, offset = sentence.text, sentence.start
        found: list[str] = []
        aliases = list(self.refdata.alias_pattern.finditer(s))
        publishes = self.refdata.publication.search(s)
        for cue in group:
            if cue.kind not in ("report", "inspected"):
                continue
            c_start, c_end = cue.start - offset, cue.end - offset
            for a in aliases:
                gap_before = s[a.end() : c_start]
                gap_after = s[c_end : a.start()]
                if a.end() <= c_start and re.fullmatch(r"(?:['’]s?)?\s+(?:[\w-]+\s+){0,2}", gap_before):
                    found.append(self.refdata.inspectorate_of(a.group()))
                elif a.start() >= c_end and len(gap_after) < 80 and re.search(r"\b(?:by|from|of)\b", gap_after) \
                        and not re.search(r"[.;]", gap_after):
                    found.append(self.refdata.inspectorate_of(a.group()))
                elif publishes and a.end() <= publishes.start() <= c_start:
                    found.append(self.refdata.inspectorate_of(a.group()))
        return tuple(dict.fromkeys(i for i in found if i))

    def _providers(self, sentence: _Sentence, group: list[_Cue], all_cues: list[_Cue]) -> tuple[str, ...]:
        found = []
        for mention in self.provider_mentions:
            if not (sentence.start <= mention.char_start < sentence.end):
                continue
            record = self.gazetteer.records.get(mention.provider_id) or mention.discovered
            if record is None or record.provider_type not in INSPECTED_PROVIDER_TYPES:
                continue
            nearest = min(all_cues, key=lambda c: _distance(c, mention.char_start, mention.char_end))
            if nearest in group and _distance(nearest, mention.char_start, mention.char_end) <= 80:
                found.append(mention.provider_id)
        return tuple(dict.fromkeys(found))

    def _subjects(self, sentence: _Sentence, group: list[_Cue], topic: str | None) -> tuple[str, ...]:
        found: list[str] = []
        if topic:
            start = self.text.find(topic, sentence.start, sentence.end)
            if start >= 0:
                found += [m.provider_id for m in self._inspectable(sentence) if start <= m.char_start < start + len(topic)]
        for cue in group:
            if cue.kind == "passive":
                found += self._subjects_before(sentence, cue)
        return tuple(dict.fromkeys(found))

    def _subjects_before(self, sentence: _Sentence, cue: _Cue) -> list[str]:
        """"The Merseyside CRC was inspected": the provider just before the verb."""
        before = [m for m in self._inspectable(sentence) if m.char_end <= cue.start and cue.start - m.char_end <= 60]
        if not before:
            return []
        nearest = before[-1]
        listed = [m.provider_id for m in before
                  if m is nearest or re.fullmatch(r"\s*(?:,|and|&)\s*(?:the\s+)?", self.text[m.char_end : nearest.char_start])]
        return list(dict.fromkeys(listed))

    def _inspectable(self, sentence: _Sentence) -> list[ProviderMention]:
        found = []
        for mention in self.provider_mentions:
            record = self.gazetteer.records.get(mention.provider_id) or mention.discovered
            if sentence.start <= mention.char_start < sentence.end and record \
                    and record.provider_type in INSPECTED_PROVIDER_TYPES:
                found.append(mention)
        return found

    def providers_in(self, sentence: _Sentence) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.provider_id for m in self._inspectable(sentence)))

    def _area(self, sentence: _Sentence, ref: _Ref) -> tuple[str | None, bool]:
        nearby = self._places_in(self._near_cues(sentence, ref.cues))
        near = nearby[0] if nearby else None
        if ref.topic:
            area = (self._place_in(ref.topic) or self._place_in(ref.topic, bare=True)
                    or self._provider_region(ref.topic, sentence))
            if area:
                # "inspection of London CRC (which covered only North London
                # ...)": the narrower place the text gives near the report.
                narrower = [p for p in nearby if _areas_compatible(area, p)
                            and len(_area_words(p)) > len(_area_words(area))]
                return (narrower[0] if narrower else area), True
        if ref.status == "previous":
            return near, False
        return self._place_in(sentence.text, national=False), False

    def _place_in(self, text: str, national: bool = True, bare: bool = False) -> str | None:
        found = self._places_in(text, national, bare)
        return found[0] if found else None

    def _places_in(self, text: str, national: bool = False, bare: bool = False) -> list[str]:
        """Every place ``text`` names, in order (not the country as a whole
        unless ``national``)."""
        pattern = self.bare_places if bare else self.places
        found = []
        for m in pattern.finditer(text):
            groups = m.groupdict()
            place = groups.get("p1") or groups.get("p2") or groups.get("p3")
            compass = groups.get("c1") or groups.get("c2")
            area = _normal_area(compass, place)
            if national or area not in (NATIONAL_AREA, "England"):
                found.append(area)
        return found

    def _provider_region(self, topic: str, sentence: _Sentence) -> str | None:
        start = self.text.find(topic, sentence.start, sentence.end)
        if start < 0:
            return None
        for mention in self.provider_mentions:
            if start <= mention.char_start < start + len(topic):
                record = self.gazetteer.records.get(mention.provider_id) or mention.discovered
                if record and record.region and record.provider_type != "nps":
                    return record.region
        return None


def _cut_topic(raw: str) -> str | None:
    raw = raw.strip()
    refdata = lexicon()
    for _ in range(3):
        nested = refdata.nested_topic.match(raw)
        if not nested:
            break
        raw = raw[nested.end():]
    m = refdata.topic_cut.search(raw)
    topic = raw[: m.start()] if m else raw
    topic = re.sub(r"^(?:the|a|an)\s+", "", topic.strip(), flags=re.I).strip(" '\"“”‘’")
    if not topic or not re.search(r"[A-Za-z]{3}", topic):
        return None
    if not _content_words(topic) - refdata.generic_topic_words:
        return None  # "one probation area", "its work": says nothing about which report
    return topic
