"""The per-document extraction cache: what makes a rebuild parse only what changed."""

from __future__ import annotations

from pipelines.extract.cache import ExtractionCache, extract_with_cache, extractor_fingerprint
from pipelines.extract.corpus import DocumentExtraction
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
