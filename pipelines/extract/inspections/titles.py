"""An inspection's title and the names in it."""

from __future__ import annotations

import re

from pipelines.extract.inspections.cues import _HONORIFIC, _NAME
from pipelines.extract.inspections.lexicon import _refdata


def _inspector_name(text: str, chief_pattern: re.Pattern) -> str | None:
    for m in chief_pattern.finditer(text):
        before = text[: m.start()]
        after = text[m.end() :]
        named_after = re.match(rf",?\s+(?P<name>{_NAME})", after)
        named_before = re.search(rf"(?P<name>{_NAME}),?\s+(?:the\s+)?(?:HM\s+|Her\s+Majesty['’]s\s+)?$", before)
        for candidate in (named_after, named_before):
            if candidate:
                name = _HONORIFIC.sub("", candidate.group("name").strip())
                name = re.sub(r"\s+(?:said|says|has|had|was|is|added)$", "", name)
                if len(name.split()) >= 2 and not re.search(r"\b(?:HM|Chief|Inspector|Probation|Prisons)\b", name):
                    return name
    return None


def _inspectorate_label(inspectorate_ids: tuple[str, ...]) -> str:
    refdata = _refdata()
    names = [refdata.by_id(i).name for i in inspectorate_ids if refdata.by_id(i)]
    return " and ".join(names) if names else refdata.default.name


def make_title(*, inspection_type: str, inspectorate: str, topic: str | None, given_title: str | None,
               heading_title: str | None, area: str | None, year: int | None, joint: bool,
               subject: str | None = None, subject_explicit: bool = True) -> str:
    """A descriptive title when the text gives none: "Inspection of London
    probation services (2014)", "Joint inspection of integrated offender
    management (IOM)", "HM Inspectorate of Probation annual report (2019)"."""
    suffix = f" ({year})" if year else ""
    if given_title:
        return given_title
    if inspection_type == "annual_report":
        return f"{inspectorate} annual report{suffix}"
    local = inspection_type in ("area", "follow_up", "other")
    if subject and local and (subject_explicit or not topic):
        return f"Inspection of {subject}{suffix}"
    if topic:
        topic = _tidy_topic(topic)
        if joint:
            return f"Joint inspection of {topic}"
        if inspection_type == "thematic":
            return f"{topic[:1].upper()}{topic[1:]} (thematic inspection)"
        dated = suffix if inspection_type in ("area", "follow_up", "other") else ""
        return f"Inspection of {topic}{dated}"
    if heading_title and joint:
        return f"{heading_title} (joint inspection)"
    if area:
        return f"Inspection of probation services in {area}{suffix}"
    return f"{inspectorate} inspection{suffix}"


def _tidy_topic(topic: str) -> str:
    topic = re.sub(r"\s+", " ", topic).strip()
    topic = re.sub(r"\bthe\s+(north|south|east|west)(?:\s+of)?\s+([A-Z]\w+)", lambda m: f"{m.group(1).title()} {m.group(2)}", topic)
    return topic
