"""The CLI on a folder of other articles, with a bad file among them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from pipelines.cli import EXIT_DOCUMENT_ERRORS, EXIT_FAILED, EXIT_OK, EXIT_USAGE, main

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


def test_eval_errors_lists_what_was_missed_per_document(built, tmp_path, capsys):
    _result, out = built
    gold = tmp_path / "gold"
    gold.mkdir()
    for source in (ROOT / "tests" / "gold").glob("*.json"):
        annotations = json.loads(source.read_text(encoding="utf-8"))
        if source.name != "providers.json":
            annotations["quotes"].append({"text": "A quotation no article contains at all", "speaker": None})
        (gold / source.name).write_text(json.dumps(annotations), encoding="utf-8")
    assert main(["eval", "--gold", str(gold), "--out", str(out), "--errors"]) == 0
    printed = capsys.readouterr().out
    assert printed.count('quotes       missed') == 5
    assert '"A quotation no article contains at all"' in printed
    assert "   5  quotes: missed" in printed.split("== kinds of error")[1]


def test_eval_builds_a_set_into_its_own_folder_and_prints_its_table(tmp_path, monkeypatch, capsys):
    from pipelines.evaluation import sets

    one_article = tmp_path / "set"
    (one_article / "docs").mkdir(parents=True)
    (one_article / "gold").mkdir()
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    (one_article / "docs" / seed.name).write_bytes(seed.read_bytes())
    (one_article / "gold" / f"{seed.stem}.json").write_bytes((ROOT / "tests" / "gold" / f"{seed.stem}.json").read_bytes())
    monkeypatch.setitem(sets.GOLD_SETS, "dev", sets.GoldSet.in_folder("dev", one_article))
    monkeypatch.setattr("pipelines.evaluation.command.EVAL_OUTPUTS", tmp_path / "eval")
    monkeypatch.setattr(sets, "EVAL_OUTPUTS", tmp_path / "eval")
    assert main(["eval", "--set", "dev", "--json", str(tmp_path / "scores.json")]) == 0
    printed = capsys.readouterr().out
    assert "dev set" in printed and "quotes " in printed
    assert (tmp_path / "eval" / "dev" / "parquet" / "quotes.parquet").exists()
    assert json.loads((tmp_path / "scores.json").read_text())["dev"]["tables"]["quotes"]["f1"] == 1.0


def _previous_build(tmp_path) -> Path:
    seeds = tmp_path / "articles"
    seeds.mkdir()
    (seeds / "kent.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "--seeds", str(seeds), "--out", str(out)]) == EXIT_OK
    return out


def _documents(out: Path) -> tuple[int, int]:
    with duckdb.connect(str(out / "probation.duckdb"), read_only=True) as con:
        in_database = con.sql("SELECT count(*) FROM documents").fetchone()[0]
    return pq.read_metadata(out / "parquet" / "documents.parquet").num_rows, in_database


@pytest.mark.parametrize("files", [{}, {"photo.txt": b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "blank.md": b"  \n"}])
def test_a_folder_with_no_usable_article_publishes_nothing_unless_allowed(tmp_path, capsys, files):
    out = _previous_build(tmp_path)
    capsys.readouterr()
    seeds = tmp_path / "nothing"
    seeds.mkdir()
    for name, content in files.items():
        (seeds / name).write_bytes(content)
    assert main(["build", "--seeds", str(seeds), "--out", str(out)]) == EXIT_FAILED
    printed = capsys.readouterr().err
    what = f"none of the 2 file(s) in {seeds} could be used" if files else f"the seeds folder {seeds} holds no article"
    assert f"{what}, so nothing was published and the previous outputs are untouched; give --allow-empty" in printed
    for name in files:
        assert f"{name} " in printed, "each rejected file is listed with its reason"
    assert _documents(out) == (1, 1)
    expected = EXIT_DOCUMENT_ERRORS if files else EXIT_OK
    assert main(["build", "--seeds", str(seeds), "--out", str(out), "--allow-empty"]) == expected
    assert _documents(out) == (0, 0)


def test_an_unwritable_outputs_folder_is_a_usage_error_in_one_sentence(tmp_path, capsys):
    seeds = tmp_path / "articles"
    seeds.mkdir()
    (seeds / "kent.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a-file").write_text("not a folder")
    out = tmp_path / "a-file" / "out"
    assert main(["build", "--seeds", str(seeds), "--out", str(out)]) == EXIT_USAGE
    captured = capsys.readouterr()
    assert captured.err.strip() == f"error: cannot write to the outputs folder {out}: not a directory."
    assert captured.out == ""


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_outputs_folder_is_a_usage_error(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir(mode=0o555)
    assert main(["build", "--seeds", str(ROOT / "seeds"), "--out", str(out)]) == EXIT_USAGE
    assert capsys.readouterr().err.strip() == f"error: cannot write to the outputs folder {out}: permission denied."


def test_the_cli_prints_no_warnings_on_normal_use(tmp_path):
    (tmp_path / "seeds").mkdir()
    ran = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "build", "--seeds", str(tmp_path / "seeds"), "--out", str(tmp_path / "out"), "--allow-empty"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert ran.returncode == EXIT_OK, ran.stderr
    assert "Warning" not in ran.stderr and "warn(" not in ran.stderr
    assert ran.stderr.splitlines()[0] == f"Building the dataset from {tmp_path / 'seeds'} into {tmp_path / 'out'}"


@pytest.mark.parametrize("command", [["--help"], ["eval", "--help"], ["build", "--help"]])
def test_the_help_loads_neither_dagster_nor_spacy_nor_pandas(command):
    probe = (
        "import sys\n"
        "from pipelines.cli import main\n"
        "try:\n"
        f"    main({command!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('dagster', 'spacy', 'pandas') if m in sys.modules))\n"
    )
    printed = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert printed.stdout.strip().splitlines()[-1] == "[]"
