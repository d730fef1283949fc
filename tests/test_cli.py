"""The CLI on a folder of other articles, with a bad file among them."""

from __future__ import annotations

import shutil
from pathlib import Path

from pipelines.cli import EXIT_DOCUMENT_ERRORS, EXIT_USAGE, main

ROOT = Path(__file__).resolve().parent.parent

ARTICLE = """Kent CRC improving, say inspectors

HM Chief Inspector of Probation Dame Glenys Stacey said the Kent, Surrey and Sussex CRC had improved.

Dame Glenys said: "Staff have worked hard and it shows in the quality of their work."

The CRC supervises 12,500 offenders, and inspectors examined 60 cases.
"""


def test_build_another_folder_reports_a_bad_file_and_builds_the_rest(tmp_path, capsys):
    seeds = tmp_path / "articles"
    seeds.mkdir()
    (seeds / "kent.txt").write_text(ARTICLE, encoding="utf-8")
    (seeds / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    code = main(["build", "--seeds", str(seeds), "--out", str(out)])
    captured = capsys.readouterr()
    assert code == EXIT_DOCUMENT_ERRORS
    assert (out / "probation.duckdb").exists()
    assert "empty.txt is empty" in captured.out
    assert "Traceback" not in captured.out + captured.err


def test_a_missing_seeds_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["build", "--seeds", str(tmp_path / "nope"), "--out", str(tmp_path / "out")]) == EXIT_USAGE
    assert "does not exist" in capsys.readouterr().err


def test_eval_prints_precision_recall_f1_per_table(built, capsys):
    _result, out = built
    assert main(["eval", "--gold", str(ROOT / "tests" / "gold"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    for table in ("quotes", "metrics", "providers", "inspections"):
        assert table in printed
    assert "attribution accuracy" in printed


def test_eval_without_a_build_says_what_to_do(tmp_path, capsys):
    assert main(["eval", "--gold", str(ROOT / "tests" / "gold"), "--out", str(tmp_path)]) == EXIT_USAGE
    assert "run `probation-data build" in capsys.readouterr().err


def test_a_rebuild_after_a_failed_build_needs_no_clean_up(tmp_path):
    seeds = tmp_path / "articles"
    shutil.copytree(ROOT / "seeds", seeds)
    out = tmp_path / "out"
    (out / ".builds" / "build-killed" / "parquet").mkdir(parents=True)  # what a killed build leaves
    assert main(["build", "--seeds", str(seeds), "--out", str(out)]) == 0
    assert [p.name for p in (out / ".builds").iterdir()] == [Path((out / "parquet").resolve()).parent.name]
