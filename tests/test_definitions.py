"""The code location loads as `dagster dev` loads it: layers as groups,
per-document partitions, checks, jobs, sensors and the UI's metadata."""

from __future__ import annotations

import dagster as dg

from pipelines.definitions import defs
from schemas.registry import TABLES


def _graph():
    return defs.get_repository_def().asset_graph


def test_the_code_location_loads():
    keys = {key.to_user_string() for key in _graph().get_all_asset_keys()}
    assert set(TABLES) <= keys
    assert {"document_extractions", "corpus", "parquet_files", "duckdb_database", "gold_evaluation"} <= keys


def test_assets_are_grouped_by_layer():
    graph = _graph()
    groups = {name: graph.get(dg.AssetKey(name)).group_name for name in ("document_extractions", "quotes", "duckdb_database")}
    assert groups == {"document_extractions": "extract", "quotes": "tables", "duckdb_database": "publish"}


def test_extraction_is_partitioned_per_document_and_backfills_in_one_run():
    node = _graph().get(dg.AssetKey("document_extractions"))
    assert isinstance(node.partitions_def, dg.DynamicPartitionsDefinition)
    assert node.partitions_def.name == "documents"
    assert node.backfill_policy == dg.BackfillPolicy.single_run()


def test_every_table_has_a_blocking_schema_check_and_its_column_schema():
    graph = _graph()
    for name in TABLES:
        assert dg.AssetCheckKey(dg.AssetKey(name), "schema") in graph.asset_check_keys
        node = graph.get(dg.AssetKey(name))
        schema = node.metadata["dagster/column_schema"]
        assert [c.name for c in schema.columns] == TABLES[name].columns
        assert all(c.description for c in schema.columns)
        assert node.description


def test_every_asset_has_a_description_and_kinds():
    for node in _graph().asset_nodes:
        assert node.description, node.key
        assert node.kinds, node.key


def test_jobs_and_sensors_are_defined():
    repository = defs.get_repository_def()
    assert {"build_everything", "extract_documents", "build_tables"} <= {job.name for job in repository.get_all_jobs()}
    sensors = {sensor.name: sensor for sensor in repository.sensor_defs}
    assert {"seeds_sensor", "publish_when_inputs_change"} <= set(sensors)
    assert all(sensor.default_status == dg.DefaultSensorStatus.RUNNING for sensor in sensors.values())


def test_jobs_run_in_process():
    assert defs.resolve_job_def("build_tables").executor_def.name == "in_process"
