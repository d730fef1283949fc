"""Tables -> files: the Parquet files and the DuckDB database in outputs/,
and the scores of the published tables against the gold annotations."""

from pathlib import Path

import dagster as dg
import pandas as pd

from pipelines.publish import atomic
from pipelines.publish.duckdb import write_database
from pipelines.publish.parquet import write_table
from pipelines.resources import PathsResource
from schemas.registry import TABLES

GROUP = "publish"
DATABASE_NAME = "probation.duckdb"
AUTOMATION = dg.AutomationCondition.eager()


@dg.asset(
    group_name=GROUP,
    kinds={"parquet"},
    ins={name: dg.AssetIn(name) for name in TABLES},
    automation_condition=AUTOMATION,
)
def parquet_files(context: dg.AssetExecutionContext, paths: PathsResource, **tables: pd.DataFrame) -> dict[str, str]:
    """outputs/parquet/<table>.parquet for every table (zstd, sorted, with
    column descriptions), swapped in atomically once all are written."""
    build = atomic.new_build_dir(paths.outputs)
    for name, frame in tables.items():
        write_table(name, frame, build / "parquet" / f"{name}.parquet")
    link = atomic.swap_in(paths.outputs, "parquet", build / "parquet")
    files = {name: str(link / f"{name}.parquet") for name in tables}
    context.add_output_metadata(
        {
            "folder": dg.MetadataValue.path(str(link)),
            **{f"rows/{name}": len(frame) for name, frame in tables.items()},
            **{f"file/{name}": dg.MetadataValue.path(path) for name, path in files.items()},
        }
    )
    return files


@dg.asset(group_name=GROUP, kinds={"duckdb"}, automation_condition=AUTOMATION)
def duckdb_database(context: dg.AssetExecutionContext, paths: PathsResource, parquet_files: dict[str, str]) -> str:
    """outputs/probation.duckdb: every table with primary and foreign keys,
    comments from the schemas, and views; built aside and renamed into place."""
    path = write_database({n: Path(p) for n, p in parquet_files.items()}, paths.outputs / DATABASE_NAME)
    context.add_output_metadata({"path": dg.MetadataValue.path(str(path))})
    return str(path)


@dg.asset(group_name=GROUP, kinds={"python"}, automation_condition=AUTOMATION)
def gold_evaluation(context: dg.AssetExecutionContext, paths: PathsResource, parquet_files: dict[str, str]) -> dict:
    """Precision, recall and F1 of the published tables against the gold
    annotations (PROBATION_GOLD_DIR; tests/gold by default). The scores also
    appear on each scored table's page as an observation."""
    from pipelines.evaluation import evaluate

    if paths.gold is None or not paths.gold.is_dir():
        context.log.info("No gold folder configured; nothing to score.")
        context.add_output_metadata({"gold_dir": "none"})
        return {}
    evaluation = evaluate(Path(next(iter(parquet_files.values()))).parent, paths.gold)
    for score in evaluation.scores:
        context.log_event(
            dg.AssetObservation(
                asset_key=score.table,
                metadata={
                    "gold/precision": round(score.precision, 4),
                    "gold/recall": round(score.recall, 4),
                    "gold/f1": round(score.f1, 4),
                    "gold/matched": score.matched,
                    "gold/gold_rows": score.gold,
                },
            )
        )
    context.add_output_metadata(
        {
            "scores": dg.MetadataValue.md(f"```\n{evaluation.render()}\n```"),
            "quotes_attribution_accuracy": round(evaluation.attribution_accuracy, 4),
            "gold_dir": dg.MetadataValue.path(str(paths.gold)),
        }
    )
    return evaluation.as_dict()
