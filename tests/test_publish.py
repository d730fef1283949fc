"""Publishing: deterministic Parquet, atomic swaps, readers never blocked."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from schemas.registry import TABLES
from tests.conftest import SEEDS, run_build


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
