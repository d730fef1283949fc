"""The providers an inspection is of: each provider's type, name and region
as the document knows them (the register, or a provider the text introduced),
those that existed at the inspection's date, and the one provider it is of."""

from __future__ import annotations


from pipelines.extract.inspections.clusters import _Cluster
from pipelines.extract.inspections.reader import _Reader
from pipelines.extract.inspections.refs import _Date
from pipelines.extract.providers.salience import dominant
from pipelines.extract.inspections.similarity import _areas_compatible
from pipelines.read.model import SourceDocument


class _InspectedProviders:
    """The mention builder's questions about providers, for one document."""

    def __init__(self, document: SourceDocument, reader: _Reader):
        self.document = document
        self.reader = reader
        self.refdata = reader.refdata

    def provider_type(self, provider_id: str) -> str | None:
        record = self.reader.gazetteer.records.get(provider_id)
        if record:
            return record.provider_type
        discovered = next((m.discovered for m in self.reader.provider_mentions
                           if m.provider_id == provider_id and m.discovered), None)
        return discovered.provider_type if discovered else None

    def name(self, provider_id: str) -> str | None:
        record = self.reader.gazetteer.records.get(provider_id)
        if record:
            return record.name
        return next((m.discovered.name for m in self.reader.provider_mentions
                     if m.provider_id == provider_id and m.discovered), None)

    def region(self, provider_id: str) -> str | None:
        record = self.reader.gazetteer.records.get(provider_id)
        return record.region if record else None

    def existing(self, providers: tuple[str, ...], when: _Date | None) -> tuple[str, ...]:
        """An inspected provider must exist at the inspection's date: a 2016
        inspection is not of a probation trust abolished in 2014."""
        if when is None:
            return providers
        eras = self.refdata.provider_eras
        kept = []
        for provider_id in providers:
            first, last = (eras.get(self.provider_type(provider_id) or "") or (None, None))
            year = when.value.year
            if (first is None or year >= first) and (last is None or year <= last):
                kept.append(provider_id)
        return tuple(kept)

    def subject(self, cluster: _Cluster, area: str | None = None) -> tuple[str | None, bool]:
        """The one provider an inspection is of, by its provider id, and
        whether the text names it as inspected (else it is the only local
        provider named around the inspection, or the one the article names
        most among several there, or in an article about one area)."""
        explicit = not cluster.inherited_subjects or any(r.subjects for r in cluster.refs)
        subjects = [p for p in cluster.subjects if self.provider_type(p) != "nps"] or list(cluster.subjects)
        if not subjects:
            explicit = False
            subjects = [p for p in cluster.providers if self.provider_type(p) in ("crc", "nps_division", "pdu",
                                                                                  "youth_offending_service")]
        area = area or cluster.area
        if len(subjects) > 1 and area:
            # "Essex" beside Essex and Hertfordshire youth offending services: the one named after the area.
            named = [p for p in subjects if self.reader._named_after(p, area)]
            subjects = named if len(named) == 1 else subjects
        if not explicit and len(subjects) > 1 and cluster.status == "current":
            # A CRC and the NPS division beside it, around the report: the one
            # the article is about (named most) is the one it is of.
            dominant = self.dominant_local()
            subjects = [dominant] if dominant in subjects else subjects
        if not subjects and cluster.area and not cluster.topic and cluster.status == "current":
            dominant = self.dominant_local()
            if dominant and _areas_compatible(cluster.area, self.region(dominant)):
                subjects = [dominant]
        if len(subjects) != 1 or not self.name(subjects[0]):
            return None, False
        return subjects[0], explicit

    def dominant_local(self) -> str | None:
        """The CRC or NPS division the article's own text names most (none on a tie)."""
        local = [m for m in self.reader.provider_mentions if self.provider_type(m.provider_id) in ("crc", "nps_division")]
        return dominant(local, quorum="plurality", document=self.document)
