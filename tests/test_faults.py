"""Faults while publishing: a build killed half-way, a reader holding the
database open in another process, a blocking check that fails. In each case
the previous outputs stay complete and readable, and the next build needs no
clean-up."""

from __future__ import annotations

import errno
import fcntl
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipelines.cli import EXIT_FAILED, EXIT_OK, main
from pipelines.extract import extraction
from pipelines.publish import atomic
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


@pytest.fixture(scope="module")
def two_articles(tmp_path_factory) -> dict[str, pd.DataFrame]:
    """The tables of a build of both articles, to publish over ``previous``."""
    base = tmp_path_factory.mktemp("two")
    out = base / "out"
    assert main(["build", "--seeds", str(write_seeds(base / "seeds", FIRST, SECOND)), "--out", str(out)]) == EXIT_OK
    return {name: pq.read_table(out / "parquet" / f"{name}.parquet").to_pandas() for name in TABLES}


# Publishes the pickled tables into copies of an outputs folder, one forked
# child per copy, the k-th child killing itself (SIGKILL) at the k-th point:
# before and after every file written and every rename or link made.
KILLER = """
import os, pickle, shutil, signal, sys
from pathlib import Path
from pipelines.publish import atomic

template, tables, work = Path(sys.argv[1]), pickle.loads(Path(sys.argv[2]).read_bytes()), Path(sys.argv[3])
kill_at, passed = -1, 0

def point():
    global passed
    if passed == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)
    passed += 1

def hooked(function):
    def call(*args, **kwargs):
        point()
        result = function(*args, **kwargs)
        point()
        return result
    return call

while True:
    kill_at += 1
    copy = work / f"out-{kill_at}"
    shutil.copytree(template, copy, symlinks=True)
    child = os.fork()
    if child == 0:
        atomic.write_arrow, atomic.write_database = hooked(atomic.write_arrow), hooked(atomic.write_database)
        os.replace, os.symlink, os.rename, os.link = hooked(os.replace), hooked(os.symlink), hooked(os.rename), hooked(os.link)
        atomic.shutil.rmtree = hooked(shutil.rmtree)
        atomic.publish(copy, tables)
        os._exit(0)
    _, status = os.waitpid(child, 0)
    if os.waitstatus_to_exitcode(status) == 0:
        print(kill_at, flush=True)  # the first point never reached: every earlier one was killed at
        break
    assert os.waitstatus_to_exitcode(status) == -signal.SIGKILL, status
"""


def _published_documents(out: Path) -> tuple[list, list]:
    parquet = sorted(pq.read_table(out / "parquet" / "documents.parquet")["document_id"].to_pylist())
    with duckdb.connect(str(out / "probation.duckdb"), read_only=True) as con:
        database = sorted(row[0] for row in con.sql("SELECT document_id FROM documents").fetchall())
    return parquet, database


