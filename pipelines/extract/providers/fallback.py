"""Organisations the text presents as providers but the reference data does not know
("Anytown CRC", "run by Acme Justice"), registered as discovered providers."""

from __future__ import annotations

import re

from pipelines.extract.providers.gazetteer import Gazetteer
from pipelines.extract.providers.places import NOT_PLACE, in_headline
from pipelines.extract.providers.records import ProviderMention, discovered
from pipelines.extract.providers.register import capitals_optional, not_provider_nouns, owner_cues, type_nouns
from pipelines.extract.sentences import sentence_around

_CRC, _TRUST = type_nouns()["crc"], type_nouns()["probation_trust"]
_NOT_PROVIDER_NOUN = re.compile(r"\b(?:" + "|".join(map(re.escape, not_provider_nouns())) + r")\b")
_PLACE_WORD = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*"
_FALLBACK_AREA = re.compile(
    rf"(?P<name>{_PLACE_WORD}(?:(?:,[ \t]*|[ \t]+(?:and|&)[ \t]+|[ \t]+(?:of[ \t]+(?:the[ \t]+)?)?){_PLACE_WORD}){{0,6}})"
    rf"[ \t]+(?P<kind>{re.escape(_CRC.abbreviation)}|{re.escape(_CRC.noun)}|{re.escape(_TRUST.noun)})(?![\w-])(?!['’]?s\b)"
)
_OWNER_NAME = r"(?P<name>[A-Z][\w&'’.-]*(?:[ \t]+(?:&[ \t]+)?[A-Z][\w&'’.-]*){0,3})"


def _written(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in words)


_OWNER = owner_cues()
_FALLBACK_OWNER = [
    re.compile(rf"\b(?:{_written(_OWNER.sector_words)})\s+(?:{_written(_OWNER.company_nouns)})\s+" + _OWNER_NAME),
    re.compile(
        rf"\b(?:{_written(_OWNER.owning_verbs)})\s+by\s+(?:the\s+)?"
        rf"(?:(?:{_written(_OWNER.owner_adjectives)})\s+)*"
        rf"(?:{_written(_OWNER.owner_nouns)})?\s*" + _OWNER_NAME
    ),
]
# A sentence about probation: its abbreviation for a CRC, the words that
# qualify the CRC's noun ("Community Rehabilitation"), or "probation".
_PROBATION_CONTEXT = re.compile(
    rf"\b(?:{re.escape(_CRC.abbreviation)}s?|{capitals_optional(_CRC.noun.rsplit(' ', 1)[0])}|[Pp]robation)\b"
)


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
    if in_headline(text, m.start()):
        return None  # title case makes every word look like a place
    words = m.group("name").split()
    while words and words[0].strip(",") in NOT_PLACE:
        words = words[1:]
    if not words or words[0] in {"and", "&", "of", "the"}:
        return None
    if any(w.strip(",") in NOT_PLACE for w in words):
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
    if kind == _TRUST.noun:
        record = discovered(f"{name} {_TRUST.noun}", "probation_trust", "public", name, surface)
    else:
        record = discovered(f"{name} {_CRC.abbreviation}", "crc", "unknown", name, surface)
    return ProviderMention(record.provider_id, start, end, surface, discovered=record)


def _owner_fallback(text: str, m: re.Match, sentences, gazetteer: Gazetteer, persons) -> ProviderMention | None:
    name = m.group("name").rstrip(".’'")
    start = m.start("name")
    end = start + len(name)
    lo, hi = sentence_around(sentences, start, len(text))
    if not _PROBATION_CONTEXT.search(text[lo:hi]):
        return None
    if any(s < end and start < e for s, e in persons) or name.split()[0] in NOT_PLACE:
        return None
    if gazetteer.is_non_provider(name) or _NOT_PROVIDER_NOUN.search(name):
        return None
    provider_id = gazetteer.resolve(name)
    if provider_id:
        return ProviderMention(provider_id, start, end, name)
    record = discovered(name, "other", "unknown", None, text[m.start():end])
    return ProviderMention(record.provider_id, start, end, name, discovered=record)
