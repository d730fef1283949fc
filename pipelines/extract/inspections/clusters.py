"""References grouped into the distinct inspections one document names."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipelines.extract.inspections.dates import _best_date
from pipelines.extract.inspections.lexicon import lexicon
from pipelines.extract.inspections.refs import _Date, _Ref
from pipelines.extract.inspections.sentences import _Unit
from pipelines.extract.inspections.similarity import _areas_compatible, _best_area, _dates_compatible, _similarity


@dataclass
class _Cluster:
    status: str
    unit: int
    refs: list[_Ref] = field(default_factory=list)
    inherited_subjects: tuple[str, ...] = ()  # "the division's last inspection": the article's subject

    def add(self, ref: _Ref) -> None:
        self.refs.append(ref)

    @property
    def introducing(self) -> list[_Ref]:
        return [r for r in self.refs if r.introduces]

    @property
    def topic(self) -> str | None:
        return next((r.topic for r in self.introducing if r.topic), None)

    @property
    def given_title(self) -> str | None:
        return next((r.given_title for r in self.refs if r.given_title), None)

    @property
    def type_cues(self) -> frozenset[str]:
        return frozenset().union(*(r.type_cues for r in self.refs)) if self.refs else frozenset()

    @property
    def inspectorates(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i for r in self.refs for i in r.inspectorates))

    @property
    def area(self) -> str | None:
        from_topic = [r.area for r in self.refs if r.area and r.area_from_topic]
        if from_topic:
            return from_topic[0]
        others = [r.area for r in self.refs if r.area]
        return _best_area(others)

    @property
    def date(self) -> _Date | None:
        dates = [r.date for r in self.refs if r.date]
        explicit = [d for d in dates if d.explicit]
        return _best_date(explicit or dates)

    @property
    def providers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*(p for r in self.refs for p in (*r.subjects, *r.providers)),
                                    *self.inherited_subjects]))

    @property
    def subjects(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p for r in self.refs for p in r.subjects)) or self.inherited_subjects

    @property
    def strong(self) -> bool:
        return any(r.strong for r in self.refs) or bool(self.introducing)

    def described(self, default_inspectorate: str) -> bool:
        return bool(self.topic or self.given_title or self.date or self.type_cues or self.area or self.subjects
                    or set(self.inspectorates) - {default_inspectorate})

    def conflicts(self, other: "_Cluster | _Ref") -> bool:
        return _conflict(self.features(), _features(other))

    def features(self) -> dict:
        return _features(self)


def _features(item: "_Cluster | _Ref") -> dict:
    types = set(item.type_cues) - {"area", "joint_agent"}
    return {
        "topic": item.topic,
        "title": item.given_title,
        "types": types,
        "area": item.area,
        "date": item.date,
        "inspectorates": set(item.inspectorates),
        "subjects": set(item.subjects),
    }


def _conflict(a: dict, b: dict) -> bool:
    if a["title"] and b["title"] and _similarity(a["title"], b["title"]) < 0.5:
        return True
    if a["topic"] and b["topic"] and _similarity(a["topic"], b["topic"]) < 0.34 and not _areas_compatible(a["area"], b["area"], strict=True):
        return True
    if a["types"] and b["types"] and not (a["types"] & b["types"]):
        return True
    if a["area"] and b["area"] and not _areas_compatible(a["area"], b["area"]):
        return True
    if a["date"] and b["date"] and a["date"].explicit and b["date"].explicit and not _dates_compatible(a["date"], b["date"]):
        return True
    if a["inspectorates"] and b["inspectorates"] and a["inspectorates"] != b["inspectorates"]:
        return True
    if a["subjects"] and b["subjects"] and not a["subjects"] & b["subjects"]:
        return True  # an inspection of another provider
    return False


def _cluster_document(units: list[_Unit], refs: list[_Ref], default_inspectorate: str) -> list[_Cluster]:
    current_by_unit: dict[int, _Cluster] = {}
    clusters: list[_Cluster] = []
    previous: list[_Cluster] = []
    for ref in refs:
        if ref.status == "previous":
            _add_previous(previous, ref)
            continue
        unit_cluster = current_by_unit.get(ref.sentence.unit)
        if unit_cluster is None:
            unit_cluster = _Cluster("current", ref.sentence.unit)
            clusters.append(unit_cluster)
        elif ref.introduces and unit_cluster.introducing and (ref.distinct or unit_cluster.conflicts(ref)):
            unit_cluster = _Cluster("current", ref.sentence.unit)
            clusters.append(unit_cluster)
        unit_cluster.add(ref)
        current_by_unit[ref.sentence.unit] = unit_cluster
    merged = _merge_within_document([c for c in clusters if c.strong], default_inspectorate)
    if merged:
        for cluster in previous:
            _inherit_from_current(cluster, merged[0])
    kept_previous = [c for c in previous if c.date or c.area or c.topic or c.providers]
    return merged + kept_previous


def _inherit_from_current(previous: _Cluster, current: _Cluster) -> None:
    """"the division's last inspection" is an earlier inspection of what the
    article's report inspected."""
    if previous.subjects or previous.area:
        return
    # "the division's last inspection" (not "its": that may be the inspectorate's).
    possessive_previous = lexicon().possessive_previous
    for ref in previous.refs:
        text = ref.sentence.text
        for cue in ref.cues:
            before = text[: cue.start - ref.sentence.start]
            if possessive_previous.search(before):
                previous.inherited_subjects = current.subjects
                return


def _add_previous(previous: list[_Cluster], ref: _Ref) -> None:
    for cluster in reversed(previous):
        if not cluster.conflicts(ref):
            cluster.add(ref)
            return
    cluster = _Cluster("previous", ref.sentence.unit)
    cluster.add(ref)
    previous.append(cluster)


def _merge_within_document(clusters: list[_Cluster], default_inspectorate: str) -> list[_Cluster]:
    """Units of one document that report the same inspection (the three
    embedded articles of a blog post) become one cluster; an undescribed
    unit ("the report said ...") joins the document's main inspection."""
    described = [c for c in clusters if c.described(default_inspectorate)]
    undescribed = [c for c in clusters if not c.described(default_inspectorate)]
    result: list[_Cluster] = []
    for cluster in described:
        target = next((r for r in result if not r.conflicts(cluster) and _same_inspection(r, cluster)), None)
        if target is None:
            result.append(cluster)
        else:
            target.refs.extend(cluster.refs)
    if not result and undescribed:
        result.append(undescribed.pop(0))
    for cluster in undescribed:
        result[0].refs.extend(cluster.refs)
    for cluster in result:
        cluster.refs.sort(key=lambda r: r.sentence.start)
    return result


def _same_inspection(a: _Cluster, b: _Cluster) -> bool:
    if a.given_title and b.given_title:
        return _similarity(a.given_title, b.given_title) >= 0.5
    if a.subjects and b.subjects:
        return bool(set(a.subjects) & set(b.subjects))
    if a.topic and b.topic and _similarity(a.topic, b.topic) >= 0.5:
        return True
    if a.area and b.area and _areas_compatible(a.area, b.area):
        return True
    if a.date and b.date and a.date.key() == b.date.key() and a.date.precision != "year":
        return True
    return bool(set(a.providers) & set(b.providers)) and not (a.topic and b.topic)
