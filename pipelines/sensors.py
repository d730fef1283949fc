"""Automation: the seeds folder is watched, and the dataset follows it.

``seeds_sensor`` keeps one ``documents`` partition per usable article:
new files become partitions and are extracted, changed files are
re-extracted, removed files lose their partition. Once extractions have
landed, the corpus, the tables and the published files are rebuilt by
declarative automation (``AutomationCondition.eager()`` on those assets,
evaluated by ``publish_when_inputs_change``). Removals change no extraction,
so the sensor asks for that rebuild itself.
"""

import hashlib
from dataclasses import dataclass, field

import dagster as dg

from pipelines.assets.extract import document_partitions
from pipelines.extract.cache import ExtractionCache
from pipelines.jobs import EXTRACT_JOB, TABLES_JOB, build_tables, extract_documents
from pipelines.read.sources import SourceFile, scan_sources
from pipelines.resources import PathsResource

# Above this many changed documents one run over every partition is cheaper
# than a run each: unchanged documents are reused from the cache.
MAX_SINGLE_RUNS = 10
SENSOR_INTERVAL_SECONDS = 15


@dataclass
class PartitionPlan:
    """What a tick must do so the partitions match the folder."""

    add: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)
    # Registered documents whose current text has no stored extraction.
    changed: dict[str, str] = field(default_factory=dict)  # document_id -> cache key


def plan_partitions(
    documents: list[SourceFile], registered: list[str], cache: ExtractionCache, in_flight: frozenset[str] = frozenset()
) -> PartitionPlan:
    """``in_flight`` are partitions a queued or running extraction covers:
    their extraction is on its way, not missing."""
    current = {d.document_id: d for d in documents}
    known = set(registered)
    plan = PartitionPlan(add=sorted(set(current) - known), remove=sorted(known - set(current)))
    for document_id in sorted(set(current) & known - in_flight):
        document = current[document_id]
        if document not in cache:
            plan.changed[document_id] = cache.key(document)
    return plan


_RANGE_START, _RANGE_END = "dagster/asset_partition_range_start", "dagster/asset_partition_range_end"
_FINISHED = {dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED}


def partition_range_tags(first: str, last: str) -> dict[str, str]:
    """Tags that make one run cover the partitions from ``first`` to ``last``
    (in registration order), as a single-run backfill does."""
    return {_RANGE_START: first, _RANGE_END: last}


def partitions_in_flight(instance: dg.DagsterInstance, registered: list[str]) -> frozenset[str]:
    """Partitions covered by extraction runs not yet finished."""
    unfinished = [status for status in dg.DagsterRunStatus if status not in _FINISHED]
    runs = instance.get_runs(filters=dg.RunsFilter(job_name=EXTRACT_JOB, statuses=unfinished))
    position = {key: i for i, key in enumerate(registered)}
    covered: set[str] = set()
    for run in runs:
        if "dagster/partition" in run.tags:
            covered.add(run.tags["dagster/partition"])
        first, last = run.tags.get(_RANGE_START), run.tags.get(_RANGE_END)
        if first in position and last in position:
            covered.update(registered[position[first] : position[last] + 1])
    return frozenset(covered)


def _digest(*parts: object) -> str:
    return hashlib.sha256("\0".join(map(str, parts)).encode()).hexdigest()[:16]


@dg.sensor(
    name="seeds_sensor",
    description="Watches the seeds folder: registers new and changed articles as partitions of "
    "document_extractions and extracts only them; drops partitions of removed files.",
    jobs=[extract_documents, build_tables],
    minimum_interval_seconds=SENSOR_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def seeds_sensor(context: dg.SensorEvaluationContext, paths: PathsResource) -> dg.SensorResult:
    sources = scan_sources(paths.seeds, max_bytes=paths.max_bytes)
    registered = context.instance.get_dynamic_partitions(document_partitions.name)
    plan = plan_partitions(
        sources, registered, ExtractionCache(paths.cache), partitions_in_flight(context.instance, registered)
    )
    runs: list[dg.RunRequest] = []
    if plan.add:
        # Partitions added in one tick are contiguous at the end of the
        # registration order, so one run covers exactly them.
        runs.append(
            dg.RunRequest(
                job_name=EXTRACT_JOB,
                run_key=f"add:{_digest(*plan.add)}",
                tags=partition_range_tags(plan.add[0], plan.add[-1]),
            )
        )
    if len(plan.changed) > MAX_SINGLE_RUNS:
        remaining = [k for k in registered if k not in plan.remove]
        runs.append(
            dg.RunRequest(
                job_name=EXTRACT_JOB,
                run_key=f"changed:{_digest(*sorted(plan.changed.values()))}",
                tags=partition_range_tags(remaining[0], remaining[-1]),
            )
        )
    else:
        runs.extend(
            dg.RunRequest(job_name=EXTRACT_JOB, partition_key=document_id, run_key=f"{document_id}:{key[:16]}")
            for document_id, key in plan.changed.items()
        )
    if plan.remove and not runs:
        runs.append(dg.RunRequest(job_name=TABLES_JOB, run_key=f"removed:{_digest(*plan.remove, *registered)}"))
    requests = []
    if plan.add:
        requests.append(document_partitions.build_add_request(plan.add))
    if plan.remove:
        requests.append(document_partitions.build_delete_request(plan.remove))
    if not runs and not requests:
        return dg.SensorResult(skip_reason=f"{len(sources)} documents, none new, changed or removed")
    context.log.info(f"{len(plan.add)} new, {len(plan.changed)} changed, {len(plan.remove)} removed document(s)")
    return dg.SensorResult(run_requests=runs, dynamic_partitions_requests=requests)


publish_when_inputs_change = dg.AutomationConditionSensorDefinition(
    "publish_when_inputs_change",
    target=dg.AssetSelection.all(),
    description="Rebuilds the corpus, the tables and the published files once new extractions have landed.",
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=SENSOR_INTERVAL_SECONDS,
)
