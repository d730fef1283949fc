"""Materialise every asset in process into a temporary folder and check the
outputs: every check passes, every table passes its schema, the DuckDB file
answers the questions users ask first."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from schemas.integrity import evidence_violations, foreign_key_violations, primary_key_violations
from schemas.registry import TABLES

ROOT = Path(__file__).resolve().parent.parent


def test_the_build_succeeds_and_every_check_passes(built):
    result, _out = built
    assert result.success
    evaluations = result.get_asset_check_evaluations()
    failed = [f"{e.asset_key.to_user_string()}.{e.check_name}" for e in evaluations if not e.passed]
    assert failed == []
    checked = {(e.asset_key.path[-1], e.check_name) for e in evaluations}
    for name, table in TABLES.items():
        assert (name, "schema") in checked and (name, "primary_key") in checked
        if table.evidence:
            assert (name, "evidence_spans") in checked


@pytest.fixture(scope="module")
def tables(built):
    _result, out = built
    return {name: pd.read_parquet(out / "parquet" / f"{name}.parquet") for name in TABLES}


def test_every_parquet_file_passes_its_schema_and_keys(tables):
    for name, frame in tables.items():
        TABLES[name].model.validate(frame, lazy=True)
        assert primary_key_violations(name, frame).empty, name
        assert foreign_key_violations(name, frame, tables).empty, name


def test_every_evidence_span_is_exact(tables):
    for name, table in TABLES.items():
        if table.evidence:
            assert evidence_violations(tables[name], tables["documents"]).empty, name


def test_every_seed_is_a_document_and_nothing_failed(tables):
    assert len(tables["documents"]) == len(list((ROOT / "seeds").glob("*.txt")))
    assert tables["ingest_errors"].empty


def test_every_table_has_rows_from_the_seeds(tables):
    for name, frame in tables.items():
        if name not in ("ingest_errors", "ratings"):
            assert len(frame) > 0, name
    # The seeds state no rating (their gold lists are empty): none is made up.
    assert tables["ratings"].empty


def test_parquet_fields_carry_the_schema_descriptions(built):
    import pyarrow.parquet as pq

    _result, out = built
    schema = pq.read_schema(out / "parquet" / "quotes.parquet")
    assert schema.field("speaker_id").metadata[b"description"].startswith(b"Who said it")
    assert pq.ParquetFile(out / "parquet" / "quotes.parquet").metadata.row_group(0).column(0).compression == "ZSTD"


def _statements(sql: str) -> list[str]:
    body = "\n".join(line for line in sql.splitlines() if not line.strip().startswith("--"))
    return [s.strip() for s in body.split(";") if s.strip()]


def test_the_questions_users_ask_first_run(built):
    _result, out = built
    with duckdb.connect(str(out / "probation.duckdb"), read_only=True) as con:
        answers = [con.sql(s).fetchall() for s in _statements((ROOT / "tests/sql/user_questions.sql").read_text())]
    top_speakers, stacey_dec_2016, _london_figures, owners, inspections, _groups = answers
    assert top_speakers and top_speakers[0][0] == "Glenys Stacey"
    # The chief inspector's main London quote (seed 004's press release) is among her December 2016 words.
    assert any(text.startswith("Delivering probation services in London is never an easy task")
               for text, _title in stacey_dec_2016)
    assert ("MTCnovo", "London CRC") in {(o, c) for o, c, _n in owners}
    assert inspections


def test_the_readme_sql_examples_run(built):
    _result, out = built
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", readme, flags=re.S)
    assert blocks, "the README shows example SQL"
    with duckdb.connect(str(out / "probation.duckdb"), read_only=True) as con:
        for block in blocks:
            for statement in _statements(block):
                con.sql(statement.replace("outputs/", f"{out}/")).fetchall()


def test_duckdb_declares_keys_comments_and_views(built):
    _result, out = built
    with duckdb.connect(str(out / "probation.duckdb"), read_only=True) as con:
        constraints = con.sql(
            "SELECT table_name, constraint_type FROM duckdb_constraints() WHERE constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')"
        ).fetchall()
        comments = con.sql("SELECT comment FROM duckdb_columns() WHERE table_name = 'metrics' AND column_name = 'value'").fetchone()
        views = {r[0] for r in con.sql("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert {t for t, kind in constraints if kind == "PRIMARY KEY"} == set(TABLES)
    assert ("quotes", "FOREIGN KEY") in constraints
    assert comments[0].startswith("The normalised value")
    assert {"quotes_with_speakers", "metrics_with_providers", "inspections_with_documents", "inspections_by_year",
            "provider_summary", "provider_ratings", "latest_ratings"} <= views


def test_the_scores_against_gold_are_recorded_on_the_scored_tables(built):
    result, _out = built
    scores = result.output_for_asset("gold_evaluation")["build"]
    assert set(scores["tables"]) == {"quotes", "metrics", "providers", "inspections", "ratings"}
    observed = {
        event.asset_key.to_user_string(): event.event_specific_data.asset_observation.metadata
        for event in result.all_events
        if event.event_type_value == "ASSET_OBSERVATION"
    }
    # The seeds state no ratings: nothing to find and nothing found has no score.
    assert scores["tables"]["ratings"]["f1"] is None
    for table, score in scores["tables"].items():
        if score["f1"] is not None:
            assert observed[table]["gold/f1"].value == score["f1"]


def test_tables_carry_row_counts_and_a_preview(built):
    result, _out = built
    materialized = {
        event.asset_key.to_user_string(): event.materialization.metadata
        for event in result.all_events
        if event.event_type_value == "ASSET_MATERIALIZATION"
    }
    for name in TABLES:
        assert materialized[name]["dagster/row_count"].value == pd.read_parquet(_out / "parquet" / f"{name}.parquet").shape[0]
        assert "preview" in materialized[name]


def test_quotes_and_figures_point_to_the_inspection_they_are_about(tables):
    """Issue 17, tried as a user would on the seeds."""
    inspections = tables["inspections"].set_index("inspection_id")
    quotes, metrics = tables["quotes"], tables["metrics"]

    def inspection_of(frame, fragment):
        rows = frame[frame["text"].str.contains(fragment, regex=False)]
        assert len(rows) >= 1, fragment
        return rows.iloc[0]["inspection_id"]

    london_2016 = inspections[(inspections["area"] == "North London")].index[0]
    london_2014 = inspections[inspections["published_date"].astype(str).str.startswith("2014")].index[0]
    london_2018 = inspections[inspections["published_date"].astype(str).str.startswith("2018")].index[0]
    # The 2014 inspection's finding is about 2014, not the 2016 deterioration.
    assert "2014" in inspections.loc[london_2014, "headline_finding"]
    assert "deteriorat" not in inspections.loc[london_2014, "headline_finding"]
    assert inspection_of(metrics, "Around 17%") == london_2016
    # London CRC's caseload in the 2018 report's opening sentence, before "since an inspection in 2016".
    assert inspection_of(metrics, "nearly 30,000 offenders") in (london_2018, None)
    assert inspection_of(quotes, "Delivering probation services in London is never an easy task") == london_2016
    through_the_gate = inspection_of(quotes, "Delivery is poor and little to commend.")
    assert through_the_gate is not None and "through-the-gate" in through_the_gate
    assert "london-probation-trust" not in list(inspections.loc[london_2016, "provider_ids"])
