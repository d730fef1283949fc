"""From a cluster of references to one inspection mention with its evidence span."""

from __future__ import annotations

import re
from datetime import date

from pipelines.extract.inspections.clusters import _Cluster
from pipelines.extract.inspections.details import _ReportDetails
from pipelines.extract.inspections.mention import InspectionMention
from pipelines.extract.inspections.places import NATIONAL_AREA
from pipelines.extract.inspections.reader import _Reader
from pipelines.extract.inspections.refs import _Date, _Ref
from pipelines.extract.inspections.sentences import _Sentence, _Unit
from pipelines.extract.inspections.subjects import _InspectedProviders
from pipelines.extract.inspections.titles import _inspectorate_label, make_title
from pipelines.read.layout import continue_link
from pipelines.read.model import SourceDocument
from schemas.enums import PROBATION_PROVIDER_TYPES


class _MentionBuilder(_ReportDetails):
    def __init__(self, document: SourceDocument, units: list[_Unit], sentences: list[_Sentence], reader: _Reader):
        self.document = document
        self.text = document.text
        self.units = units
        self.sentences = sentences
        self.reader = reader
        self.refdata = reader.refdata
        self.providers = _InspectedProviders(document, reader)
        self.follow_up_theme: str | None = None  # the theme of the one earlier inspection the text names
        self.current_local: tuple[str, str | None, str | None] | None = None  # type, area, subject of the local report

    def build(self, cluster: _Cluster, used: set[tuple[int, int]]) -> InspectionMention | None:
        evidence = (cluster.introducing or cluster.refs)[0]
        span = self._evidence_span(evidence, used)
        if span is None:
            return None
        inspectorate_ids = self._inspectorate_ids(cluster)
        inspection_type = self._type(cluster)
        default_id = self.refdata.default.inspectorate_id
        if (inspection_type in ("area", "pdu", "youth") and default_id not in inspectorate_ids
                and "joint" not in cluster.type_cues and self._probation_subject(cluster)):
            # A probation provider's inspection is HM Inspectorate of Probation's
            # unless the text says a joint one: another inspectorate named
            # nearby (a prisons report on the same page) did not do it.
            inspectorate_ids = (default_id,)
        establishment = self._establishment(cluster) if default_id not in inspectorate_ids else None
        if establishment and inspection_type in ("area", "other"):
            # Another inspectorate's report on a prison: of that establishment.
            inspection_type = "other"
        area = self._area(cluster, inspection_type)
        fieldwork = self._fieldwork_date(cluster)
        date_ = self._publication_date(cluster, fieldwork)
        providers = self.providers.existing(tuple(sorted(cluster.providers)), date_ or self._own_year(cluster))
        heading = self._heading_title(cluster)
        given_title = cluster.given_title or self._headline_title(cluster)
        inspectorate_name = _inspectorate_label(inspectorate_ids)
        subject_id, subject_explicit = self.providers.subject(cluster, area)
        subject = self.providers.name(subject_id) if subject_id else None
        topic = establishment or self._topic(cluster)
        if cluster.status == "previous" and not (topic or subject or area or providers) and self.current_local:
            # "The PDU ... was previously rated inadequate in 2022": an earlier
            # inspection of what the article's report inspected.
            inspection_type, area, subject_id = self.current_local
            subject = self.providers.name(subject_id) if subject_id else None
        if inspection_type == "follow_up" and not (topic or subject or area or providers):
            topic = self.follow_up_theme
        if not self._identified(cluster, inspection_type, area, providers, subject, date_, heading, topic):
            return None
        period = self._report_period(cluster) if inspection_type == "annual_report" else None
        title = make_title(
            inspection_type=inspection_type, inspectorate=inspectorate_name, topic=topic,
            subject=subject, subject_explicit=subject_explicit,
            given_title=given_title, heading_title=heading, area=area,
            year=date_.value.year if date_ else None, joint="joint" in cluster.type_cues or len(inspectorate_ids) > 1,
            youth=self._mentions(cluster, "youth"), period=period,
        )
        # Only units that outlive contracts (a PDU, a youth offending service):
        # an earlier inspection of "the CRC" may predate the CRC.
        if cluster.status == "current" and inspection_type in ("pdu", "youth") and (area or subject):
            self.current_local = self.current_local or (inspection_type, area, subject_id)
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
            topic=topic,
            given_title=given_title,
            heading_title=heading,
            date_is_explicit=bool(date_ and date_.explicit),
            references=tuple(sorted({r.span for r in cluster.refs})),
            document_date=getattr(self.document, "published_date", None),
            subject_ids=tuple(cluster.subjects),
            subject_name=subject,
            subject_id=subject_id,
            subject_type=self.providers.provider_type(subject_id) if subject_id else None,
            subject_explicit=subject_explicit,
            fieldwork_date=fieldwork,
            looking_back=self._looking_back(cluster) if cluster.status == "previous" else (),
            report_period=period,
        )

    def _publication_date(self, cluster: _Cluster, fieldwork: date | None) -> _Date | None:
        date_ = cluster.date
        if date_ and fieldwork and date_.precision != "day" and (date_.value.year, date_.value.month) == (
                fieldwork.year, fieldwork.month):
            # The month inspectors visited is not when the report was published;
            # an earlier inspection "last inspected in June 2018" keeps its year.
            date_ = _Date(date(fieldwork.year, 1, 1), "year", date_.explicit) if cluster.status == "previous" else None
        return date_ or self._article_date(cluster)

    def _evidence_span(self, ref: _Ref, used: set[tuple[int, int]]) -> tuple[int, int] | None:
        listed = ref.cues[0].kind == "listed"
        if ref.span not in used and not listed:
            return ref.span
        # Two inspections named in one sentence: narrow to this one's phrase.
        cue = ref.cues[0]
        end = min(ref.sentence.end, cue.end + 60)
        m = re.search(r"[,;]", self.text[cue.end:end])
        end = cue.end + m.start() if m else end
        if listed:
            end = cue.end  # one unit of a list: up to its name
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
        """The report's type from the cues around it; a local inspection is a
        youth one when the text says it is of a youth offending service, a
        PDU one when of a Probation Delivery Unit."""
        base = self._base_type(cluster)
        if self._mentions(cluster, "sfo_review") and base in ("area", "other", "thematic"):
            return "sfo_review"
        subject_types = {self.providers.provider_type(p) for p in (*cluster.subjects, *cluster.providers)}
        if base in ("area", "other") and "youth_offending_service" in subject_types:
            return "youth"
        if base in ("area", "other") and "pdu" in subject_types:
            return "pdu"
        if base in ("area", "other") and self._mentions(cluster, "youth"):
            return "youth" if (cluster.area or cluster.subjects or base == "area" or self._youth_area(cluster)) else base
        if base in ("area", "other") and self._mentions(cluster, "pdu") and (base == "area" or self._unit_place(cluster, "pdu")):
            return "pdu"
        return base

    def _probation_subject(self, cluster: _Cluster) -> bool:
        return any(self.providers.provider_type(p) in PROBATION_PROVIDER_TYPES for p in (*cluster.subjects, *cluster.providers)) or (
            self._mentions(cluster, "pdu") or self._mentions(cluster, "youth"))

    def _own_year(self, cluster: _Cluster) -> _Date | None:
        own = getattr(self.document, "published_date", None)
        return _Date(own, "year", False) if own and cluster.status == "current" else None

    def _is_prose(self, sentence: str) -> bool:
        """A sentence of the article: it ends as a sentence does and carries
        no caption or photo-credit marker."""
        stripped = continue_link().sub("", sentence.strip()).strip().rstrip(" '\"“”‘’)")
        if not stripped or stripped[-1] not in ".!?:…":
            return False
        return not self.refdata.cue_patterns["caption_markers"].search(sentence)

    def _topic(self, cluster: _Cluster) -> str | None:
        topic = cluster.topic
        if topic and self.refdata.cue_patterns["rating_labels"].fullmatch(topic.strip(" '\"“”‘’")):
            return None  # "previously rated 'inadequate'": a rating, not a theme
        return topic

    def _mentions(self, cluster: _Cluster, cue: str) -> bool:
        """Whether a sentence that discusses the inspection carries one of the cue phrases."""
        pattern = self.refdata.cue_patterns.get(cue)
        return bool(pattern) and any(pattern.search(r.sentence.text) for r in cluster.refs)

    def _article_date(self, cluster: _Cluster) -> _Date | None:
        """An inspection the article reports as new ("published today", "has
        found", "inspectors said") takes the article's own date."""
        own = getattr(self.document, "published_date", None)
        if own is None or cluster.status != "current":
            return None
        if not self._mentions(cluster, "reported_new"):
            lede = next((s for s in self.sentences if s.unit == cluster.unit), None)
            pattern = self.refdata.cue_patterns.get("reported_new")
            if not (lede and pattern and pattern.search(lede.text)):
                return None
        precision = getattr(self.document, "published_date_precision", None) or "day"
        return _Date(own, precision, False)

    def _identified(self, cluster: _Cluster, inspection_type: str, area: str | None,
                    providers: tuple[str, ...], subject: str | None, date_: _Date | None,
                    heading: str | None = None, topic: str | None = None) -> bool:
        """Evidence of one specific report: an inspected provider or area, a
        theme, a given title, an annual report with its year, a named review.
        A sentence about inspectors in general is none."""
        if cluster.status == "previous" and date_ is None:
            return False  # an earlier inspection is a row of its own only with its year
        topic = topic or cluster.topic
        if topic and not (subject or providers or area) and not any(self._is_prose(r.sentence.text) for r in cluster.refs):
            return False  # a theme named only in a caption or a headline-like line
        if cluster.given_title or self._headline_title(cluster) or (topic and inspection_type in ("thematic", "joint_thematic", "sfo_review", "follow_up")):
            return True
        if inspection_type == "annual_report":
            # the report the article is about, or an earlier one with its year
            return date_ is not None or cluster.status == "current"
        if inspection_type == "joint_thematic" and heading:
            return True  # a joint inspection under the headline that names its theme
        if inspection_type == "sfo_review":
            return True
        return bool(subject or providers or (area and area != NATIONAL_AREA))

    def _base_type(self, cluster: _Cluster) -> str:
        cues = cluster.type_cues
        joint = "joint" in cues or len(cluster.inspectorates) > 1
        if "annual_report" in cues:
            return "annual_report"
        if "follow_up" in cues:
            return "follow_up"
        local = cluster.area or "area" in cues or any(
            self.providers.provider_type(p) in ("crc", "nps_division", "probation_trust", "pdu", "youth_offending_service")
            for p in cluster.providers)
        if self._topic(cluster) and not self._topic_is_local(cluster):
            return "joint_thematic" if joint else "thematic"
        if local:
            return "area"
        if joint:
            return "joint_thematic"
        if "thematic" in cues:
            return "thematic"
        return "other"

    def _topic_is_local(self, cluster: _Cluster) -> bool:
        return any(r.area_from_topic for r in cluster.refs)

    def _youth_area(self, cluster: _Cluster) -> str | None:
        return self._unit_place(cluster, "youth")

    def _unit_place(self, cluster: _Cluster, cue: str) -> str | None:
        """The place a youth offending service or a Probation Delivery Unit is
        named after ("Essex Youth Offending Service", "Cardiff YOS", "the
        Swansea Neath Port Talbot Probation Delivery Unit")."""
        pattern = self.refdata.cue_patterns.get(cue)
        if not pattern:
            return None
        for ref in cluster.refs:
            for m in pattern.finditer(ref.sentence.text):
                before = ref.sentence.text[: m.start()]
                place = re.search(r"((?:[A-Z][\w'’-]+,?\s+(?:and\s+)?){1,4})$", before)
                if place:
                    words = place.group(1).strip().rstrip(",").split()
                    while words and words[0] in self.refdata.not_place_start:
                        words.pop(0)
                    if words and words[-1] not in ("and",):
                        return " ".join(words)
        return None

    def _area(self, cluster: _Cluster, inspection_type: str) -> str | None:
        if inspection_type == "youth" and not cluster.area:
            return self._youth_area(cluster)
        if inspection_type == "pdu":
            return self._unit_place(cluster, "pdu") or cluster.area
        if inspection_type == "annual_report":
            return cluster.area or NATIONAL_AREA
        if inspection_type in ("thematic", "joint_thematic"):
            return cluster.area if self._topic_is_local(cluster) else None
        if cluster.area:
            return cluster.area
        regions = [self.reader.gazetteer.records[p].region for p in cluster.providers
                   if p in self.reader.gazetteer.records and self.providers.provider_type(p) != "nps"]
        return regions[0] if regions else None
