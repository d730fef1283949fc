"""Tables -> files: Parquet, DuckDB and releases. Nothing here imports Dagster."""
