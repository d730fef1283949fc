"""The seeds folder drives the dataset: the sensor registers, re-extracts
and drops per-document partitions; declarative automation then rebuilds the
tables; only new or changed articles are parsed again."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.build import build
from pipelines.definitions import make_definitions
from pipelines.resources import PathsResource
from pipelines.sensors import seeds_sensor
from tests.conftest import SEEDS


@pytest.fixture
def workspace(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    paths = PathsResource(seeds_dir=str(seeds), outputs_dir=str(tmp_path / "outputs"))
    return paths, make_definitions(paths), dg.DagsterInstance.ephemeral()


def _tick(paths, instance) -> dg.SensorResult:
    context = dg.build_sensor_context(instance=instance, resources={"paths": paths})
    result = seeds_sensor(context)
    for request in result.dynamic_partitions_requests or []:
        if isinstance(request, dg.AddDynamicPartitionsRequest):
            instance.add_dynamic_partitions(request.partitions_def_name, request.partition_keys)
        else:
            for key in request.partition_keys:
                instance.delete_dynamic_partition(request.partitions_def_name, key)
    return result


def _run(defs, instance, request: dg.RunRequest) -> dg.ExecuteInProcessResult:
    job = defs.resolve_job_def(request.job_name)
    result = job.execute_in_process(
        instance=instance, partition_key=request.partition_key, tags=request.tags, raise_on_error=False
    )
    assert result.success
    return result


def _parsed(result: dg.ExecuteInProcessResult) -> dict[str, int]:
    [materialization, *_] = result.asset_materializations_for_node("document_extractions")
    return {k: materialization.metadata[k].value for k in ("parsed", "reused_from_cache")}


def _automate(defs, instance, cursor=None):
    """One tick of the automation sensor: the assets it would rebuild, run."""
    evaluation = dg.evaluate_automation_conditions(defs=defs, instance=instance, cursor=cursor)
    requested = {r.key.to_user_string() for r in evaluation.results if r.true_subset.size and isinstance(r.key, dg.AssetKey)}
    if requested:
        assert "duckdb_database" in requested and "document_extractions" not in requested
        _run(defs, instance, dg.RunRequest(job_name="build_tables"))
        # The daemon's next tick sees that run land and asks for nothing more.
        evaluation = dg.evaluate_automation_conditions(defs=defs, instance=instance, cursor=evaluation.cursor)
        assert evaluation.total_requested == 0
    return requested, evaluation.cursor


def _document_ids(paths) -> set[str]:
    with duckdb.connect(str(paths.outputs / "probation.duckdb"), read_only=True) as db:
        return {row[0] for row in db.sql("SELECT document_id FROM documents").fetchall()}


def test_a_new_article_is_extracted_alone_and_published_by_automation(workspace):
    paths, defs, instance = workspace
    first = _tick(paths, instance)
    [request] = first.run_requests
    assert set(instance.get_dynamic_partitions("documents")) == {p.stem for p in SEEDS.glob("*.txt")}
    requested, cursor = _automate(defs, instance)
    assert not requested, "nothing is published while extractions are missing"
    assert _parsed(_run(defs, instance, request)) == {"parsed": 5, "reused_from_cache": 0}
    requested, cursor = _automate(defs, instance, cursor)
    assert {"corpus", "documents", "quotes", "parquet_files", "duckdb_database"} <= requested
    assert len(_document_ids(paths)) == 5

    assert not _tick(paths, instance).run_requests, "nothing changed, nothing to run"

    seed = sorted(SEEDS.glob("*.txt"))[0]
    (paths.seeds / "zz_new_article.txt").write_text(seed.read_text(encoding="utf-8") + "\n\nA reader added this.\n", encoding="utf-8")
    [request] = _tick(paths, instance).run_requests
    assert _parsed(_run(defs, instance, request)) == {"parsed": 1, "reused_from_cache": 0}
    requested, cursor = _automate(defs, instance, cursor)
    assert "duckdb_database" in requested
    assert "zz_new_article" in _document_ids(paths)


def test_a_changed_article_is_re_extracted_and_a_removed_one_dropped(workspace):
    paths, defs, instance = workspace
    _run(defs, instance, _tick(paths, instance).run_requests[0])
    changed, removed = sorted(paths.seeds.glob("*.txt"))[:2]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nCorrection appended.\n", encoding="utf-8")
    removed.unlink()

    result = _tick(paths, instance)
    [request] = result.run_requests
    assert request.partition_key == changed.stem
    assert removed.stem not in instance.get_dynamic_partitions("documents")
    assert _parsed(_run(defs, instance, request)) == {"parsed": 1, "reused_from_cache": 0}

    # A removal alone changes no extraction, so the sensor asks for the tables itself.
    changed.write_text(changed.read_text(encoding="utf-8"), encoding="utf-8")
    other = sorted(paths.seeds.glob("*.txt"))[-1]
    other.unlink()
    [rebuild] = _tick(paths, instance).run_requests
    assert rebuild.job_name == "build_tables"
    _run(defs, instance, rebuild)
    assert _document_ids(paths) == {p.stem for p in paths.seeds.glob("*.txt")}


def test_a_rebuild_after_adding_one_article_parses_only_that_article(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    paths = PathsResource(seeds_dir=str(seeds), outputs_dir=str(tmp_path / "outputs"))
    assert build(paths).success
    seed = sorted(SEEDS.glob("*.txt"))[0]
    (seeds / "another.txt").write_text(seed.read_text(encoding="utf-8") + "\n\nUpdated.\n", encoding="utf-8")
    result = build(paths)
    assert result.success
    # The unchanged articles are not even partitions of the run: only the new one is.
    assert _parsed(result.runs[0]) == {"parsed": 1, "reused_from_cache": 0}
    assert len(result.output_for_asset("documents")) == 6


def test_a_document_whose_extraction_is_still_running_is_not_requested_again(workspace):
    paths, defs, instance = workspace
    [request] = _tick(paths, instance).run_requests
    # The daemon has started the run but it has not finished: nothing is cached yet.
    job = defs.resolve_job_def(request.job_name)
    instance.create_run_for_job(job_def=job, tags=request.tags, status=dg.DagsterRunStatus.STARTED)
    assert _tick(paths, instance).run_requests == []
