"""The jobs: everything in one run, extraction of some documents (what the
seeds sensor asks for), and the corpus-wide tables and published files
(what a removal, or a change of code, asks for)."""

import dagster as dg

from pipelines.assets.extract import document_extractions
from pipelines.assets.release import release_assets

EXTRACT_JOB = "extract_documents"
TABLES_JOB = "build_tables"
EVERYTHING_JOB = "build_everything"

extract_documents = dg.define_asset_job(
    EXTRACT_JOB,
    selection=dg.AssetSelection.assets(document_extractions),
    description="Parse and extract the selected documents (reusing unchanged ones from the cache).",
)

build_tables = dg.define_asset_job(
    TABLES_JOB,
    # A release needs a version, so it has its own job (publish_release).
    selection=dg.AssetSelection.assets(document_extractions).downstream()
    - dg.AssetSelection.assets(document_extractions)
    - dg.AssetSelection.assets(*release_assets),
    description="Combine every document's extraction into the tables, check them, and publish Parquet and DuckDB.",
)

build_everything = dg.define_asset_job(
    EVERYTHING_JOB,
    # Launched over all document partitions it is one run (the extraction's
    # backfill policy), which then builds, checks and publishes the tables.
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets(*release_assets),
    description="Extract the selected documents (all of them for a full build), then build, check and publish every table.",
)
