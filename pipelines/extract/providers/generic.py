"""Definite generic references ("the CRC") resolved to the CRC the document is about."""

from __future__ import annotations

import re

from pipelines.extract.providers.gazetteer import Gazetteer
from pipelines.extract.providers.records import ProviderMention
from pipelines.extract.providers.register import capitals_optional, generic_blockers, type_nouns
from pipelines.extract.providers.salience import dominant, named_before
from pipelines.read.model import SourceDocument

_CRC = type_nouns()["crc"]
_GENERIC_CRC = re.compile(
    r"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:same\s+)?"
    rf"(?P<noun>{re.escape(_CRC.abbreviation)}|{capitals_optional(_CRC.noun)}(?:\s*\({re.escape(_CRC.abbreviation)}\))?)(?![\w-])"
)
# "the CRC contracts" means CRCs in general, not one company.
_GENERIC_BLOCK = re.compile(
    r"['’]?s?\s+(?:"
    + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(generic_blockers(), key=len, reverse=True))
    + r")\b"
)


def _generic_crc_mentions(document: SourceDocument, sentences, mentions: list[ProviderMention],
                          gazetteer: Gazetteer) -> list[ProviderMention]:
    """"the CRC" in an article about one CRC is that CRC: the nearest CRC
    named before it in the same section, else the document's dominant CRC."""
    text = document.text
    crc_mentions = [m for m in mentions if gazetteer.type_of(m) == "crc"]
    if not crc_mentions:
        return []
    about = dominant(crc_mentions, quorum="majority")
    found = []
    for m in _GENERIC_CRC.finditer(text):
        if _GENERIC_BLOCK.match(text, m.end()) or _in_boilerplate(document, m.start()):
            continue
        if _followed_by_mention(text, m.end(), mentions):
            continue
        before = named_before(document, crc_mentions, m.start())
        provider_id = before[-1].provider_id if before else about
        if provider_id:
            start, end = m.start("noun"), m.end("noun")
            found.append(ProviderMention(provider_id, start, end, text[start:end]))
    return found


def _in_boilerplate(document: SourceDocument, offset: int) -> bool:
    section = document.section_at(offset)
    return bool(section and section.kind == "boilerplate")


def _followed_by_mention(text: str, end: int, mentions: list[ProviderMention]) -> bool:
    """"the CRC in north London": the area mention already names it."""
    window = text[end : end + 30]
    m = re.match(r"[ \t]*(?:,|in|for|covering)[ \t]+(?:the[ \t]+)?(?:\w+[ \t]+)?", window)
    return bool(m) and any(end < x.char_start <= end + m.end() + 1 for x in mentions)
