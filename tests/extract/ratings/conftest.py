"""Fixtures of the ratings extractor's tests: a register with invented
bodies, and runners over a document's context."""

from __future__ import annotations

import pytest

from pipelines.extract.context import build_context
from pipelines.extract.providers import Gazetteer, ProviderRecord, find_provider_mentions
from pipelines.extract.ratings import extract_ratings
from pipelines.read.model import SourceDocument
from tests.extract.ratings.helpers import BODIES


@pytest.fixture(scope="module")
def register(gazetteer) -> Gazetteer:
    records = dict(gazetteer.records)
    for provider_id, (name, provider_type) in BODIES.items():
        place = name.rsplit(" PDU", 1)[0].replace(" Youth Offending Service", "").replace(" CRC", "")
        aliases = (name, f"{place} YOT", f"{place} Youth Offending Team") if provider_type.startswith("youth") else (name,)
        records[provider_id] = ProviderRecord(provider_id, name, aliases, provider_type, "public", None, None)
    return Gazetteer(records, loose_words=gazetteer.loose_words, region_blockers=gazetteer.region_blockers,
                     non_providers=gazetteer.non_providers, settings=gazetteer.settings)


@pytest.fixture
def extract(nlp, register):
    """The ratings of ``document``, from the context the corpus builds for it."""
    def run(document: SourceDocument) -> list[dict]:
        context = build_context(document, nlp(document.text), register)
        rows = extract_ratings(context.with_provider_mentions(find_provider_mentions(context)))
        for row in rows:
            assert document.text[row["char_start"]:row["char_end"]] == row["text"]
            assert row["text"] in row["sentence"]
        return rows

    return run


@pytest.fixture
def ratings(extract, make_document):
    def run(text: str) -> list[dict]:
        return extract(make_document(text))

    return run
