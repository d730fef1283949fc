"""A group of mentions of one inspection across documents, and its row:
the best area and title, and a stable inspection_id."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from pipelines.extract.inspections.lexicon import lexicon
from pipelines.extract.inspections.mention import InspectionMention
from pipelines.extract.inspections.similarity import _area_words, _best_area
from pipelines.extract.inspections.titles import make_title, review_subject
from pipelines.extract.slugs import slugify
from schemas.enums import LOCAL_INSPECTION_TYPES


@dataclass
class _Group:
    """Mentions taken to be one inspection, with what matching a new mention
    needs kept up to date as mentions join (not recomputed per comparison)."""

    position: int
    mentions: list[InspectionMention] = field(default_factory=list)
    document_ids: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)
    subjects: set[str] = field(default_factory=set)
    providers: set[str] = field(default_factory=set)
    areas: list[str] = field(default_factory=list)  # one per mention: the row's area is the best supported
    distinct_areas: dict[str, None] = field(default_factory=dict)
    area_words: set[frozenset[str]] = field(default_factory=set)
    given_titles: list[str] = field(default_factory=list)
    topics: dict[str, None] = field(default_factory=dict)  # distinct, in order
    date: InspectionMention | None = None

    def add(self, mention: InspectionMention) -> None:
        self.mentions.append(mention)
        self.document_ids.add(mention.document_id)
        if mention.inspection_type != "other":
            self.types.add(mention.inspection_type)
        self.subjects.update(mention.subject_ids)
        self.providers.update(mention.provider_ids)
        if mention.area:
            self.areas.append(mention.area)
            self.distinct_areas[mention.area] = None
            self.area_words.add(_area_words(mention.area))
        if mention.given_title:
            self.given_titles.append(mention.given_title)
        if mention.topic or mention.given_title:
            self.topics[mention.topic or mention.given_title] = None
        if mention.published_date and (self.date is None or _date_rank(mention) < _date_rank(self.date)):
            self.date = mention

    @property
    def month(self) -> int | None:
        """The month of the group's date, None when only its year is known."""
        return self.date.published_date.month if self.date and self.date.date_precision != "year" else None


def _date_rank(mention: InspectionMention) -> tuple:
    """The group's date is its best-dated mention: explicit, then most precise."""
    rank = {"day": 3, "month": 2, "year": 1}
    return (not mention.date_is_explicit, -rank.get(mention.date_precision or "", 0), mention.document_id,
            mention.char_start)


# Which of an inspection's named subjects it is an inspection of, most local
# first: a Quality & Impact inspection of a CRC and the NPS division beside it
# is the CRC's; a PDU's inspection is the PDU's, not its region's.
_SUBJECT_RANK = {"pdu": 0, "youth_offending_service": 0, "crc": 1, "probation_trust": 1, "other": 2,
                 "nps_division": 3, "region": 4, "nps": 5, "probation_service": 5}


def _subject(group: _Group) -> InspectionMention | None:
    """The mention that names the group's subject: chosen by the subject
    itself (how local it is, then its id), never by which document came
    first, so a document's inspection keeps its subject as others join."""
    named = [m for m in group.mentions if m.subject_id]
    if not named:
        return None
    return min(named, key=lambda m: (_SUBJECT_RANK.get(m.subject_type or "", 2), m.subject_id, not m.subject_explicit,
                                     m.document_id, m.char_start))


def _row(group: _Group) -> dict:
    mentions = group.mentions
    first = sorted(mentions, key=lambda m: (m.status != "current", m.document_id, m.char_start))
    dated = group.date
    published = dated.published_date if dated else None
    precision = dated.date_precision if dated else None
    inspection_type = _most_common([m.inspection_type for m in mentions if m.inspection_type != "other"]) or "other"
    area = _best_area(group.areas)
    inspectorate = mentions[0].inspectorate
    subject = _subject(group) if inspection_type in LOCAL_INSPECTION_TYPES else None
    title = _best_title(first, inspection_type, inspectorate, area, published, subject)
    return {
        "inspection_id": _inspection_id(mentions[0].inspectorate_ids, inspection_type, area, published, subject,
                                        first, title),
        "title": title,
        "inspectorate": inspectorate,
        "inspection_type": inspection_type,
        "area": area,
        "published_date": published,
        "date_precision": precision,
        "provider_ids": sorted({p for m in mentions for p in m.provider_ids}),
        "lead_inspector": _most_common([m.lead_inspector for m in first if m.lead_inspector]),
        "headline_finding": next((m.headline_finding for m in first if m.headline_finding), None),
        "fieldwork_date": next((m.fieldwork_date for m in first if getattr(m, "fieldwork_date", None)), None),
        "document_ids": sorted({m.document_id for m in mentions}),
        "document_id": first[0].document_id,
        "char_start": first[0].char_start,
        "char_end": first[0].char_end,
        "text": first[0].text,
    }


