"""A whole build in this process, as the UI would run it: register one
partition per document, then one run of ``build_everything`` over all of
them extracts (unchanged documents come from the cache), builds, checks
and publishes. The CLI, the tests and the benchmark all build through here."""

from __future__ import annotations

from dataclasses import dataclass, field

import dagster as dg

from pipelines.assets.extract import document_partitions
from pipelines.extract.cache import ExtractionCache
from pipelines.jobs import EVERYTHING_JOB, TABLES_JOB
from pipelines.read.manifest import SourceManifest
from pipelines.read.sources import scan_sources
from pipelines.resources import PathsResource, StepOutputs
from pipelines.sensors import partition_range_tags


@dataclass
class BuildResult:
    runs: list[dg.ExecuteInProcessResult] = field(default_factory=list)
    step_outputs: StepOutputs | None = None

    @property
    def success(self) -> bool:
        return bool(self.runs) and all(run.success for run in self.runs)

    @property
    def all_events(self) -> list[dg.DagsterEvent]:
        return [event for run in self.runs for event in run.all_events]

    def get_asset_check_evaluations(self) -> list[dg.AssetCheckEvaluation]:
        return [e for run in self.runs for e in run.get_asset_check_evaluations()]

    def output_for_asset(self, name: str):
        """What the asset ``name`` handed on, as the steps after it read it."""
        return self.step_outputs.read(dg.AssetKey(name))


def build(
    paths: PathsResource,
    instance: dg.DagsterInstance | None = None,
    loggers: dict | None = None,
    run_config: dict | None = None,
) -> BuildResult:
    from pipelines.definitions import make_definitions

    instance = instance or dg.DagsterInstance.ephemeral()
    defs = make_definitions(paths, loggers=loggers)
    store = ExtractionCache(paths.cache)
    sources = scan_sources(paths.seeds, max_bytes=paths.max_bytes, manifest=SourceManifest.beside(store.root, paths.seeds))
    document_ids = [source.document_id for source in sources]
    registered = set(instance.get_dynamic_partitions(document_partitions.name))
    instance.add_dynamic_partitions(document_partitions.name, [k for k in document_ids if k not in registered])
    # Only documents with nothing stored are run as partitions: a partition
    # costs the run events and bookkeeping even when its extraction is reused,
    # which on a rebuild would cost more than everything else together.
    to_extract = [source.document_id for source in sources if source not in store]
    if not to_extract:
        # Nothing to extract: the tables are built from the stored extractions
        # (or empty, with the errors).
        return BuildResult([_run(defs, TABLES_JOB, instance, run_config, tags={})], StepOutputs.of(paths))
    order = {key: i for i, key in enumerate(instance.get_dynamic_partitions(document_partitions.name))}
    ordered = sorted(to_extract, key=order.__getitem__)
    tags = partition_range_tags(ordered[0], ordered[-1])
    return BuildResult([_run(defs, EVERYTHING_JOB, instance, run_config, tags)], StepOutputs.of(paths))


def _run(defs, job: str, instance, run_config, tags) -> dg.ExecuteInProcessResult:
    # JobDefinition.execute_in_process also keeps every step's output in
    # memory for its result object, which at 10,000 articles is gigabytes; the
    # same in-process execution without that capture holds one step's data at
    # a time (outputs are on disk, through StepOutputs, and read from there).
    from dagster._core.definitions.job_base import InMemoryJob
    from dagster._core.execution.execute_in_process import core_execute_in_process

    job_def = defs.resolve_job_def(job)
    return core_execute_in_process(
        run_config=run_config or {},
        job=InMemoryJob(job_def=job_def),
        instance=instance,
        output_capturing_enabled=False,
        raise_on_error=False,
        run_tags={**job_def.run_tags, **tags},
    )
