"""Rebuilds in proportion to the change give the dataset a build from scratch
gives: whatever order the articles arrived in, the Parquet files are byte
for byte the same."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from schemas.registry import TABLES
from tests.conftest import SEEDS, run_build

ARTICLES = sorted(SEEDS.glob("*.txt"))


def _digests(out: Path) -> dict[str, str]:
    return {name: hashlib.sha256((out / "parquet" / f"{name}.parquet").read_bytes()).hexdigest() for name in TABLES}


def _add(seeds: Path, articles: list[Path]) -> None:
    seeds.mkdir(exist_ok=True)
    for article in articles:
        shutil.copy(article, seeds / article.name)
        # Old enough for the manifest to trust (a file written this instant is not).
        os.utime(seeds / article.name, (1_600_000_000, 1_600_000_000))


def _build_in_steps(tmp_path: Path, name: str, steps: list[list[Path]]) -> Path:
    seeds, out = tmp_path / f"{name}-seeds", tmp_path / f"{name}-out"
    for articles in steps:
        _add(seeds, articles)
        assert run_build(seeds, out).success
    return out


def test_articles_added_in_any_order_build_what_a_build_from_scratch_builds(tmp_path):
    assert len(ARTICLES) >= 4
    scratch = _build_in_steps(tmp_path, "scratch", [ARTICLES])
    forwards = _build_in_steps(tmp_path, "forwards", [ARTICLES[:2], ARTICLES[2:4], ARTICLES[4:]])
    backwards = _build_in_steps(tmp_path, "backwards", [ARTICLES[3:], ARTICLES[:3]])
    assert _digests(forwards) == _digests(scratch)
    assert _digests(backwards) == _digests(scratch)


def _inodes(out: Path) -> dict[str, int]:
    files = {name: out / "parquet" / f"{name}.parquet" for name in TABLES} | {"database": out / "probation.duckdb"}
    return {name: path.stat().st_ino for name, path in files.items()}


def test_a_rebuild_publishes_again_only_the_files_whose_content_changed(tmp_path):
    out = _build_in_steps(tmp_path, "same", [ARTICLES[:3]])
    before, files = _digests(out), _inodes(out)
    build = (out / "current").resolve()
    seeds = tmp_path / "same-seeds"

    assert run_build(seeds, out).success

    assert (out / "current").resolve() != build, "still published as a new build, in one step"
    assert _digests(out) == before
    assert _inodes(out) == files, "nothing changed: every file is the published one, shared"
    _add(seeds, ARTICLES[3:4])
    assert run_build(seeds, out).success
    after = _digests(out)
    rewritten = {name for name, inode in _inodes(out).items() if inode != files[name]}
    assert rewritten == {name for name in TABLES if after[name] != before[name]} | {"database"}
    assert "documents" in rewritten and "ingest_errors" not in rewritten
