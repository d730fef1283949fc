"""The per-document extraction cache: what makes a rebuild parse only what changed."""

from __future__ import annotations

import pytest

from pipelines.extract.cache import ExtractionCache, extract_with_cache, extractor_fingerprint
from pipelines.extract.corpus import MissingExtraction, collect_corpus
from pipelines.extract.extraction import DocumentExtraction
from tests.documents import article


def _document(text: str, document_id: str = "doc"):
    document = article(text, document_id=document_id)
    document.sha256 = str(hash(text))
    return document


def test_an_entry_is_found_only_for_the_same_id_path_and_content(tmp_path):
    cache = ExtractionCache(tmp_path)
    document = _document("Chief Inspector Justin Russell said the service was poor.")
    cache.put(document, {"rows": 1})
    assert cache.get(document) == {"rows": 1}
    assert document in cache
    assert cache.get(_document("Another text.")) is None
    assert cache.get(_document("Chief Inspector Justin Russell said the service was poor.", "renamed")) is None


def test_another_extractor_fingerprint_sees_nothing(tmp_path):
    document = _document("Dame Glenys Stacey said it was unacceptable.")
    ExtractionCache(tmp_path, fingerprint="old").put(document, "old extraction")
    assert ExtractionCache(tmp_path, fingerprint="new").get(document) is None
    assert len(extractor_fingerprint()) == 16


def test_a_torn_entry_is_recomputed_not_trusted(tmp_path):
    cache = ExtractionCache(tmp_path)
    document = _document("Staff told inspectors they had too many cases.")
    cache.put(document, "good")
    [entry] = (tmp_path / cache.fingerprint).rglob("*.pickle")
    entry.write_bytes(entry.read_bytes()[:5])
    assert cache.get(document) is None
    assert not list((tmp_path / cache.fingerprint).rglob("*.part"))


def test_only_documents_missing_from_the_cache_are_parsed(tmp_path, nlp, gazetteer):
    cache = ExtractionCache(tmp_path)
    first = _document("Sodexo Justice Services owns the CRC. Inspectors found 54 cases.", "first")
    second = _document("The National Probation Service was rated good.", "second")
    loads = []

    def loader():
        loads.append(1)
        return nlp

    assert [reused for _d, _x, reused in extract_with_cache([first], cache, loader, gazetteer)] == [False]
    results = list(extract_with_cache([first, second], cache, loader, gazetteer))
    assert [(d.document_id, reused) for d, _x, reused in results] == [("first", True), ("second", False)]
    assert all(isinstance(x, DocumentExtraction) for _d, x, _r in results)
    assert list(extract_with_cache([first, second], cache, lambda: 1 / 0, gazetteer)), "no parse, no model load"
    assert len(loads) == 2


def test_the_corpus_lists_documents_and_reads_each_extraction_from_the_store(tmp_path, nlp, gazetteer):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("Sodexo Justice Services owns the CRC.\n\nInspectors found 54 cases.\n", encoding="utf-8")
    (seeds / "b.txt").write_text("The National Probation Service was rated good.\n", encoding="utf-8")
    (seeds / "c.txt").write_bytes(b"")
    cache = ExtractionCache(tmp_path / "cache")

    corpus, parsed = collect_corpus(seeds, cache, lambda: nlp, gazetteer)

    assert parsed == 2
    assert [e.document_id for e in corpus.entries] == ["a", "b"]
    assert [e.source_path for e in corpus.errors] == ["c.txt"]
    # What a table step holds is its rows, not the documents: the corpus is a list of keys.
    assert all(not hasattr(entry, "text") for entry in corpus.entries)
    assert [d.document_id for d in corpus.documents()] == ["a", "b"]
    assert [x.document.document_id for x in corpus.extractions()] == ["a", "b"]
    again, parsed_again = collect_corpus(seeds, cache, lambda: 1 / 0, gazetteer)
    assert parsed_again == 0 and again.entries == corpus.entries


def test_a_store_cleared_under_the_corpus_is_reported_plainly(tmp_path, nlp, gazetteer):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("The National Probation Service was rated good.\n", encoding="utf-8")
    cache = ExtractionCache(tmp_path / "cache")
    corpus, _ = collect_corpus(seeds, cache, lambda: nlp, gazetteer)
    for entry in (tmp_path / "cache").rglob("*.pickle"):
        entry.unlink()
    with pytest.raises(MissingExtraction, match="a.txt is gone; build again"):
        list(corpus.extractions())


def test_a_document_whose_extraction_failed_is_still_a_document(tmp_path, gazetteer):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("The National Probation Service was rated good.\n", encoding="utf-8")

    def broken(texts, **_kwargs):
        raise ValueError("parser broke")

    class BrokenModel:
        pipe = staticmethod(broken)

        def __call__(self, text):
            raise ValueError("parser broke")

    corpus, _ = collect_corpus(seeds, ExtractionCache(tmp_path / "cache"), BrokenModel, gazetteer)
    assert [d.document_id for d in corpus.documents()] == ["a"]
    assert list(corpus.extractions()) == []
    assert [e.stage for e in corpus.errors] == ["extract"]


def test_seeds_and_the_store_can_be_object_storage_uris(nlp, gazetteer):
    """What workers on several machines need: the seeds read from, and the
    extractions shared through, a URI (memory:// stands in for s3://)."""
    import uuid

    from upath import UPath

    base = UPath(f"memory://probation-{uuid.uuid4().hex}")
    seeds = base / "seeds"
    (seeds / "2019").mkdir(parents=True, exist_ok=True)
    (seeds / "a.txt").write_text("The National Probation Service was rated good.\n", encoding="utf-8")
    (seeds / "2019" / "b.txt").write_text("Sodexo Justice Services owns the CRC.\n", encoding="utf-8")
    (seeds / "c.pdf").write_bytes(b"%PDF-1.4")
    store = ExtractionCache(base / "cache")

    corpus, parsed = collect_corpus(seeds, store, lambda: nlp, gazetteer)

    assert parsed == 2
    assert [(e.document_id, e.source_path) for e in corpus.entries] == [("b", "2019/b.txt"), ("a", "a.txt")]
    assert [e.source_path for e in corpus.errors] == ["c.pdf"]
    assert len(list((base / "cache").rglob("*.pickle"))) == 2
    assert [x.mentions[0].provider_id for x in corpus.extractions()] == ["sodexo", "national-probation-service"]
    assert collect_corpus(seeds, ExtractionCache(base / "cache"), lambda: 1 / 0, gazetteer)[1] == 0


def test_the_outputs_folder_must_be_local():
    from pipelines.resources import PathsResource

    paths = PathsResource(seeds_dir="s3://bucket/seeds", outputs_dir="s3://bucket/outputs", cache_dir="s3://bucket/cache")
    assert str(paths.cache) == "s3://bucket/cache"
    with pytest.raises(ValueError, match="must be a local folder"):
        paths.outputs


def test_the_corpus_keeps_the_folder_order_whichever_extractions_were_stored(tmp_path, nlp, gazetteer):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in ("a", "b", "c"):
        (seeds / f"{name}.txt").write_text(f"Article {name}: the National Probation Service was rated good.\n", encoding="utf-8")
    cache = ExtractionCache(tmp_path / "cache")
    collect_corpus(seeds, cache, lambda: nlp, gazetteer)
    (seeds / "a.txt").write_text("Article a, changed: Sodexo owns the CRC.\n", encoding="utf-8")

    corpus, parsed = collect_corpus(seeds, cache, lambda: nlp, gazetteer)

    assert parsed == 1
    assert [e.document_id for e in corpus.entries] == ["a", "b", "c"]
