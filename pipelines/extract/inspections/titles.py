"""An inspection's title and the names in it."""

from __future__ import annotations

import re

from pipelines.extract.inspections.cues import _honorific, _name_pattern
from pipelines.extract.inspections.lexicon import lexicon
from pipelines.extract.providers.register import place_qualifiers, type_nouns, youth_service_words

# "the north of Kent" -> "North Kent": the four points, from the reference data.
_CARDINAL = "|".join(map(re.escape, place_qualifiers().cardinal))
# A youth service's nouns after its place ("Youth Offending Team", "YOT"), longest first.
_YOUTH_SERVICE_END = re.compile(r"\s+(?:" + "|".join(map(re.escape, youth_service_words())) + r")$", re.IGNORECASE)
_PDU = type_nouns()["pdu"].abbreviation


def _inspector_name(text: str, chief_pattern: re.Pattern) -> str | None:
    name_pattern, refdata = _name_pattern(), lexicon()
    for m in chief_pattern.finditer(text):
        before = text[: m.start()]
        after = text[m.end() :]
        named_after = re.match(rf",?\s+(?P<name>{name_pattern})", after)
        named_before = re.search(rf"(?P<name>{name_pattern}),?\s+(?:the\s+)?(?:HM\s+|Her\s+Majesty['’]s\s+)?$", before)
        for candidate in (named_after, named_before):
            if candidate:
                name = _honorific().sub("", candidate.group("name").strip())
                name = refdata.name_end.sub("", name)
                if len(name.split()) >= 2 and not refdata.not_name.search(name):
                    return name
    return None


def _inspectorate_label(inspectorate_ids: tuple[str, ...]) -> str:
    refdata = lexicon()
    names = [refdata.by_id(i).name for i in inspectorate_ids if refdata.by_id(i)]
    return " and ".join(names) if names else refdata.default.name


def make_title(*, inspection_type: str, inspectorate: str, topic: str | None, given_title: str | None,
               heading_title: str | None, area: str | None, year: int | None, joint: bool,
               subject: str | None = None, subject_explicit: bool = True, youth: bool = False,
               period: str | None = None) -> str:
    """A title in the style of the report series, built from the inspection's
    identity (type, subject or theme, year), never from free text: "An
    inspection of probation services in: Tameside PDU", "An inspection of
    Essex Community Rehabilitation Company", "Annual report (2019)",
    "Thematic inspection: unpaid work". The official title when the text
    quotes one."""
    if given_title:
        return given_title
    titles = lexicon().title_templates
    theme = _tidy_topic(topic) if topic else None
    place = subject or area
    if inspection_type == "annual_report":
        series = titles["annual_report_youth"] if youth else titles["annual_report"]
        if period:
            return f"{series} {period}"  # the years it covers, as the series names them: "Annual report 2018–19"
        return f"{series} ({year})" if year else series
    if inspection_type in ("thematic", "joint_thematic"):
        label = titles["joint_thematic"] if inspection_type == "joint_thematic" or joint else titles["thematic"]
        if not theme and joint and heading_title:
            theme = heading_title
        return _with_theme(label, theme)
    if inspection_type == "sfo_review":
        return _with_theme(titles["sfo_review"], review_subject(theme) if theme else None)
    if inspection_type == "youth":
        return titles["youth"].format(place=area or _youth_service_place(subject or ""))
    if inspection_type == "pdu":
        name = place if place and re.search(rf"\b{_PDU}\b", place) else f"{place} {_PDU}"
        return titles["local"].format(place=name)
    if inspection_type == "follow_up":
        return _with_theme(titles["follow_up"], place or theme)
    if subject:
        return titles["provider"].format(place=_expand(subject))
    if "Probation" not in inspectorate and (theme or area):
        # Another inspectorate's report (a prison's, on a listing page): not "probation services".
        return _with_theme(titles["other_inspectorate"].format(inspectorate=inspectorate), theme or area)
    if area:
        return titles["local"].format(place=area)
    if theme:
        return _with_theme(titles["theme"], theme)
    return titles["other_inspectorate"].format(inspectorate=inspectorate)


def _with_theme(label: str, theme: str | None) -> str:
    return f"{label}: {theme}" if theme else label


def _youth_service_place(name: str) -> str:
    """"Anytown Youth Offending Team" -> "Anytown": the place before a youth service's noun."""
    return _YOUTH_SERVICE_END.sub("", name)


def review_subject(theme: str) -> str:
    """"the case of Damien Bendall" -> "Damien Bendall": a review is named after its case."""
    return re.sub(r"^(?:the\s+)?case\s+of\s+", "", theme.strip(), flags=re.I)


def _expand(name: str) -> str:
    """"Essex CRC" -> "Essex Community Rehabilitation Company", the series' wording."""
    crc = type_nouns()["crc"]
    name = re.sub(rf"\b{crc.abbreviation}\b", crc.noun, name)
    name = re.sub(r"^NPS\b", "the National Probation Service", name)
    return name


def _tidy_topic(topic: str) -> str:
    topic = re.sub(r"\s+", " ", topic).strip()
    topic = re.sub(rf"\bthe\s+({_CARDINAL})(?:\s+of)?\s+([A-Z]\w+)", lambda m: f"{m.group(1).title()} {m.group(2)}", topic)
    return topic
