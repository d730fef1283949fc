"""The row store (assemble/store.py) and the tables DuckDB assembles from it
(assemble/sql.py) give the tables the in-memory assembly gives
(assemble/tables.py), row for row and dtype for dtype, however the store
got its segments: documents changed, removed, a segment torn by a killed
build, segments compacted."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipelines.assemble import sql, store as row_store
from pipelines.assemble import tables as assemble
from pipelines.assemble.store import KEYS, RowStore
from pipelines.extract.corpus import collect_corpus
from pipelines.extract.extraction import DocumentExtraction
from schemas.registry import to_frame

DEV = Path(__file__).resolve().parents[1] / "gold" / "dev" / "docs"
ARTICLES = sorted(DEV.glob("*.txt"))


class _MemoryStore:
    """Extractions by document content, shared by every corpus of the module
    (each article is parsed once)."""

    fingerprint = "test"
    items: dict = {}

    def get(self, document):
        return self.items.get((document.document_id, document.sha256))

    def put(self, document, extraction) -> None:
        self.items[(document.document_id, document.sha256)] = extraction

    def has_extraction(self, document) -> bool:
        return isinstance(self.get(document), DocumentExtraction)


@pytest.fixture
def corpus_of(nlp, gazetteer):
    def collect(folder: Path):
        return collect_corpus(folder, _MemoryStore(), lambda: nlp, gazetteer)[0]

    return collect


def _seeds(folder: Path, articles: list[Path]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for article in articles:
        shutil.copy(article, folder / article.name)
    return folder


def _from_memory(corpus, gazetteer) -> dict[str, pd.DataFrame]:
    extractions = list(corpus.extractions())
    documents = list(corpus.documents())
    inspections, links = assemble.inspection_table(extractions)
    providers, mentions = assemble.provider_tables(extractions, gazetteer)
    speakers, quotes = assemble.quote_tables(extractions, links)
    rows = {
        "documents": assemble.document_rows(documents), "sections": assemble.section_rows(documents),
        "providers": providers, "provider_mentions": mentions, "inspections": inspections,
        "speakers": speakers, "quotes": quotes, "metrics": assemble.metric_rows(extractions, links),
        "ratings": assemble.rating_rows(extractions, inspections, links),
    }
    return {name: to_frame(name, table_rows) for name, table_rows in rows.items()}


def _from_store(view, gazetteer) -> dict[str, pd.DataFrame]:
    inspections, links = sql.inspection_table(view)
    providers, mentions = sql.provider_tables(view, gazetteer)
    speakers, quotes = sql.quote_tables(view, links)
    return {
        "documents": sql.documents(view), "sections": sql.sections(view), "providers": providers,
        "provider_mentions": mentions, "inspections": to_frame("inspections", inspections), "speakers": speakers,
        "quotes": quotes, "metrics": sql.metrics(view, links), "ratings": sql.ratings(view, inspections, links),
    }


def _assert_same(view, corpus, gazetteer) -> None:
    expected, got = _from_memory(corpus, gazetteer), _from_store(view, gazetteer)
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(got[name], frame, check_exact=True, obj=name)


def _segments(store: RowStore) -> list[Path]:
    return sorted(store.folder.glob("segment-*"))


def test_the_tables_from_the_store_are_the_tables_from_memory(tmp_path, corpus_of, gazetteer):
    corpus = corpus_of(_seeds(tmp_path / "seeds", ARTICLES))
    assert any(x.ratings for x in corpus.extractions()) and any(x.metrics for x in corpus.extractions())
    view = RowStore.beside(tmp_path / "out", corpus).update(corpus)
    _assert_same(view, corpus, gazetteer)


def test_a_changed_document_has_only_its_new_rows_and_a_removed_one_none(tmp_path, corpus_of, gazetteer):
    seeds = _seeds(tmp_path / "seeds", ARTICLES[:4])
    first = corpus_of(seeds)
    store = RowStore.beside(tmp_path / "out", first)
    store.update(first)
    changed = seeds / ARTICLES[0].name
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA sentence added since.\n", encoding="utf-8")
    (seeds / ARTICLES[1].name).unlink()

    corpus = corpus_of(seeds)
    view = store.update(corpus)

    documents = sql.documents(view)
    assert sorted(documents["document_id"]) == sorted(p.stem for p in ARTICLES[:4] if p != ARTICLES[1])
    assert documents.set_index("document_id").loc[ARTICLES[0].stem, "text"].rstrip().endswith("A sentence added since.")
    assert len(_segments(store)) == 2, "the old rows are still stored, only not in the view"
    _assert_same(view, corpus, gazetteer)


def test_a_torn_segment_is_ignored_and_its_documents_written_again(tmp_path, corpus_of, gazetteer):
    seeds = _seeds(tmp_path / "seeds", ARTICLES[:2])
    corpus = corpus_of(seeds)
    store = RowStore.beside(tmp_path / "out", corpus)
    store.update(corpus)
    _seeds(seeds, ARTICLES[2:4])
    corpus = corpus_of(seeds)
    store.update(corpus)
    torn = _segments(store)[-1]
    (torn / KEYS).unlink()  # killed before its commit
    quotes = torn / "quotes.parquet"
    os.truncate(quotes, quotes.stat().st_size // 2)

    view = store.update(corpus)

    assert not torn.exists()
    assert len(_segments(store)) == 2
    _assert_same(view, corpus, gazetteer)


def test_a_segment_with_a_file_torn_after_its_commit_is_written_again(tmp_path, corpus_of, gazetteer):
    corpus = corpus_of(_seeds(tmp_path / "seeds", ARTICLES[:3]))
    store = RowStore.beside(tmp_path / "out", corpus)
    store.update(corpus)
    metrics = _segments(store)[0] / "metrics.parquet"
    os.truncate(metrics, metrics.stat().st_size // 2)

    view = store.update(corpus)

    _assert_same(view, corpus, gazetteer)


def test_compacted_segments_give_the_same_tables(tmp_path, corpus_of, gazetteer, monkeypatch):
    monkeypatch.setattr(row_store, "MAX_SEGMENTS", 3)
    seeds = tmp_path / "seeds"
    store = None
    for article in ARTICLES[:6]:
        corpus = corpus_of(_seeds(seeds, [article]))
        store = store or RowStore.beside(tmp_path / "out", corpus)
        view = store.update(corpus)
        assert len(_segments(store)) <= 3
    (seeds / ARTICLES[0].name).unlink()
    corpus = corpus_of(seeds)
    view = store.update(corpus)

    assert len(view.segments) <= 3
    _assert_same(view, corpus, gazetteer)


def test_a_store_of_other_code_is_removed(tmp_path, corpus_of):
    corpus = corpus_of(_seeds(tmp_path / "seeds", ARTICLES[:1]))
    old = RowStore(tmp_path / "out" / ".cache" / "rows", "an older extractor")
    old.update(corpus)

    RowStore.beside(tmp_path / "out", corpus).update(corpus)

    assert not old.folder.exists()
