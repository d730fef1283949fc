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
    """Precision, recall and F1 against hand annotations: of the published
    tables against the gold of their own articles (PROBATION_GOLD_DIR;
    tests/gold by default, the seeds), and of the development set, whose
    articles are built on their own into outputs/.cache/eval/dev
    (PROBATION_DEV_SET_DIR; tests/gold/dev by default). The build's scores also
    appear on each scored table's page as an observation."""
    from pipelines.evaluation import evaluate
    from pipelines.evaluation.sets import GoldSet, SetBuildFailed, build_and_evaluate

    scores: dict[str, dict] = {}
    metadata: dict[str, object] = {}
    if paths.gold is not None and paths.gold.is_dir():
        evaluation = evaluate(Path(next(iter(parquet_files.values()))).parent, paths.gold)
        for score in evaluation.scores:
            if not score.vacuous:
                context.log_event(dg.AssetObservation(asset_key=score.table, metadata=_gold_metadata(score)))
        scores["build"] = evaluation.as_dict()
        metadata.update(_evaluation_metadata("build", evaluation, paths.gold))
    else:
        context.log.info("No gold folder configured for the build; it is not scored.")
    if paths.dev_set is not None:
        try:
            result = build_and_evaluate(GoldSet.in_folder("dev", paths.dev_set), paths.outputs / ".cache" / "eval" / "dev")
        except SetBuildFailed as error:
            context.log.warning(f"The development set was not scored: {error}.")
        else:
            scores["dev"] = result.evaluation.as_dict()
            metadata.update(_evaluation_metadata("dev", result.evaluation, paths.dev_set))
    context.add_output_metadata(metadata or {"gold_dir": "none"})
    return scores


def _gold_metadata(score) -> dict:
    return {
        "gold/precision": round(score.precision, 4),
        "gold/recall": round(score.recall, 4),
        "gold/f1": round(score.f1, 4),
        "gold/matched": score.matched,
        "gold/gold_rows": score.gold,
    }


def _evaluation_metadata(name: str, evaluation, folder: Path) -> dict:
    return {
        f"{name}/scores": dg.MetadataValue.md(f"```\n{evaluation.render()}\n```"),
        f"{name}/quotes_attribution_accuracy": round(evaluation.attribution_accuracy, 4),
        **{f"{name}/f1/{s.table}": round(s.f1, 4) for s in evaluation.scores if not s.vacuous},
        f"{name}/gold_dir": dg.MetadataValue.path(str(folder)),
    }
