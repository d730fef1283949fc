"""The Dagster code location: `dagster dev` loads `defs` from here (see
[tool.dagster] in pyproject.toml); the CLI builds the same definitions with
its own paths."""

from __future__ import annotations

import dagster as dg

from pipelines.assets import checks, extract, ingest, publish
from pipelines.resources import PathsResource, default_paths

all_assets = dg.load_assets_from_modules([ingest, extract, publish])
all_checks = [*checks.schema_checks, checks.integrity_checks]

build_everything = dg.define_asset_job(
    "build_everything",
    selection=dg.AssetSelection.all(),
    description="Build every table from the seeds and publish the Parquet files and the DuckDB database.",
)


def make_definitions(paths: PathsResource, loggers: dict | None = None) -> dg.Definitions:
    return dg.Definitions(
        assets=all_assets,
        asset_checks=all_checks,
        jobs=[build_everything],
        resources={"paths": paths},
        loggers=loggers,
        # One process: a step per process would cost seconds of start-up each on 2 cores.
        executor=dg.in_process_executor,
    )


defs = make_definitions(default_paths())