def test_a_build_killed_at_any_point_of_publishing_leaves_parquet_and_duckdb_of_one_build(
    previous, two_articles, tmp_path
):
    tables = tmp_path / "tables.pickle"
    tables.write_bytes(pickle.dumps(two_articles))
    work = tmp_path / "work"
    work.mkdir()
    ran = subprocess.run(
        [sys.executable, "-c", KILLER, str(previous), str(tables), str(work)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    points = int(ran.stdout)
    assert points >= 2 * (len(TABLES) + 1 + 3), "every write and rename was a point to kill at"
    seen = []
    for kill_at in range(points + 1):
        out = work / f"out-{kill_at}"
        parquet, database = _published_documents(out)
        assert parquet == database, f"killed at point {kill_at}: Parquet and DuckDB hold different builds"
        assert (out / "parquet").resolve().parent == (out / "probation.duckdb").resolve().parent
        seen.append(len(parquet))
        # The next build needs no clean-up and leaves nothing behind.
        atomic.publish(out, two_articles)
        assert [b for b in (out / BUILDS).iterdir()] == [(out / "current").resolve()]
        assert sorted(p.name for p in out.iterdir()) == sorted(
            [".builds", ".cache", ".publish.lock", "current", "parquet", "probation.duckdb"]
        )
    assert seen[0] == 1 and seen[-1] == 2 and seen == sorted(seen), "old until the one rename, new after it"


def test_a_full_disk_while_writing_the_database_publishes_nothing_and_says_so(out, tmp_path, monkeypatch, capsys):
    before = snapshot(out)
    builds = sorted((out / BUILDS).iterdir())

    def disk_full(parquet_paths, path):
        path.write_bytes(b"\0" * 4096)  # what DuckDB had written when the disk filled
        raise duckdb.IOException(
            f'IO Error: Could not write file "{path}": No space left on device\n\nStack Trace:\n'
            + "".join(f"  #{n} duckdb::Function{n}() at libduckdb.so\n" for n in range(60))
        )

    monkeypatch.setattr(atomic, "write_database", disk_full)
    seeds = write_seeds(tmp_path / "seeds", FIRST, SECOND)
    assert main(["build", "--seeds", str(seeds), "--out", str(out)]) == EXIT_FAILED
    printed = capsys.readouterr().err
    failure = [line for line in printed.splitlines() if line.startswith("step failed")]
    assert failure == [
        f"step failed: published_outputs: could not write the new dataset into {out / BUILDS}/"
        + failure[0].split(f"{out / BUILDS}/", 1)[1].split(":", 1)[0]
        + ': IO Error: Could not write file "'
        + failure[0].split('Could not write file "', 1)[1].split('"', 1)[0]
        + '": No space left on device; nothing was published, the previous outputs in '
        + f"{out} are untouched and the partial files were removed."
    ]
    assert "Stack Trace" not in printed and "duckdb::" not in printed
    assert sorted((out / BUILDS).iterdir()) == builds, "the failed build's folder was removed"
    assert snapshot(out) == before


def test_a_build_that_cannot_be_made_current_publishes_nothing(out, two_articles, monkeypatch):
    before = snapshot(out)
    builds = sorted((out / BUILDS).iterdir())
    replace_with_link = atomic._replace_with_link

    def disk_full_at_the_rename(out_dir, name, target):
        if name == atomic.CURRENT:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        replace_with_link(out_dir, name, target)

    monkeypatch.setattr(atomic, "_replace_with_link", disk_full_at_the_rename)
    with pytest.raises(atomic.PublishError, match=r"the current build: No space left on device; nothing was published"):
        atomic.publish(out, two_articles)
    assert sorted((out / BUILDS).iterdir()) == builds
    assert snapshot(out) == before


def test_outputs_from_before_the_current_link_are_converted_on_the_next_publish(out, two_articles):
    # The earlier layout: parquet linked straight into a build, the database a file of its own.
    build = (out / "current").resolve()
    (out / "current").unlink()
    (out / "parquet").unlink()
    (out / "parquet").symlink_to(build.relative_to(out) / "parquet")
    (out / "probation.duckdb").unlink()
    shutil.move(build / "probation.duckdb", out / "probation.duckdb")
    (out / ".probation.duckdb.999999.tmp").write_bytes(b"killed while writing")
    assert _published_documents(out) == (["article-0"], ["article-0"])
    atomic.publish(out, two_articles)
    assert _published_documents(out) == (["article-0", "article-1"], ["article-0", "article-1"])
    assert {os.readlink(out / name) for name in ("parquet", "probation.duckdb")} == {
        "current/parquet",
        "current/probation.duckdb",
    }
    assert [b for b in (out / BUILDS).iterdir()] == [(out / "current").resolve()]
    assert list(out.glob(".probation.duckdb.*")) == []


def test_too_little_free_space_is_found_before_writing(out, tmp_path, monkeypatch, capsys):
    before = snapshot(out)
    builds = sorted((out / BUILDS).iterdir())
    monkeypatch.setattr(atomic.shutil, "disk_usage", lambda path: shutil._ntuple_diskusage(10**9, 10**9 - 10**6, 10**6))
    seeds = write_seeds(tmp_path / "seeds", FIRST, SECOND)
    assert main(["build", "--seeds", str(seeds), "--out", str(out)]) == EXIT_FAILED
    assert f"not enough free space in {out} to write the new dataset: about " in capsys.readouterr().err
    assert sorted((out / BUILDS).iterdir()) == builds
    assert snapshot(out) == before


def test_each_build_prints_its_own_counts_when_another_publishes_after_it(out, tmp_path, monkeypatch, capsys):
    one_article = {name: pq.read_table(out / "parquet" / f"{name}.parquet").to_pandas() for name in TABLES}
    swap_in = atomic.swap_in

    def another_build_publishes_next(out_dir, build):
        swap_in(out_dir, build)
        monkeypatch.setattr(atomic, "swap_in", swap_in)
        atomic.publish(out_dir, one_article)

    monkeypatch.setattr(atomic, "swap_in", another_build_publishes_next)
    seeds = write_seeds(tmp_path / "seeds", FIRST, SECOND)
    assert main(["build", "--seeds", str(seeds), "--out", str(out)]) == EXIT_OK
    assert re.search(r"documents +2\n", capsys.readouterr().out)
    assert pq.read_metadata(out / "parquet" / "documents.parquet").num_rows == 1, "the other build published last"


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
