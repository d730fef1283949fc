"""Stage 5, publishing: tables -> files: Parquet, DuckDB and releases. Nothing here imports Dagster."""
