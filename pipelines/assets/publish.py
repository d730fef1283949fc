"""Tables -> files: the Parquet files and the DuckDB database in outputs/,
published together in one step, and the scores of the published tables
against the gold annotations."""

from pathlib import Path

import dagster as dg
import pandas as pd

from pipelines.publish import atomic
from pipelines.resources import PathsResource
from schemas.registry import TABLES

GROUP = "publish"
AUTOMATION = dg.AutomationCondition.eager()


@dg.multi_asset(
    group_name=GROUP,
    ins={name: dg.AssetIn(name) for name in TABLES},
    outs={
        "parquet_files": dg.AssetOut(
            kinds={"parquet"},
            automation_condition=AUTOMATION,
            description="outputs/parquet/<table>.parquet for every table (zstd, sorted, with column descriptions).",
        ),
        "duckdb_database": dg.AssetOut(
            kinds={"duckdb"},
            automation_condition=AUTOMATION,
            description="outputs/probation.duckdb: every table with primary and foreign keys, comments from the "
            "schemas, and views.",
        ),
    },
)
def published_outputs(context: dg.AssetExecutionContext, paths: PathsResource, **tables: pd.DataFrame):
    """Both files are written into a new build folder and made current by
    one rename, so the Parquet files and the database always hold the same
    build; a build with no documents publishes nothing unless allowed."""
    errors = tables["ingest_errors"]
    if tables["documents"].empty and not paths.allow_empty:
        what = (
            f"none of the {len(errors)} file(s) in {paths.seeds} could be used"
            if len(errors)
            else f"the seeds folder {paths.seeds} holds no article"
        )
        raise dg.Failure(
            description=f"{what}, so nothing was published and the previous outputs are untouched; "
            "give --allow-empty to publish an empty dataset.",
            metadata={"ingest_errors": dg.MetadataValue.json(_listed(errors))},
        )
    try:
        published = atomic.publish(paths.outputs, tables)
    except atomic.PublishError as error:
        raise dg.Failure(description=str(error)) from None
    stable = {name: paths.outputs / atomic.PARQUET / f"{name}.parquet" for name in tables}
    yield dg.Output(
        {name: str(path) for name, path in published.parquet.items()},
        "parquet_files",
        metadata={
            "folder": dg.MetadataValue.path(str(paths.outputs / atomic.PARQUET)),
            "build": dg.MetadataValue.path(str(published.build)),
            **{f"rows/{name}": rows for name, rows in published.rows.items()},
            **{f"file/{name}": dg.MetadataValue.path(str(path)) for name, path in stable.items()},
            # This build's own list, for the CLI's summary: the files above
            # may already be another build's when it prints.
            "ingest_errors": dg.MetadataValue.json(_listed(errors)),
        },
    )
    yield dg.Output(
        str(published.database),
        "duckdb_database",
        metadata={"path": dg.MetadataValue.path(str(paths.outputs / atomic.DATABASE))},
    )


def _listed(errors: pd.DataFrame) -> list[dict]:
    return [{"stage": row.stage, "error": row.error} for row in errors.itertuples()]


@dg.asset(group_name=GROUP, kinds={"python"}, automation_condition=AUTOMATION)
def gold_evaluation(context: dg.AssetExecutionContext, paths: PathsResource, parquet_files: dict[str, str]) -> dict:
    """Precision, recall and F1 against hand annotations: of the published
    tables against the gold of their own articles (PROBATION_GOLD_DIR;
    tests/gold by default, the seeds), and of the development set, whose
    articles are built on their own into outputs/.cache/eval/dev
    (PROBATION_DEV_SET_DIR; tests/gold/dev by default). The build's scores also
    appear on each scored table's page as an observation, and the
    development set's beside them."""
    from pipelines.evaluation.scoring import evaluate, gold_document_ids
    from pipelines.evaluation.sets import GoldSet, SetBuildFailed, build_and_evaluate

    scores: dict[str, dict] = {}
    metadata: dict[str, object] = {}
    observations: dict[str, dict] = {}  # table -> its scores, shown on the table's page
    # The published files, not this build's own folder: a build publishing
    # into the same folder after this one removes that folder.
    published = (paths.outputs / atomic.PARQUET).resolve()
    if paths.gold is None or not paths.gold.is_dir():
        context.log.info("No gold folder configured for the build; it is not scored.")
    elif not gold_document_ids(paths.gold) & set(_published_document_ids(published)):
        # Every gold row would be missed and every row counted wrong: a score
        # of nothing, costly on a large corpus.
        context.log.info(f"The build holds none of the articles annotated in {paths.gold}; it is not scored.")
        metadata["build/scores"] = dg.MetadataValue.md(f"Not scored: no article annotated in {paths.gold}.")
    else:
        evaluation = evaluate(published, paths.gold)
        _add_scores(observations, evaluation, "gold")
        scores["build"] = evaluation.as_dict()
        metadata.update(_evaluation_metadata("build", evaluation, paths.gold))
    if paths.dev_set is not None:
        try:
            result = build_and_evaluate(GoldSet.in_folder("dev", paths.dev_set), paths.outputs / ".cache" / "eval" / "dev")
        except SetBuildFailed as error:
            context.log.warning(f"The development set was not scored: {error}.")
        else:
            scores["dev"] = result.evaluation.as_dict()
            metadata.update(_evaluation_metadata("dev", result.evaluation, paths.dev_set))
            # A table the seeds cannot score (ratings: they state none) still
            # shows its development-set score.
            _add_scores(observations, result.evaluation, "dev/gold")
    for table, table_scores in observations.items():
        context.log_event(dg.AssetObservation(asset_key=table, metadata=table_scores))
    context.add_output_metadata(metadata or {"gold_dir": "none"})
    return scores


def _published_document_ids(parquet: Path) -> list[str]:
    import pyarrow.parquet as pq

    return pq.read_table(parquet / "documents.parquet", columns=["document_id"])["document_id"].to_pylist()


def _add_scores(observations: dict[str, dict], evaluation, prefix: str) -> None:
    for score in evaluation.scores:
        if not score.vacuous:
            observations.setdefault(score.table, {}).update(_gold_metadata(score, prefix))


def _gold_metadata(score, prefix: str) -> dict:
    return {
        f"{prefix}/precision": round(score.precision, 4),
        f"{prefix}/recall": round(score.recall, 4),
        f"{prefix}/f1": round(score.f1, 4),
        f"{prefix}/matched": score.matched,
        f"{prefix}/gold_rows": score.gold,
    }


def _evaluation_metadata(name: str, evaluation, folder: Path) -> dict:
    return {
        f"{name}/scores": dg.MetadataValue.md(f"```\n{evaluation.render()}\n```"),
        f"{name}/quotes_attribution_accuracy": round(evaluation.attribution_accuracy, 4),
        **{f"{name}/f1/{s.table}": round(s.f1, 4) for s in evaluation.scores if not s.vacuous},
        f"{name}/gold_dir": dg.MetadataValue.path(str(folder)),
    }
