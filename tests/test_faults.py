"""Faults while publishing: a build killed half-way, a reader holding the
database open in another process, a blocking check that fails. In each case
the previous outputs stay complete and readable, and the next build needs no
clean-up."""

from __future__ import annotations

import fcntl
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from pipelines.cli import EXIT_FAILED, EXIT_OK, main
from pipelines.extract import extraction
from pipelines.publish.atomic import BUILDS, PUBLISH_LOCK
from schemas.registry import TABLES

ROOT = Path(__file__).resolve().parent.parent

FIRST = """Kent CRC improving, say inspectors

HM Chief Inspector of Probation Dame Glenys Stacey said the Kent, Surrey and Sussex CRC had improved.

Dame Glenys said: \u201cStaff have worked hard and it shows in the quality of their work.\u201d

The CRC supervises 12,500 offenders, and inspectors examined 60 cases.
"""

SECOND = """London CRC told to improve

Inspectors said the London Community Rehabilitation Company was failing.

Dame Glenys Stacey said: \u201cThe public are being put at risk.\u201d

The CRC supervises 30,000 offenders, and 40% of cases were not seen for a month.
"""


def write_seeds(folder: Path, *articles: str) -> Path:
    folder.mkdir()
    for n, text in enumerate(articles):
        (folder / f"article-{n}.txt").write_text(text, encoding="utf-8")
    return folder


def snapshot(out: Path) -> dict:
    """Everything a reader can see: every Parquet table and every DuckDB table."""
    seen = {"parquet": {name: pq.read_table(out / "parquet" / f"{name}.parquet").to_pylist() for name in TABLES}}
    with duckdb.connect(str(out / "probation.duckdb"), read_only=True) as con:
        seen["duckdb"] = {name: con.sql(f"SELECT * FROM {name} ORDER BY ALL").fetchall() for name in TABLES}
    return seen


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Path:
    """Outputs of a finished build of one article, copied by each test."""
    base = tmp_path_factory.mktemp("previous")
    out = base / "out"
    assert main(["build", "--seeds", str(write_seeds(base / "seeds", FIRST)), "--out", str(out)]) == EXIT_OK
    return out


@pytest.fixture
def out(previous, tmp_path) -> Path:
    copy = tmp_path / "out"
    shutil.copytree(previous, copy, symlinks=True)
    return copy