def _most_common(values: list[str]) -> str | None:
    if not values:
        return None
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in values if counts[v] == best)


def _best_title(ordered: list[InspectionMention], inspection_type: str, inspectorate: str, area: str | None,
                published: date | None, subject: InspectionMention | None) -> str:
    given = next((m.given_title for m in ordered if m.given_title), None)
    topic = next((m.topic for m in ordered if m.topic and m.status == "current"), None) or next(
        (m.topic for m in ordered if m.topic), None)
    heading = next((m.heading_title for m in ordered if m.heading_title), None)
    joint = any("joint" in m.title.lower() for m in ordered) or " and " in inspectorate
    return make_title(inspection_type=inspection_type, inspectorate=inspectorate, topic=topic, given_title=given,
                      heading_title=heading, area=area, year=published.year if published else None, joint=joint,
                      subject=subject.subject_name if subject else None,
                      subject_explicit=bool(subject and subject.subject_explicit),
                      youth=any(m.title.startswith("Annual report: inspection of youth") for m in ordered),
                      period=next((m.report_period for m in ordered if m.report_period), None))


def _inspection_id(inspectorate_ids: tuple[str, ...], inspection_type: str, area: str | None, published: date | None,
                   subject: InspectionMention | None, ordered: list[InspectionMention], title: str) -> str:
    """The inspection's identity as a slug: inspectorate, year of publication,
    then what was inspected: the inspected provider's id when there is one,
    else the area, else the theme ("hmip-2016-london-crc", "hmip-2014-london",
    "hmip-2019-annual-report"; a report of another kind, by what the text says
    it is of: "hmi-prisons-2019-hmp-wandsworth"). The year, not the month or day: one report
    named "in December 2016" by one article and "on 15 December 2016" by
    another keeps one id; ``_UniqueIds`` adds the month only where two
    inspections of one subject share a year."""
    refdata = lexicon()
    prefix = "-".join(refdata.by_id(i).slug for i in inspectorate_ids if refdata.by_id(i)) or refdata.default.slug
    if inspection_type == "annual_report":
        key = "youth-annual-report" if title.startswith("Annual report: inspection of youth") else "annual-report"
    elif subject is not None:
        key = subject.subject_id + ("-follow-up" if inspection_type == "follow_up" else "")
    elif area and inspection_type in LOCAL_INSPECTION_TYPES and not (inspection_type == "other" and any(m.topic for m in ordered)):
        key = slugify(area)
    elif inspection_type == "sfo_review":
        theme = next((m.topic for m in ordered if m.topic), None)
        key = "sfo-review" + (f"-{_short_slug(review_subject(theme))}" if theme else "")
    else:
        key = _short_slug(next((m.given_title or m.topic for m in ordered if m.given_title or m.topic), None) or title)
    return "-".join(p for p in (prefix, f"{published.year:04d}" if published else "", key) if p)


def _with_month(row: dict) -> str:
    """The id with the month after the year, for one of two inspections of
    one subject in one year, when its month is known."""
    published = row["published_date"]
    if published is None or row["date_precision"] not in ("month", "day"):
        return row["inspection_id"]
    year = f"-{published.year:04d}-"
    return row["inspection_id"].replace(year, f"{year}{published.month:02d}-", 1)


def _short_slug(text: str, words: int = 8) -> str:
    return "-".join(slugify(text).split("-")[:words])


class _UniqueIds:
    """Inspection ids made unique with a numeric suffix (-2, -3, ...); the
    next suffix to try is remembered, so many inspections sharing a base id
    (every year's annual report) cost no rescan."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.next_suffix: dict[str, int] = {}

    def claim(self, candidate: str) -> str:
        result, n = candidate, self.next_suffix.get(candidate, 2)
        if result in self.used:
            result = f"{candidate}-{n}"
            while result in self.used:
                n += 1
                result = f"{candidate}-{n}"
            n += 1
        self.next_suffix[candidate] = n
        self.used.add(result)
        return result
