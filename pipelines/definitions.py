"""The Dagster code location: `dagster dev` loads `defs` from here (see
[tool.dagster] in pyproject.toml); the CLI builds the same definitions with
its own paths.

The data's path, module by module: seeds -> assets/extract.py (one partition
per document, then the corpus) -> assets/tables.py (+ checks.py) ->
assets/publish.py; jobs.py and sensors.py say when each part runs.
"""

from __future__ import annotations

import dagster as dg

from pipelines import jobs, sensors
from pipelines.assets import checks, extract, publish, tables
from pipelines.assets.release import publish_release, release_assets
from pipelines.resources import PathsResource, StepOutputs, default_paths

all_assets = dg.load_assets_from_modules([extract, tables, publish])
all_checks = [*checks.schema_checks, checks.integrity_checks]


def make_definitions(
    paths: PathsResource, loggers: dict | None = None, executor: dg.ExecutorDefinition = dg.in_process_executor
) -> dg.Definitions:
    return dg.Definitions(
        assets=[*all_assets, *release_assets],
        asset_checks=all_checks,
        jobs=[jobs.build_everything, jobs.extract_documents, jobs.build_tables, publish_release],
        sensors=[sensors.seeds_sensor, sensors.publish_when_inputs_change],
        resources={
            "paths": paths,
            "io_manager": StepOutputs.of(paths),
        },
        loggers=loggers,
        # One process by default: a step per process would cost seconds of
        # start-up each on 2 cores. A deployment with more cores passes
        # dg.multiprocess_executor (tests/test_postgres.py does).
        executor=executor,
    )


defs = make_definitions(default_paths())