def start_build(seeds: Path, out: Path, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "build", "--seeds", str(seeds), "--out", str(out)],
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def wait_for(condition, process: subprocess.Popen, log: Path, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, f"the build ended before the point to kill it:\n{log.read_text()}"
        assert time.monotonic() < deadline, "timed out waiting for the build"
        time.sleep(0.002)


def test_a_build_killed_while_publishing_leaves_the_previous_outputs_and_needs_no_clean_up(out, tmp_path):
    before = snapshot(out)
    current = (out / "parquet").resolve().parent
    seeds = write_seeds(tmp_path / "seeds", FIRST, SECOND)
    log = tmp_path / "build.log"

    def writing_parquet() -> bool:
        return any(b != current and any(b.glob("parquet/*.parquet")) for b in (out / BUILDS).iterdir())

    # Holding the publish lock lets the build write its Parquet files but not
    # swap them in: wherever the kill lands, it lands before the swap.
    with open(out / PUBLISH_LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        process = start_build(seeds, out, log)
        wait_for(writing_parquet, process, log)
        process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL
    assert len(list((out / BUILDS).iterdir())) == 2, "the killed build left its unfinished folder"
    assert (out / "parquet").resolve().parent == current
    assert snapshot(out) == before

    assert main(["build", "--seeds", str(seeds), "--out", str(out)]) == EXIT_OK
    assert [b.name for b in (out / BUILDS).iterdir()] == [(out / "parquet").resolve().parent.name]
    after = snapshot(out)
    assert len(after["parquet"]["documents"]) == len(after["duckdb"]["documents"]) == 2


def test_a_build_killed_while_writing_the_database_leaves_the_previous_database(out, tmp_path):
    before = snapshot(out)
    seeds = write_seeds(tmp_path / "seeds", FIRST, SECOND)
    log = tmp_path / "build.log"
    process = start_build(seeds, out, log)

    def temporaries() -> list[Path]:
        return list(out.glob(".probation.duckdb.*.tmp"))

    wait_for(lambda: bool(temporaries()), process, log)
    process.send_signal(signal.SIGSTOP)
    assert temporaries(), "the database was renamed into place before the build could be stopped"
    process.kill()
    process.wait()
    with duckdb.connect(str(out / "probation.duckdb"), read_only=True) as con:
        assert {name: con.sql(f"SELECT * FROM {name} ORDER BY ALL").fetchall() for name in TABLES} == before["duckdb"]

    assert main(["build", "--seeds", str(seeds), "--out", str(out)]) == EXIT_OK
    assert list(out.glob(".probation.duckdb.*")) == [], "the killed build's temporary file was cleaned up"
    with duckdb.connect(str(out / "probation.duckdb"), read_only=True) as con:
        assert con.sql("SELECT count(*) FROM documents").fetchone() == (2,)


READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.sql("SELECT count(*) FROM documents").fetchone()[0], flush=True)
sys.stdin.readline()
print(con.sql("SELECT count(*) FROM documents").fetchone()[0], con.sql("SELECT count(*) FROM quotes").fetchone()[0], flush=True)
"""


def test_a_reader_in_another_process_neither_blocks_a_rebuild_nor_sees_half_of_it(out, tmp_path):
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(out / "probation.duckdb")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().split() == ["1"]
        quotes_before = len(pq.read_table(out / "parquet" / "quotes.parquet"))
        seeds = write_seeds(tmp_path / "seeds", FIRST, SECOND)
        assert main(["build", "--seeds", str(seeds), "--out", str(out)]) == EXIT_OK
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().split() == ["1", str(quotes_before)]
    finally:
        reader.kill()
        reader.wait()
    with duckdb.connect(str(out / "probation.duckdb"), read_only=True) as fresh:
        assert fresh.sql("SELECT count(*) FROM documents").fetchone() == (2,)


def _shift_evidence(rows: list[dict]) -> list[dict]:
    return [{**row, "char_start": row["char_start"] + 1} for row in rows]


def _repeat_key(rows: list[dict]) -> list[dict]:
    return [*rows, dict(rows[0])]


def _dangling_provider(rows: list[dict]) -> list[dict]:
    return [{**row, "provider_id": "no-such-provider"} for row in rows]


@pytest.mark.parametrize(
    "corrupt, check, named",
    [
        (_shift_evidence, "metrics.evidence_spans", "30,000 offenders"),
        (_repeat_key, "metrics.primary_key", "article-1:"),
        (_dangling_provider, "metrics.foreign_keys", "no-such-provider"),
    ],
)
def test_a_failing_blocking_check_names_the_rows_and_publishes_nothing(
    out, tmp_path, monkeypatch, capsys, corrupt, check, named
):
    before = snapshot(out)
    extract_metrics = extraction.extract_metrics
    # The second article is new to the extraction cache, so its metrics come
    # from the corrupted extractor.
    monkeypatch.setattr(
        extraction,
        "extract_metrics",
        lambda context: corrupt(extract_metrics(context))
        if context.document.document_id == "article-1"
        else extract_metrics(context),
    )
    seeds = write_seeds(tmp_path / "seeds", FIRST, SECOND)
    assert main(["build", "--seeds", str(seeds), "--out", str(out)]) == EXIT_FAILED
    printed = capsys.readouterr().err
    failure = printed[printed.index(f"check failed: {check}") :]
    assert named in failure.split("check failed:")[1], "the failing rows are named"
    assert "Build FAILED: nothing was published" in printed
    assert snapshot(out) == before
