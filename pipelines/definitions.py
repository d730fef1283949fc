"""The Dagster code location: `dagster dev` loads it from pyproject.toml."""

from __future__ import annotations

import dagster as dg

from pipelines.assets import checks, extract, ingest, publish
from pipelines.resources import default_paths

all_assets = dg.load_assets_from_modules([ingest, extract, publish])
all_checks = [*checks.schema_checks, checks.integrity_checks]

build_everything = dg.define_asset_job("build_everything", selection=dg.AssetSelection.all(), description="Build every table and publish Parquet and DuckDB.")

defs = dg.Definitions(
    assets=all_assets,
    asset_checks=all_checks,
    jobs=[build_everything],
    resources={"paths": default_paths()},
    # One process: a step per process would cost seconds of start-up each on 2 cores.
    executor=dg.in_process_executor,
)
