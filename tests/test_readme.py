"""The README's promises about querying the built database hold: its SQL
runs through `probation-data sql`, its Python example runs, and a connection
kept open sees the old build, as the README warns."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from pipelines.cli import EXIT_OK, EXIT_USAGE, main
from pipelines.publish import atomic
from schemas.registry import TABLES
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## Querying the DuckDB file", 1)[1].split("\n## ", 1)[0]


def _in(out: Path, code: str) -> str:
    return code.replace("outputs/", f"{out}/")


def test_every_readme_sql_example_runs_through_the_sql_command(built, capsys):
    _result, out = built
    [block] = re.findall(r"```sql\n(.*?)```", SECTION, flags=re.S)
    code = "\n".join(line for line in block.splitlines() if not line.startswith("--"))
    statements = [statement.strip() for statement in code.split(";") if statement.strip()]
    assert len(statements) == 9
    for statement in statements:
        assert main(["sql", _in(out, statement), "--out", str(out)]) == EXIT_OK, statement
        printed = capsys.readouterr()
        assert printed.err == "" and "┌" in printed.out
    assert main(["sql", block.replace("outputs/", f"{out}/"), "--out", str(out)]) == EXIT_OK
    assert capsys.readouterr().out.count("┌") == len(statements), "one table per statement"


def test_the_sql_command_is_read_only_and_says_what_is_wrong(built, tmp_path, capsys):
    _result, out = built
    assert main(["sql", "DROP TABLE quotes", "--out", str(out)]) == EXIT_USAGE
    assert main(["sql", "SELEC 1", "--out", str(out)]) == EXIT_USAGE
    assert main(["sql", "FROM quotes", "--out", str(tmp_path)]) == EXIT_USAGE
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 3 and all(line.startswith("error: ") for line in errors)
    assert "read-only" in errors[0] and "run `probation-data build" in errors[2]


def test_the_readme_python_example_runs(built):
    _result, out = built
    blocks = re.findall(r"```python\n(.*?)```", SECTION, flags=re.S)
    assert blocks
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for block in blocks:
            exec(_in(out, block), {})
    assert "provider_id" in printed.getvalue()


def test_a_connection_kept_open_sees_the_old_build_as_the_readme_warns(built, tmp_path):
    _result, source = built
    tables = {name: pq.read_table(source / "parquet" / f"{name}.parquet").to_pandas() for name in TABLES}
    out = tmp_path / "out"
    atomic.publish(out, tables)
    database = str(out / "probation.duckdb")
    kept = duckdb.connect(database, read_only=True)
    atomic.publish(out, {**tables, "quotes": tables["quotes"].iloc[:0]})
    again = duckdb.connect(database, read_only=True)
    assert again.sql("SELECT count(*) FROM quotes").fetchone()[0] == len(tables["quotes"]) > 0
    kept.close()
    again.close()
    with duckdb.connect(database, read_only=True) as fresh:
        assert fresh.sql("SELECT count(*) FROM quotes").fetchone()[0] == 0
    assert "connecting to it again in\nthe same process returns that copy" in SECTION
