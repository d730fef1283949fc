"""Releases: every file, reproducible to the byte, verifiable with
`sha256sum -c` and `frictionless validate`, immutable, and versioned by what
changed since the previous release."""

from __future__ import annotations

import contextlib
import filecmp
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipelines.cli import EXIT_OK, EXIT_USAGE, main
from pipelines.publish import changelog
from pipelines.publish.release import ReleaseError, created_at, make_release
from schemas.registry import TABLES
from tests.conftest import GOLD, ROOT, SEEDS

BIN = Path(sys.executable).parent
RELEASE_FILES = {
    *(f"parquet/{name}.parquet" for name in TABLES),
    "probation.duckdb",
    "datapackage.json",
    "DATA_DICTIONARY.md",
    "README.md",
    "CHANGELOG.md",
    "SHA256SUMS",
}


@pytest.fixture(autouse=True)
def _no_source_date_epoch(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def _outputs(built, folder: Path) -> Path:
    """An outputs folder holding the session build's Parquet files, as a
    build leaves them, without touching the shared build."""
    _result, out = built
    shutil.copytree((out / "parquet").resolve(), folder / "parquet")
    return folder


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def released(built, tmp_path_factory) -> Path:
    """Release 1.0.0 of the session build, scored against the project's gold."""
    out = _outputs(built, tmp_path_factory.mktemp("release"))
    return make_release(out, "1.0.0", GOLD)


def test_a_release_holds_every_file_and_sha256sum_checks_them(released):
    assert _files(released) == RELEASE_FILES
    assert [p.name for p in released.parent.iterdir()] == ["1.0.0"]  # no staging folder left
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=released, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert len(check.stdout.splitlines()) == len(RELEASE_FILES) - 1


def test_a_release_built_twice_in_two_processes_is_identical(built, released, tmp_path):
    """The second release runs in a fresh process (DuckDB's memory is not
    the first one's) from another folder (no path leaks into the files)."""
    out = _outputs(built, tmp_path / "elsewhere")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    command = [str(BIN / "probation-data"), "release", "--version", "1.0.0", "--out", str(out), "--gold", str(GOLD)]
    run = subprocess.run(command, capture_output=True, text=True, env=env)
    assert run.returncode == EXIT_OK, run.stderr
    again = out / "releases" / "1.0.0"
    assert _files(again) == _files(released)
    different = [name for name in sorted(_files(released)) if not filecmp.cmp(released / name, again / name, shallow=False)]
    assert different == []


def test_frictionless_validates_the_release(released):
    run = subprocess.run(
        [str(BIN / "frictionless"), "validate", "--json", "datapackage.json"], cwd=released, capture_output=True, text=True
    )
    report = json.loads(run.stdout)
    errors = [(task["name"], error["note"]) for task in report["tasks"] for error in task["errors"]]
    assert run.returncode == 0 and report["valid"], errors


def test_frictionless_checks_the_declared_keys_and_vocabularies(released, tmp_path):
    """A negative control: the package really declares what validation checks."""
    from frictionless import validate

    copy = Path(shutil.copytree(released, tmp_path / "broken"))
    for name, column, value in (("quotes", "speaker_id", "nobody"), ("metrics", "unit", "furlongs")):
        path = copy / "parquet" / f"{name}.parquet"
        table = pq.read_table(path)
        values = table[column].to_pylist()
        values[0] = value
        index = table.schema.get_field_index(column)
        pq.write_table(table.set_column(index, table.schema.field(column), pa.array(values, table.schema.field(column).type)), path)
    report = validate(str(copy / "datapackage.json"))
    found = {(task.name, error.type) for task in report.tasks for error in task.errors}
    assert ("quotes", "foreign-key") in found
    assert ("metrics", "constraint-error") in found


def test_the_data_package_is_generated_from_the_schemas(released):
    package = json.loads((released / "datapackage.json").read_text(encoding="utf-8"))
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert package["version"] == "1.0.0"
    assert package["created"] == "2018-02-08T00:00:00Z"  # the newest date in the seeds
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    documents = pq.read_table(released / "parquet" / "documents.parquet").to_pylist()
    assert [s["title"] for s in package["sources"]] == [d["title"] for d in documents]
    sums = dict(reversed(line.split("  ")) for line in (released / "SHA256SUMS").read_text().splitlines())
    assert [r["name"] for r in package["resources"]] == list(TABLES)
    for resource in package["resources"]:
        table = TABLES[resource["name"]]
        assert resource["path"] == f"parquet/{table.name}.parquet"
        assert (resource["format"], resource["mediatype"]) == ("parquet", "application/vnd.apache.parquet")
        assert resource["hash"] == f"sha256:{sums[resource['path']]}"
        schema = resource["schema"]
        assert [f["name"] for f in schema["fields"]] == table.columns
        for field, description in zip(schema["fields"], table.column_descriptions().values()):
            assert field["description"].startswith(description)
        assert schema["primaryKey"] == list(table.primary_key)
        declared = [(fk["fields"], fk["reference"].get("resource", table.name)) for fk in schema.get("foreignKeys", [])]
        assert declared == [(list(fk.columns), fk.table) for fk in table.foreign_keys if not fk.is_list]
    inspections = next(r for r in package["resources"] if r["name"] == "inspections")["schema"]["fields"]
    provider_ids = next(f for f in inspections if f["name"] == "provider_ids")
    assert "references providers.provider_id" in provider_ids["description"]


def test_created_honours_source_date_epoch(released, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    created, rule = created_at(released / "parquet")
    assert created.isoformat() == "2023-11-14T22:13:20+00:00" and "SOURCE_DATE_EPOCH" in rule
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ReleaseError, match="SOURCE_DATE_EPOCH"):
        created_at(released / "parquet")


def test_the_duckdb_file_matches_the_parquet_files(released):
    with duckdb.connect(str(released / "probation.duckdb"), read_only=True) as con:
        for name in TABLES:
            rows = con.sql(f"SELECT count(*) FROM {name}").fetchone()[0]
            assert rows == pq.ParquetFile(released / "parquet" / f"{name}.parquet").metadata.num_rows, name
        views = {r[0] for r in con.sql("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert "provider_summary" in views


def test_the_dictionary_and_the_card_describe_every_table_and_the_scores(released):
    dictionary = (released / "DATA_DICTIONARY.md").read_text(encoding="utf-8")
    for name, table in TABLES.items():
        assert f"## {name}\n" in dictionary
        for column in table.columns:
            assert f"| `{column}` |" in dictionary
    assert "| `provider_ids` | list of strings | no |" in dictionary
    card = (released / "README.md").read_text(encoding="utf-8")
    rows = pq.ParquetFile(released / "parquet" / "quotes.parquet").metadata.num_rows
    assert f"| `quotes` | {rows} |" in card
    assert re.search(r"\| `quotes` \| \d+ \| \d+ \| \d+ \| [01]\.\d{3} \| [01]\.\d{3} \| [01]\.\d{3} \|", card)
    for heading in ("## Sources", "## How the rows were extracted", "## Known limitations", "## Licence"):
        assert heading in card
    assert "`documents.text` holds the full normalised text" in card


def test_a_release_is_not_scored_against_gold_of_other_articles(built, tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "other.json").write_text(json.dumps({"document_id": "other", "quotes": []}), encoding="utf-8")
    folder = make_release(_outputs(built, tmp_path / "out"), "1.0.0", gold)
    assert "Not evaluated: the gold annotations (1 articles) are not of exactly" in (folder / "README.md").read_text()


def test_releasing_an_existing_version_again_is_a_no_op_only_when_identical(built, tmp_path, monkeypatch):
    out = _outputs(built, tmp_path)
    first = make_release(out, "1.0.0")
    written = {p: p.stat().st_mtime_ns for p in first.rglob("*")}
    assert make_release(out, "1.0.0") == first
    assert {p: p.stat().st_mtime_ns for p in first.rglob("*")} == written
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    with pytest.raises(ReleaseError, match=r"already exists .* differs .*datapackage\.json.*immutable"):
        make_release(out, "1.0.0")
    assert [p.name for p in (out / "releases").iterdir()] == ["1.0.0"]


@pytest.mark.parametrize(
    "version", ["1.0", "v1.0.0", "01.0.0", "1.0.0-rc1", "1.0.0 ", "1.0.0\n", "1.0.0\x00", "1.0.\x1b0", "\u0661.0.0"]
)
def test_a_version_that_is_not_major_minor_patch_is_refused(built, tmp_path, version):
    out = _outputs(built, tmp_path)
    with pytest.raises(ReleaseError, match="MAJOR.MINOR.PATCH") as refused:
        make_release(out, version)
    assert "\n" not in str(refused.value) and "\x1b" not in str(refused.value), "control characters are shown escaped"
    assert not (out / "releases").exists() or list((out / "releases").iterdir()) == []


def test_a_version_below_the_highest_release_needs_backport(built, tmp_path, capsys):
    out = _outputs(built, tmp_path)
    for version in ("1.0.0", "2.0.0"):
        _previous_release(out, version, lambda name, table: table)
    with pytest.raises(ReleaseError, match=r"1\.5\.0 is lower than the highest release .*, 2\.0\.0: .*--backport"):
        make_release(out, "1.5.0")
    assert main(["release", "--version", "1.5.0", "--out", str(out)]) == EXIT_USAGE
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert sorted(p.name for p in (out / "releases").iterdir()) == ["1.0.0", "2.0.0"]
    assert main(["release", "--version", "1.5.0", "--out", str(out), "--backport"]) == EXIT_OK
    assert "## 1.5.0 (against 1.0.0)" in (out / "releases" / "1.5.0" / "CHANGELOG.md").read_text()
    assert main(["release", "--version", "1.5.0", "--out", str(out)]) == EXIT_OK, "an existing version re-releases"
    assert "already exists" in capsys.readouterr().out


def test_an_unbuilt_outputs_folder_says_to_build_first(tmp_path):
    with pytest.raises(ReleaseError, match="run `probation-data build --out"):
        make_release(tmp_path, "1.0.0")
    assert not (tmp_path / "releases").exists()


def test_files_from_an_older_schema_are_refused(built, tmp_path):
    out = _outputs(built, tmp_path)
    quotes = out / "parquet" / "quotes.parquet"
    pq.write_table(pq.read_table(quotes).drop_columns(["cue"]), quotes)
    with pytest.raises(ReleaseError, match="does not match the current schema of quotes"):
        make_release(out, "1.0.0")


def _previous_release(out: Path, version: str, edit) -> Path:
    """A release made by hand: the current Parquet files, changed by ``edit``
    (table name, Arrow table) -> Arrow table."""
    folder = out / "releases" / version / "parquet"
    folder.mkdir(parents=True)
    for name in TABLES:
        pq.write_table(edit(name, pq.read_table(out / "parquet" / f"{name}.parquet")), folder / f"{name}.parquet")
    return folder.parent


def _with_changed_quotes(name: str, table: pa.Table) -> pa.Table:
    """Before: the first quote missing, the second with other words, and a
    quote that no longer exists."""
    if name != "quotes":
        return table
    rows = table.to_pylist()
    rows[1]["text"] = "Words the quote no longer has."
    gone = dict(rows[2], quote_id="gone:0-1")
    return pa.Table.from_pylist([*rows[1:], gone], schema=table.schema)


def test_the_changelog_counts_rows_added_removed_and_changed_by_primary_key(built, tmp_path):
    out = _outputs(built, tmp_path)
    previous = _previous_release(out, "1.0.0", _with_changed_quotes)
    quotes = pq.read_table(out / "parquet" / "quotes.parquet").to_pylist()
    changes = changelog.compare(("1.0.0", previous), out / "parquet", "1.0.1")
    by_table = {t.table: t for t in changes.tables}
    assert by_table["quotes"].added == [quotes[0]["quote_id"]]
    assert by_table["quotes"].removed == ["gone:0-1"]
    assert by_table["quotes"].changed == [quotes[1]["quote_id"]]
    assert all(not (t.added or t.removed or t.changed) for n, t in by_table.items() if n != "quotes")
    assert changes.required_bump == "patch"
    folder = make_release(out, "1.0.1")
    text = (folder / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## 1.0.1 (against 1.0.0)" in text
    assert f"| `quotes` | {len(quotes)} | {len(quotes)} | 1 | 1 | 1 |" in text
    assert f"- `quotes` changed: `{quotes[1]['quote_id']}`" in text


def test_a_removed_column_needs_a_major_version(built, tmp_path, capsys):
    out = _outputs(built, tmp_path)

    def with_an_extra_column(name: str, table: pa.Table) -> pa.Table:
        return table.append_column("nickname", pa.array([None] * len(table), pa.string())) if name == "speakers" else table

    _previous_release(out, "1.0.0", with_an_extra_column)
    for version in ("1.0.1", "1.1.0"):
        assert main(["release", "--version", version, "--out", str(out)]) == EXIT_USAGE
    error = capsys.readouterr().err
    assert "the changes need a major version (speakers: column `nickname` removed or renamed (breaking))" in error
    assert len(error.strip().splitlines()) == 2 and "Traceback" not in error
    assert sorted(p.name for p in (out / "releases").iterdir()) == ["1.0.0"]
    assert main(["release", "--version", "2.0.0", "--out", str(out)]) == EXIT_OK
    assert "`speakers`: column `nickname` removed or renamed (breaking)" in (
        out / "releases" / "2.0.0" / "CHANGELOG.md"
    ).read_text()


def test_an_added_column_needs_at_least_a_minor_version(built, tmp_path):
    out = _outputs(built, tmp_path)
    _previous_release(out, "1.0.0", lambda name, table: table.drop_columns(["note"]) if name == "providers" else table)
    with pytest.raises(ReleaseError, match="need a minor version"):
        make_release(out, "1.0.1")
    assert make_release(out, "1.1.0").name == "1.1.0"


def test_a_removed_table_a_retyped_column_or_a_new_null_are_breaking(built, tmp_path):
    out = _outputs(built, tmp_path)

    def older(name: str, table: pa.Table) -> pa.Table:
        if name == "metrics":  # was text, is a number now
            index = table.schema.get_field_index("value")
            return table.set_column(index, "value", pa.array([str(v) for v in table["value"].to_pylist()]))
        if name == "speakers":  # could not be null, now can
            index = table.schema.get_field_index("role")
            return table.set_column(index, pa.field("role", pa.string(), nullable=False), table["role"].fill_null(""))
        return table

    previous = _previous_release(out, "1.0.0", older)
    pq.write_table(pa.table({"id": ["a"]}), previous / "parquet" / "retired.parquet")
    changes = changelog.compare(("1.0.0", previous), out / "parquet", "1.1.0")
    notes = {t.table: t.schema_notes for t in changes.tables if t.schema_notes}
    assert notes == {
        "speakers": ["column `role` may now be null (breaking)"],
        "metrics": ["column `value` changed type from string to double (breaking)"],
        "retired": ["table removed (breaking)"],
    }
    assert changes.required_bump == "major"
    with pytest.raises(changelog.VersionError, match="need a major version"):
        changes.check_version()


def test_the_changelog_compares_with_the_highest_lower_release(built, tmp_path):
    out = _outputs(built, tmp_path)
    for version in ("0.9.0", "1.2.0", "2.0.0"):
        _previous_release(out, version, lambda name, table: table)
    (out / "releases" / ".1.5.0.staging").mkdir()  # a hidden folder is no release
    folder = make_release(out, "1.10.0", backport=True)
    assert "## 1.10.0 (against 1.2.0)" in (folder / "CHANGELOG.md").read_text()


def test_the_cli_prints_where_the_release_went_and_what_changed(built, tmp_path, capsys):
    out = _outputs(built, tmp_path)
    assert main(["release", "--version", "1.0.0", "--out", str(out)]) == EXIT_OK
    printed = capsys.readouterr().out
    assert f"Release 1.0.0 written to {out / 'releases' / '1.0.0'}" in printed
    assert "Changes first release" in printed and "sha256sum -c SHA256SUMS" in printed
    assert main(["release", "--version", "1.0.0", "--out", str(out)]) == EXIT_OK
    assert "already exists" in capsys.readouterr().out
    assert main(["release", "--version", "1.0", "--out", str(out)]) == EXIT_USAGE
    assert main(["release", "--version", "1.0.1", "--out", str(tmp_path / "nothing")]) == EXIT_USAGE
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 2 and all(line.startswith("error: ") for line in errors)
    assert main(["release", "--version", "1.0.1", "--out", str(out), "--gold", str(tmp_path / "nope")]) == EXIT_USAGE
    assert "the gold folder" in capsys.readouterr().err


def test_the_publish_release_job_releases_the_latest_build(built, tmp_path):
    from pipelines.definitions import make_definitions
    from pipelines.resources import PathsResource

    out = _outputs(built, tmp_path)
    defs = make_definitions(PathsResource(seeds_dir=str(SEEDS), outputs_dir=str(out), gold_dir=str(GOLD)))
    job = defs.resolve_job_def("publish_release")
    instance = dg.DagsterInstance.ephemeral()
    result = job.execute_in_process(run_config={"ops": {"release": {"config": {"version": "1.0.0"}}}}, instance=instance)
    assert result.success
    assert (out / "releases" / "1.0.0" / "SHA256SUMS").exists()
    refused = job.execute_in_process(
        run_config={"ops": {"release": {"config": {"version": "one"}}}}, instance=instance, raise_on_error=False
    )
    assert not refused.success
    graph = defs.get_repository_def().asset_graph
    assert graph.get(dg.AssetKey("release")).parent_keys == {dg.AssetKey("duckdb_database")}
    for other in ("build_everything", "build_tables"):
        assert dg.AssetKey("release") not in defs.resolve_job_def(other).asset_layer.executable_asset_keys, other


def test_the_readme_release_examples_run(built, tmp_path):
    out = _outputs(built, tmp_path)
    make_release(out, "1.0.0")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Publishing a release", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert blocks, "the README shows how to query a release"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for block in blocks:
            exec(block.replace("outputs/", f"{out}/"), {})
    assert "Glenys Stacey" in printed.getvalue()
