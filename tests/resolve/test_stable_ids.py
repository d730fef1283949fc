"""Ids do not depend on which articles are in the folder (issue 21): every
seed and every development article built alone, and each set built whole,
give the same speaker, provider and dated inspection ids to what they share.

The builds are the corpus steps a real build runs (``collect_corpus`` and the
table assembly of ``pipelines/assemble/tables.py``) over one folder per
article, sharing one in-memory extraction store, so each article is parsed
once; Dagster and publishing add nothing that could change an id.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipelines.assemble import tables as assemble
from pipelines.extract.corpus import collect_corpus
from pipelines.extract.extraction import DocumentExtraction

ROOT = Path(__file__).resolve().parents[2]
SETS = {"seeds": ROOT / "seeds", "dev": ROOT / "tests" / "gold" / "dev" / "docs"}


class _SharedStore:
    """Extractions by document content, shared by every build of the test."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], object] = {}

    def get(self, document):
        return self.items.get((document.document_id, document.sha256))

    def put(self, document, extraction) -> None:
        self.items[(document.document_id, document.sha256)] = extraction

    def has_extraction(self, document) -> bool:
        return isinstance(self.get(document), DocumentExtraction)


def _build(folder: Path, store: _SharedStore, nlp, gazetteer) -> dict:
    corpus, _parsed = collect_corpus(folder, store, lambda: nlp, gazetteer)
    extractions = list(corpus.extractions())
    providers, provider_mentions = assemble.provider_tables(extractions, gazetteer)
    inspections, links = assemble.inspection_table(extractions)
    speakers, quotes = assemble.quote_tables(extractions, links)
    return {"providers": providers, "provider_mentions": provider_mentions, "inspections": inspections,
            "links": links, "speakers": speakers, "quotes": quotes}


@pytest.fixture(scope="module", params=sorted(SETS))
def builds(request, tmp_path_factory, nlp, gazetteer):
    """(the whole set's build, {document: its build alone})."""
    source = SETS[request.param]
    store = _SharedStore()
    whole = _build(source, store, nlp, gazetteer)
    alone = {}
    for path in sorted(source.glob("*.txt")):
        folder = tmp_path_factory.mktemp(path.stem)
        shutil.copy(path, folder / path.name)
        alone[path.stem] = _build(folder, store, nlp, gazetteer)
    return whole, alone


def test_the_sets_have_what_the_comparison_needs(builds):
    whole, alone = builds
    assert len(alone) > 1 and whole["quotes"] and whole["providers"] and whole["inspections"]


def test_a_quotes_speaker_keeps_its_id(builds):
    whole, alone = builds
    speaker_of = {q["quote_id"]: q["speaker_id"] for q in whole["quotes"]}
    for document, build in alone.items():
        for quote in build["quotes"]:
            assert quote["speaker_id"] == speaker_of[quote["quote_id"]], (document, quote["text"][:60])


def test_a_provider_keeps_its_id(builds):
    whole, alone = builds
    provider_of = {(m["document_id"], m["char_start"]): m["provider_id"] for m in whole["provider_mentions"]}
    for document, build in alone.items():
        for mention in build["provider_mentions"]:
            assert mention["provider_id"] == provider_of[(mention["document_id"], mention["char_start"])], (
                document, mention)
        assert {p["provider_id"] for p in build["providers"]} <= {p["provider_id"] for p in whole["providers"]}


def test_an_inspection_whose_article_gives_its_date_and_subject_keeps_its_id(builds):
    whole, alone = builds
    compared = 0
    for document, build in alone.items():
        rows = {r["inspection_id"]: r for r in build["inspections"]}
        for mention_id, inspection_id in build["links"].items():
            row = rows[inspection_id]
            if row["published_date"] is None or not (row["provider_ids"] or row["area"]):
                continue
            compared += 1
            assert whole["links"][mention_id] == inspection_id, (document, row["title"])
    assert compared > 0
