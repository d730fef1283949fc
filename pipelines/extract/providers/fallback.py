"""Organisations the text presents as providers but the reference data does not know
("Anytown CRC", "run by Acme Justice"), registered as discovered providers."""

from __future__ import annotations

import re

from pipelines.extract.providers.gazetteer import Gazetteer
from pipelines.extract.providers.records import ProviderMention, ProviderRecord
from pipelines.extract.sentences import sentence_around
from pipelines.extract.slugs import slugify

_PLACE_WORD = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*"
_FALLBACK_AREA = re.compile(
    rf"(?P<name>{_PLACE_WORD}(?:(?:,[ \t]*|[ \t]+(?:and|&)[ \t]+|[ \t]+(?:of[ \t]+(?:the[ \t]+)?)?){_PLACE_WORD}){{0,6}})"
    r"[ \t]+(?P<kind>CRC|Community Rehabilitation Company|Probation Trust)(?![\w-])(?!['’]?s\b)"
)
_NOT_PLACE = {
    "The", "A", "An", "This", "That", "These", "Those", "Each", "Every", "Any", "All", "No", "Its", "Their",
    "Our", "Your", "His", "Her", "Other", "Another", "Local", "Private", "Public", "Neighbouring", "New",
    "Former", "Failing", "Troubled", "Struggling", "Largest", "Smallest", "Probation", "Community",
    "Rehabilitation", "Inspectors", "Inspection", "Report", "Says", "Said", "Under", "When", "While", "After",
    "Before", "Since", "In", "At", "On", "For", "From", "By", "With", "But", "And", "Or", "If", "As", "Of",
    "Which", "What", "Why", "How", "Where", "Two", "Three", "Four", "Five", "Six", "One", "Some", "Many",
    "Most", "Both", "Several", "Regional", "National", "Individual", "Current", "Existing", "Poor",
    "Outsourced", "Privately", "Owned", "Run", "Latest", "Second", "Third", "First", "Fourth", "Last",
    "Services", "Service", "Say", "Says", "Crisis", "Failing", "Failed", "Warns", "Warned", "Is", "Are", "Was",
    "Were", "Has", "Have", "Not", "Staff", "Chief", "Inspector", "Inspectorate", "Company", "Companies",
}
_OWNER_NAME = r"(?P<name>[A-Z][\w&'’.-]*(?:[ \t]+(?:&[ \t]+)?[A-Z][\w&'’.-]*){0,3})"
_FALLBACK_OWNER = [
    re.compile(r"\b(?:probation|rehabilitation)\s+(?:company|provider|firm|contractor|operator)\s+" + _OWNER_NAME),
    re.compile(
        r"\b(?:run|owned|operated|managed|bought|acquired|taken over)\s+by\s+(?:the\s+)?"
        r"(?:(?:private|outsourcing|support[- ]services|services|justice|US|French|German|Australian|UK)\s+)*"
        r"(?:company|firm|group|giant|contractor|consortium|partnership|provider|joint venture)?\s*" + _OWNER_NAME
    ),
]
_PROBATION_CONTEXT = re.compile(r"\b(?:CRCs?|[Cc]ommunity [Rr]ehabilitation|[Pp]robation)\b")


def _fallback_mentions(text: str, sentences, gazetteer: Gazetteer, persons) -> list[ProviderMention]:
    found: list[ProviderMention] = []
    for m in _FALLBACK_AREA.finditer(text):
        mention = _area_fallback(text, m, gazetteer)
        if mention:
            found.append(mention)
    for pattern in _FALLBACK_OWNER:
        for m in pattern.finditer(text):
            mention = _owner_fallback(text, m, sentences, gazetteer, persons)
            if mention:
                found.append(mention)
    return found


def _area_fallback(text: str, m: re.Match, gazetteer: Gazetteer) -> ProviderMention | None:
    if _in_headline(text, m.start()):
        return None  # title case makes every word look like a place
    words = m.group("name").split()
    while words and words[0].strip(",") in _NOT_PLACE:
        words = words[1:]
    if not words or words[0] in {"and", "&", "of", "the"}:
        return None
    if any(w.strip(",") in _NOT_PLACE for w in words):
        return None
    name = " ".join(words).strip(", ")
    start = m.start("name") + m.group("name").index(words[0])
    end = m.end("kind")
    kind = m.group("kind")
    surface = text[start:end]
    provider_id = gazetteer.resolve(surface)
    if provider_id:
        return ProviderMention(provider_id, start, end, surface)
    if gazetteer.is_ambiguous_area(surface):
        return None
    if kind == "Probation Trust":
        record = _discovered(f"{name} Probation Trust", "probation_trust", "public", name, surface)
    else:
        record = _discovered(f"{name} CRC", "crc", "unknown", name, surface)
    return ProviderMention(record.provider_id, start, end, surface, discovered=record)


# Twenty words never take more; a longer line is body text, however it ends.
_MAX_HEADLINE_CHARS = 400


def _in_headline(text: str, offset: int) -> bool:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    end = end if end >= 0 else len(text)
    if end - start > _MAX_HEADLINE_CHARS:
        return False
    line = text[start:end].strip()
    return len(line.split()) <= 20 and not re.search(r"[.!?:;,]['’\"”)]?$", line)


def _owner_fallback(text: str, m: re.Match, sentences, gazetteer: Gazetteer, persons) -> ProviderMention | None:
    name = m.group("name").rstrip(".’'")
    start = m.start("name")
    end = start + len(name)
    lo, hi = sentence_around(sentences, start, len(text))
    if not _PROBATION_CONTEXT.search(text[lo:hi]):
        return None
    if any(s < end and start < e for s, e in persons) or name.split()[0] in _NOT_PLACE:
        return None
    if gazetteer.is_non_provider(name) or re.search(r"\b(?:Inspectorate|Ministry|Department|Council|Police|"
                                                   r"Committee|Office|Court|Parliament|Government|Union)\b", name):
        return None
    provider_id = gazetteer.resolve(name)
    if provider_id:
        return ProviderMention(provider_id, start, end, name)
    record = _discovered(name, "other", "unknown", None, text[m.start():end])
    return ProviderMention(record.provider_id, start, end, name, discovered=record)


def _discovered(name: str, provider_type: str, sector: str, region: str | None, surface: str) -> ProviderRecord:
    return ProviderRecord(
        provider_id=slugify(name),
        name=name,
        aliases=(),
        provider_type=provider_type,
        sector=sector,
        owner_provider_id=None,
        region=region,
        note=f"Not in the reference data; found in the text as '{surface}'.",
    )
