"""Publishing: deterministic Parquet, atomic swaps, readers never blocked."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import duckdb
import pytest

from pipelines.publish.release import make_release

from schemas.registry import TABLES
from tests.conftest import SEEDS, run_build

ARTICLE = """Kent CRC improving, say inspectors

HM Chief Inspector of Probation Dame Glenys Stacey said the Kent, Surrey and Sussex CRC had improved.

Dame Glenys said: \u201cStaff have worked hard and it shows in the quality of their work.\u201d
"""


def _digests(out: Path) -> dict[str, str]:
    return {name: hashlib.sha256((out / "parquet" / f"{name}.parquet").read_bytes()).hexdigest() for name in TABLES}


def test_two_builds_of_the_same_seeds_are_byte_identical(built, tmp_path):
    _result, first = built
    assert run_build(SEEDS, tmp_path).success
    assert _digests(first) == _digests(tmp_path)


def test_a_reader_holding_the_database_open_neither_blocks_nor_sees_a_half_build(tmp_path):
    assert run_build(SEEDS, tmp_path).success
    reader = duckdb.connect(str(tmp_path / "probation.duckdb"), read_only=True)
    before = reader.sql("SELECT count(*) FROM quotes").fetchone()
    assert run_build(SEEDS, tmp_path).success
    assert reader.sql("SELECT count(*) FROM quotes").fetchone() == before
    reader.close()
    with duckdb.connect(str(tmp_path / "probation.duckdb"), read_only=True) as fresh:
        assert fresh.sql("SELECT count(*) FROM quotes").fetchone() == before


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_what_a_build_and_a_release_write_is_readable_as_the_umask_allows(tmp_path, umask):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "article.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    previous = os.umask(umask)
    try:
        assert run_build(seeds, out).success
        make_release(out, "1.0.0")
    finally:
        os.umask(previous)
    for path in [out, *out.rglob("*")]:
        if path.is_symlink():
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        expected = (0o777 if path.is_dir() else 0o666) & ~umask
        assert mode == expected, f"{path.relative_to(out)} is {mode:o}, not {expected:o}"
