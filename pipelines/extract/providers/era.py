"""The article's date, which decides what a provider's name means: the
national service of that date, and providers that did not yet exist.

A lower-case "the probation service" is the one local provider the article
is about, else the national service of the article's date.
"""

from __future__ import annotations

import re
from datetime import date

from pipelines.extract.providers.gazetteer import Gazetteer
from pipelines.extract.providers.records import ProviderMention
from pipelines.read.model import SourceDocument
from schemas.enums import LOCAL_PROVIDER_TYPES, LOCAL_SERVICE_TYPES


def national_mentions(text: str, gazetteer: Gazetteer, on: date | None, mentions: list[ProviderMention]) -> list[ProviderMention]:
    """A lower-case "the probation service": the one local provider the
    article is about, else the national service of the article's date.
    Followed by a place the register does not resolve ("the probation service
    in Northumberland"), it is that local provider or nothing."""
    local = {m.provider_id for m in mentions if gazetteer.type_of(m) in LOCAL_SERVICE_TYPES}
    one_local = next(iter(local)) if len(local) == 1 else None
    national = one_local or gazetteer.national_service_at(on)
    words = "|".join(re.escape(w) for w in gazetteer.settings.get("national_service_words") or ())
    pattern = re.compile(rf"(?<![\w-])(?:[Tt]he|THE)[ \t]+(?P<name>{words})(?![\w-])"
                         rf"(?P<place>[ \t]+(?:for|in|of|covering)[ \t]+[A-Z])?")
    found = []
    for m in pattern.finditer(text):
        provider_id = one_local if m.group("place") else national
        if provider_id:
            found.append(ProviderMention(provider_id, m.start("name"), m.end("name"), m.group("name")))
    return found


def in_era(gazetteer: Gazetteer, mentions: list[ProviderMention], on: date | None) -> list[ProviderMention]:
    """The national service's name means the service of the article's date
    ("the Probation Service" in 2018 is the National Probation Service; in
    2012, before any national service, none). Regions and PDUs did not exist
    before June 2021, so an article of an earlier date does not name them."""
    out = []
    for mention in mentions:
        record = gazetteer.records.get(mention.provider_id)
        if record is None or on is None or record.valid_on(on):
            out.append(mention)
        elif record.provider_type == "nps":
            current = gazetteer.national_service_at(on)
            if current is not None:
                out.append(ProviderMention(current, mention.char_start, mention.char_end, mention.text))
        elif record.provider_type not in ("region", "pdu"):
            out.append(mention)
    return out


def document_date(document: SourceDocument, gazetteer: Gazetteer, mentions: list[ProviderMention]) -> date | None:
    """The date the article speaks from: its published date when it has one;
    else the latest year the text mentions that fits the era of the latest
    provider it names (trusts, CRCs, divisions, regions, PDUs); else the
    middle of that era; else the latest year mentioned."""
    if document.published_date:
        return document.published_date
    text = document.text
    this_year = date.today().year
    years = sorted({int(y) for y in re.findall(r"(?<![\d£$.,])(20[0-3]\d)(?![\d%])", text) if int(y) <= this_year})
    # Local providers only: the national service's own name is not evidence,
    # its meaning is what the date decides.
    eras = [r for r in (gazetteer.records.get(m.provider_id) for m in mentions)
            if r and r.provider_type in LOCAL_PROVIDER_TYPES and r.valid_from]
    if eras:
        latest = max(eras, key=lambda r: r.valid_from)
        end = latest.valid_to or date.today()
        fitting = [y for y in years if latest.valid_from.year <= y <= end.year]
        if fitting:
            return max(latest.valid_from, min(end, date(fitting[-1], 7, 1)))
        return latest.valid_from + (end - latest.valid_from) / 2
    if years:
        return date(years[-1], 7, 1)
    return None
