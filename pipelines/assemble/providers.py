"""The providers and provider_mentions tables, from every document's mentions."""

from __future__ import annotations

from collections import Counter

from pipelines.extract.providers.gazetteer import Gazetteer
from pipelines.extract.providers.records import ProviderMention, ProviderRecord


def build_provider_tables(
    gazetteer: Gazetteer, mentions_by_document: dict[str, list[ProviderMention]]
) -> tuple[list[dict], list[dict]]:
    """(providers rows, provider_mentions rows). Every reference provider has a
    row (mention_count 0 when unmentioned) and so does every discovered one."""
    records = dict(gazetteer.records)
    surfaces: dict[str, list[str]] = {}
    counts: Counter[str] = Counter()
    mention_rows: dict[str, dict] = {}
    for document_id in sorted(mentions_by_document):
        for mention in mentions_by_document[document_id] or ():
            mention_id = f"{document_id}:{mention.char_start}-{mention.char_end}"
            if mention_id in mention_rows:
                continue
            if mention.provider_id not in records and mention.discovered is not None:
                records[mention.provider_id] = mention.discovered
            if mention.provider_id not in records:
                continue
            counts[mention.provider_id] += 1
            surfaces.setdefault(mention.provider_id, []).append(mention.text)
            mention_rows[mention_id] = {
                "mention_id": mention_id,
                "document_id": document_id,
                "provider_id": mention.provider_id,
                "char_start": mention.char_start,
                "char_end": mention.char_end,
                "text": mention.text,
            }
    providers = [provider_row(records[pid], counts[pid], surfaces.get(pid, []), gazetteer)
                 for pid in sorted(records)]
    mentions = sorted(mention_rows.values(), key=lambda r: (r["document_id"], r["char_start"], r["char_end"]))
    return providers, mentions


def provider_row(record: ProviderRecord, count: int, surfaces: list[str], gazetteer: Gazetteer) -> dict:
    aliases = list(dict.fromkeys([*record.aliases, *(s for s in surfaces if record.provider_id not in gazetteer.records)]))
    if record.name not in aliases:
        aliases.insert(0, record.name)
    return {
        "provider_id": record.provider_id,
        "name": record.name,
        "aliases": aliases,
        "provider_type": record.provider_type,
        "sector": record.sector,
        "owner_provider_id": record.owner_provider_id,
        "region": record.region,
        "mention_count": count,
        "note": record.note,
        "valid_from": record.valid_from,
        "valid_to": record.valid_to,
        "successor_provider_id": record.successor_provider_id,
        "parent_provider_id": record.parent_provider_id,
        "source": record.source,
        "local_authorities": list(record.local_authorities),
    }
