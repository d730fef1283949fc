"""From a cluster of references to one inspection mention with its evidence span."""

from __future__ import annotations

import re
from collections import Counter

from pipelines.extract.inspections.clusters import _Cluster
from pipelines.extract.inspections.lexicon import _refdata
from pipelines.extract.inspections.mention import InspectionMention
from pipelines.extract.inspections.places import NATIONAL_AREA
from pipelines.extract.inspections.reader import _Reader
from pipelines.extract.inspections.refs import _Ref
from pipelines.extract.inspections.sentences import _section_kind, _Sentence, _Unit
from pipelines.extract.inspections.similarity import _areas_compatible
from pipelines.extract.inspections.titles import _inspector_name, _inspectorate_label, make_title
from pipelines.extract.model import SourceDocument


class _MentionBuilder:
    def __init__(self, document: SourceDocument, units: list[_Unit], sentences: list[_Sentence], reader: _Reader):
        self.document = document
        self.text = document.text
        self.units = units
        self.sentences = sentences
        self.reader = reader
        self.refdata = reader.refdata

    def build(self, cluster: _Cluster, used: set[tuple[int, int]]) -> InspectionMention | None:
        evidence = (cluster.introducing or cluster.refs)[0]
        span = self._evidence_span(evidence, used)
        if span is None:
            return None
        inspectorate_ids = self._inspectorate_ids(cluster)
        inspection_type = self._type(cluster)
        area = self._area(cluster, inspection_type)
        date_ = cluster.date
        providers = tuple(sorted(cluster.providers))
        heading = self._heading_title(cluster)
        inspectorate_name = _inspectorate_label(inspectorate_ids)
        subject, subject_explicit = self._subject_name(cluster)
        title = make_title(
            inspection_type=inspection_type, inspectorate=inspectorate_name, topic=cluster.topic,
            subject=subject, subject_explicit=subject_explicit,
            given_title=cluster.given_title, heading_title=heading, area=area,
            year=date_.value.year if date_ else None, joint="joint" in cluster.type_cues or len(inspectorate_ids) > 1,
        )
        return InspectionMention(
            document_id=self.document.document_id,
            char_start=span[0],
            char_end=span[1],
            text=self.text[span[0]:span[1]],
            title=title,
            inspectorate=inspectorate_name,
            inspection_type=inspection_type,
            area=area,
            published_date=date_.value if date_ else None,
            date_precision=date_.precision if date_ else None,
            provider_ids=providers,
            lead_inspector=self._lead_inspector(cluster) if cluster.status == "current" else None,
            headline_finding=self._headline_finding(cluster),
            status=cluster.status,
            inspectorate_ids=inspectorate_ids,
            topic=cluster.topic,
            given_title=cluster.given_title,
            heading_title=heading,
            date_is_explicit=bool(date_ and date_.explicit),
            references=tuple(sorted({r.span for r in cluster.refs})),
            document_date=getattr(self.document, "published_date", None),
            subject_ids=tuple(cluster.subjects),
            subject_name=subject,
            subject_explicit=subject_explicit,
        )

    def _evidence_span(self, ref: _Ref, used: set[tuple[int, int]]) -> tuple[int, int] | None:
        if ref.span not in used:
            return ref.span
        # Two inspections named in one sentence: narrow to this one's phrase.
        cue = ref.cues[0]
        end = min(ref.sentence.end, cue.end + 60)
        m = re.search(r"[,;]", self.text[cue.end:end])
        end = cue.end + m.start() if m else end
        start = cue.start
        while start > ref.sentence.start and self.text[start - 1] not in ",;":
            start -= 1
        while start < end and self.text[start].isspace():
            start += 1
        return (start, end) if (start, end) not in used and end > start else None

    def _inspectorate_ids(self, cluster: _Cluster) -> tuple[str, ...]:
        named = list(cluster.inspectorates)
        default = self.refdata.default.inspectorate_id
        if not named:
            return (default,)
        order = [i.inspectorate_id for i in self.refdata.inspectorates]
        return tuple(sorted(dict.fromkeys(named), key=lambda i: order.index(i) if i in order else len(order)))

    def _type(self, cluster: _Cluster) -> str:
        cues = cluster.type_cues
        joint = "joint" in cues or len(cluster.inspectorates) > 1
        if "annual_report" in cues:
            return "annual_report"
        if "follow_up" in cues:
            return "follow_up"
        local = cluster.area or "area" in cues or any(
            self._provider_type(p) in ("crc", "nps_division", "probation_trust") for p in cluster.providers)
        if cluster.topic and not self._topic_is_local(cluster):
            return "joint_thematic" if joint else "thematic"
        if local:
            return "area"
        if joint:
            return "joint_thematic"
        if "thematic" in cues:
            return "thematic"
        return "other"

    def _subject_name(self, cluster: _Cluster) -> tuple[str | None, bool]:
        """The one provider an inspection is of, by its canonical name, and
        whether the text names it as inspected (else it is the only local
        provider named around the inspection, or in an article about one area)."""
        explicit = not cluster.inherited_subjects or any(r.subjects for r in cluster.refs)
        subjects = [p for p in cluster.subjects if self._provider_type(p) != "nps"] or list(cluster.subjects)
        if not subjects:
            explicit = False
            subjects = [p for p in cluster.providers if self._provider_type(p) in ("crc", "nps_division")]
        if not subjects and cluster.area and not cluster.topic and cluster.status == "current":
            dominant = self._dominant_local_provider()
            if dominant and _areas_compatible(cluster.area, self._region(dominant)):
                subjects = [dominant]
        if len(subjects) != 1:
            return None, False
        return self._name(subjects[0]), explicit

    def _dominant_local_provider(self) -> str | None:
        counts = Counter(m.provider_id for m in self.reader.provider_mentions
                         if self._provider_type(m.provider_id) in ("crc", "nps_division")
                         and _section_kind(self.document, m.char_start) in (None, "article", "embedded_article"))
        ranked = counts.most_common(2)
        if not ranked or len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return None
        return ranked[0][0]

    def _region(self, provider_id: str) -> str | None:
        record = self.reader.gazetteer.records.get(provider_id)
        return record.region if record else None

    def _name(self, provider_id: str) -> str | None:
        record = self.reader.gazetteer.records.get(provider_id)
        if record:
            return record.name
        return next((m.discovered.name for m in self.reader.provider_mentions
                     if m.provider_id == provider_id and m.discovered), None)

    def _topic_is_local(self, cluster: _Cluster) -> bool:
        return any(r.area_from_topic for r in cluster.refs)

    def _provider_type(self, provider_id: str) -> str | None:
        record = self.reader.gazetteer.records.get(provider_id)
        if record:
            return record.provider_type
        discovered = next((m.discovered for m in self.reader.provider_mentions
                           if m.provider_id == provider_id and m.discovered), None)
        return discovered.provider_type if discovered else None

    def _area(self, cluster: _Cluster, inspection_type: str) -> str | None:
        if inspection_type == "annual_report":
            return cluster.area or NATIONAL_AREA
        if inspection_type in ("thematic", "joint_thematic"):
            return cluster.area if self._topic_is_local(cluster) else None
        if cluster.area:
            return cluster.area
        regions = [self.reader.gazetteer.records[p].region for p in cluster.providers
                   if p in self.reader.gazetteer.records and self._provider_type(p) != "nps"]
        return regions[0] if regions else None

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
            ref = next((r for r in cluster.refs if _refdata().finding_verb.search(r.sentence.text)
                        or re.search(r"\bwhen\b", r.sentence.text)), None)
            return ref.sentence.text if ref else None
        lede = next((s for s in self.sentences if s.unit == cluster.unit), None)
        if lede and len(lede.text.split()) >= 8 and _refdata().finding_verb.search(lede.text) and not lede.text.endswith(":"):
            return lede.text
        ref = next((r for r in cluster.refs if _refdata().finding_verb.search(r.sentence.text)
                    and len(r.sentence.text.split()) >= 6 and not r.sentence.text.endswith(":")), None)
        return ref.sentence.text if ref else (cluster.introducing or cluster.refs)[0].sentence.text
