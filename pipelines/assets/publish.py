"""Tables -> files: the Parquet files and the DuckDB database in outputs/."""


import dagster as dg
import pandas as pd

from pipelines.publish import atomic
from pipelines.publish.duckdb import write_database
from pipelines.publish.parquet import write_table
from pipelines.resources import PathsResource
from schemas.registry import TABLES

GROUP = "publish"
DATABASE_NAME = "probation.duckdb"


@dg.asset(group_name=GROUP, kinds={"parquet"}, ins={name: dg.AssetIn(name) for name in TABLES})
def parquet_files(context: dg.AssetExecutionContext, paths: PathsResource, **tables: pd.DataFrame) -> dict[str, str]:
    """outputs/parquet/<table>.parquet for every table (zstd, sorted, with
    column descriptions), swapped in atomically once all are written."""
    build = atomic.new_build_dir(paths.outputs)
    for name, frame in tables.items():
        write_table(name, frame, build / "parquet" / f"{name}.parquet")
    link = atomic.swap_in(paths.outputs, "parquet", build / "parquet")
    files = {name: str(link / f"{name}.parquet") for name in tables}
    context.add_output_metadata(
        {"folder": dg.MetadataValue.path(str(link)), **{f"rows_{n}": len(f) for n, f in tables.items()}}
    )
    return files


@dg.asset(group_name=GROUP, kinds={"duckdb"})
def duckdb_database(context: dg.AssetExecutionContext, paths: PathsResource, parquet_files: dict[str, str]) -> str:
    """outputs/probation.duckdb: every table with primary and foreign keys,
    comments from the schemas, and views; built aside and renamed into place."""
    from pathlib import Path

    path = write_database({n: Path(p) for n, p in parquet_files.items()}, paths.outputs / DATABASE_NAME)
    context.add_output_metadata({"path": dg.MetadataValue.path(str(path))})
    return str(path)
