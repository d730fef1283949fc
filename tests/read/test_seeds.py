"""The one walk over the seeds folder (read/seeds.py) and its rule for hidden files."""

from __future__ import annotations

from pipelines.read.errors import IngestError
from pipelines.read.seeds import is_article_path, iter_corpus, iter_documents, walk_seeds
from pipelines.read.sources import scan_sources

ARTICLE = "Inspectors found that the service was failing its staff and the public.\n"


def _folder(tmp_path):
    seeds = tmp_path / "seeds"
    (seeds / ".git").mkdir(parents=True)
    (seeds / ".git" / "a.txt").write_text("An old copy. " + ARTICLE, encoding="utf-8")
    (seeds / ".DS_Store").write_bytes(b"\0\1")
    (seeds / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (seeds / "notes.pdf").write_bytes(b"%PDF")
    return seeds


def test_hidden_files_and_folders_are_left_out_by_every_reader(tmp_path):
    seeds = _folder(tmp_path)
    assert [source_path for _path, source_path in walk_seeds(seeds)] == ["a.txt", "notes.pdf"]
    assert [d.source_path for d in iter_corpus(seeds) if not isinstance(d, IngestError)] == ["a.txt"]
    assert [d.source_path for d in iter_documents(seeds, ["a"])] == ["a.txt"]
    assert [s.source_path for s in scan_sources(seeds, 5_000_000)] == ["a.txt"]


def test_other_suffixes_are_reported_not_read(tmp_path):
    seeds = _folder(tmp_path)
    errors = [e for e in iter_corpus(seeds) if isinstance(e, IngestError)]
    assert [(e.source_path, e.stage) for e in errors] == [("notes.pdf", "read")]
    assert is_article_path(seeds / "page.HTML") and not is_article_path(seeds / "notes.pdf")
