"""The code location loads as `dagster dev` loads it, with groups and checks."""

from __future__ import annotations

import dagster as dg

from pipelines.definitions import defs
from schemas.registry import TABLES


def test_the_code_location_loads():
    repository = defs.get_repository_def()
    keys = {key.to_user_string() for key in repository.asset_graph.get_all_asset_keys()}
    assert set(TABLES) <= keys
    assert {"parquet_files", "duckdb_database", "document_extractions"} <= keys


def test_assets_are_grouped_by_layer():
    graph = defs.get_repository_def().asset_graph
    groups = {graph.get(dg.AssetKey(name)).group_name for name in ("documents", "quotes", "duckdb_database")}
    assert groups == {"ingest", "extract", "publish"}


def test_every_table_has_a_blocking_schema_check():
    graph = defs.get_repository_def().asset_graph
    check_keys = graph.asset_check_keys
    for name in TABLES:
        assert dg.AssetCheckKey(dg.AssetKey(name), "schema") in check_keys


def test_the_build_job_runs_in_process():
    job = defs.resolve_job_def("build_everything")
    assert job.executor_def.name == "in_process"
