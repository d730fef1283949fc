"""The seeds manifest: an unchanged file with a stored extraction costs a stat, never a read."""

from __future__ import annotations

import os

import pytest

from pipelines.extract.cache import ExtractionCache
from pipelines.extract.corpus import collect_corpus
from pipelines.read import seeds as seeds_module
from pipelines.read.manifest import RACY_SECONDS, SourceManifest

TEXT = "Sodexo Justice Services owns the CRC.\n\nInspectors found 54 cases.\n"


def _age(path, seconds: float = 10 * RACY_SECONDS) -> None:
    """Files written by the test are as new as can be: older ones are not racy."""
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns - int(seconds * 1e9)))


@pytest.fixture
def seeds(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "b.txt").write_text("The National Probation Service was rated good.\n", encoding="utf-8")
    for path in folder.iterdir():
        _age(path)
    return folder


def _reads(monkeypatch) -> list[str]:
    read: list[str] = []
    original = seeds_module._read_bytes

    def counting(path, source_path, root, max_bytes):
        read.append(source_path)
        return original(path, source_path, root, max_bytes)

    monkeypatch.setattr(seeds_module, "_read_bytes", counting)
    return read


def test_an_unchanged_file_is_not_read_again(tmp_path, seeds, nlp, gazetteer, monkeypatch):
    store = ExtractionCache(tmp_path / "cache")
    first, _ = collect_corpus(seeds, store, lambda: nlp, gazetteer)
    read = _reads(monkeypatch)

    again, parsed = collect_corpus(seeds, store, lambda: 1 / 0, gazetteer)

    assert read == [] and parsed == 0
    assert again.entries == first.entries
    assert [x.document.text for x in again.extractions()] == [x.document.text for x in first.extractions()]


def test_a_file_changed_with_the_same_size_is_read_and_extracted_again(tmp_path, seeds, nlp, gazetteer, monkeypatch):
    store = ExtractionCache(tmp_path / "cache")
    collect_corpus(seeds, store, lambda: nlp, gazetteer)
    (seeds / "a.txt").write_text(TEXT.replace("54", "55"), encoding="utf-8")
    read = _reads(monkeypatch)

    corpus, parsed = collect_corpus(seeds, store, lambda: nlp, gazetteer)

    assert read == ["a.txt"] and parsed == 1
    assert "55 cases" in next(corpus.documents()).text


def test_a_file_written_just_now_is_not_trusted_next_time(tmp_path, seeds):
    status = (seeds / "a.txt").stat()
    manifest = SourceManifest(tmp_path / "manifest.pickle")
    manifest.record("a.txt", status, "sha", "digest", None)
    assert manifest.lookup("a.txt", status) is not None
    (seeds / "a.txt").write_text(TEXT, encoding="utf-8")  # modified now: racy
    fresh = (seeds / "a.txt").stat()
    manifest.record("a.txt", fresh, "sha", "digest", None)
    assert manifest.lookup("a.txt", fresh) is None


def test_a_torn_manifest_only_means_reading_again(tmp_path, seeds, nlp, gazetteer, monkeypatch):
    store = ExtractionCache(tmp_path / "cache")
    collect_corpus(seeds, store, lambda: nlp, gazetteer)
    [saved] = (tmp_path / "cache").rglob("*.sources.pickle")
    saved.write_bytes(saved.read_bytes()[:7])
    read = _reads(monkeypatch)

    corpus, parsed = collect_corpus(seeds, store, lambda: 1 / 0, gazetteer)

    assert sorted(read) == ["a.txt", "b.txt"] and parsed == 0
    assert [e.document_id for e in corpus.entries] == ["a", "b"]


def test_a_known_file_whose_extraction_is_gone_is_read(tmp_path, seeds, nlp, gazetteer, monkeypatch):
    store = ExtractionCache(tmp_path / "cache")
    collect_corpus(seeds, store, lambda: nlp, gazetteer)
    for entry in (tmp_path / "cache").rglob("??/*.pickle"):
        entry.unlink()
    read = _reads(monkeypatch)

    _corpus, parsed = collect_corpus(seeds, store, lambda: nlp, gazetteer)

    assert sorted(read) == ["a.txt", "b.txt"] and parsed == 2


def test_object_storage_has_no_manifest(tmp_path):
    from upath import UPath

    assert not SourceManifest.beside(UPath("memory://store"), tmp_path).active
    assert not SourceManifest.beside(tmp_path, UPath("memory://seeds")).active
