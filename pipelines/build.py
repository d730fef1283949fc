"""A whole build in this process, as the sensor and the UI would run it:
register one partition per document, extract them all in one run (unchanged
documents come from the cache), then build, check and publish the tables.
The CLI, the tests and the benchmark all build through here."""

from __future__ import annotations

from dataclasses import dataclass, field

import dagster as dg

from pipelines.assets.extract import document_partitions
from pipelines.extract.corpus import read_corpus
from pipelines.jobs import EXTRACT_JOB, TABLES_JOB
from pipelines.resources import PathsResource
from pipelines.sensors import partition_range_tags


@dataclass
class BuildResult:
    runs: list[dg.ExecuteInProcessResult] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return bool(self.runs) and all(run.success for run in self.runs)

    @property
    def all_events(self) -> list[dg.DagsterEvent]:
        return [event for run in self.runs for event in run.all_events]

    def get_asset_check_evaluations(self) -> list[dg.AssetCheckEvaluation]:
        return [e for run in self.runs for e in run.get_asset_check_evaluations()]

    def output_for_node(self, node: str):
        for run in self.runs:
            try:
                return run.output_for_node(node)
            except dg.DagsterInvariantViolationError:
                continue
        raise KeyError(node)


def build(
    paths: PathsResource,
    instance: dg.DagsterInstance | None = None,
    loggers: dict | None = None,
    run_config: dict | None = None,
) -> BuildResult:
    from pipelines.definitions import make_definitions

    instance = instance or dg.DagsterInstance.ephemeral()
    defs = make_definitions(paths, loggers=loggers)
    document_ids = [d.document_id for d in read_corpus(paths.seeds, max_bytes=paths.max_bytes).documents]
    registered = set(instance.get_dynamic_partitions(document_partitions.name))
    instance.add_dynamic_partitions(document_partitions.name, [k for k in document_ids if k not in registered])
    result = BuildResult()
    if document_ids:
        order = instance.get_dynamic_partitions(document_partitions.name)
        positions = sorted(order.index(k) for k in document_ids)
        extraction = defs.resolve_job_def(EXTRACT_JOB).execute_in_process(
            instance=instance,
            tags=partition_range_tags(order[positions[0]], order[positions[-1]]),
            raise_on_error=False,
            run_config=run_config,
        )
        result.runs.append(extraction)
        if not extraction.success:
            return result
    result.runs.append(
        defs.resolve_job_def(TABLES_JOB).execute_in_process(instance=instance, raise_on_error=False, run_config=run_config)
    )
    return result
