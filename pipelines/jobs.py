"""The jobs: extraction per document (partitioned), and the corpus-wide
build of tables and published files. A Dagster job cannot mix partitioned
and unpartitioned assets, so a full build is these two runs in a row."""

import dagster as dg

from pipelines.assets.extract import document_extractions

EXTRACT_JOB = "extract_documents"
TABLES_JOB = "build_tables"

extract_documents = dg.define_asset_job(
    EXTRACT_JOB,
    selection=dg.AssetSelection.assets(document_extractions),
    description="Parse and extract the selected documents (reusing unchanged ones from the cache).",
)

build_tables = dg.define_asset_job(
    TABLES_JOB,
    selection=dg.AssetSelection.assets(document_extractions).downstream() - dg.AssetSelection.assets(document_extractions),
    description="Combine every document's extraction into the tables, check them, and publish Parquet and DuckDB.",
)
