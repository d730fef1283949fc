"""The latest build -> a versioned release in outputs/releases/<version>.

Not part of `build_everything`, `build_tables` or automation: a release
needs a version, given in the run config of the `publish_release` job, e.g.
``ops: {release: {config: {version: "1.0.0"}}}``.
"""

from pathlib import Path

import dagster as dg
from pydantic import Field

from pipelines.assets import publish
from pipelines.publish.release import ReleaseError, make_release, release_changes, releases
from pipelines.resources import PathsResource


class ReleaseConfig(dg.Config):
    version: str = Field(description="The release's version, MAJOR.MINOR.PATCH (e.g. 1.0.0).")
    gold_dir: str | None = Field(
        default=None,
        description="Gold annotations to score the release against in its dataset card; "
        "default: the paths resource's gold folder (PROBATION_GOLD_DIR, else the project's tests/gold).",
    )
    backport: bool = Field(
        default=False,
        description="Allow a version below the highest existing release; its changelog compares with the release just below it.",
    )


@dg.asset(
    group_name=publish.GROUP,
    kinds={"parquet", "duckdb", "json"},
    deps=[dg.AssetKey("duckdb_database")],
    description="outputs/releases/<version>: the latest build's Parquet files, a DuckDB database built from them, "
    "datapackage.json (Frictionless), a data dictionary, a dataset card, a changelog against the previous "
    "release and SHA256SUMS. Immutable: an existing version is kept when identical and refused otherwise.",
)
def release(context: dg.AssetExecutionContext, config: ReleaseConfig, paths: PathsResource) -> dg.MaterializeResult:
    gold = Path(config.gold_dir) if config.gold_dir else paths.gold
    existed = config.version in releases(paths.outputs / "releases")
    try:
        folder = make_release(paths.outputs, config.version, gold, config.backport)
    except ReleaseError as error:
        raise dg.Failure(description=str(error)) from None
    if existed:
        context.log.info(f"Release {config.version} already exists with the same contents; nothing written.")
    changes = release_changes(folder)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(folder)),
            "version": config.version,
            "changes": changes.summary(),
            "changelog": dg.MetadataValue.md((folder / "CHANGELOG.md").read_text(encoding="utf-8")),
        }
    )


release_assets = [release]

publish_release = dg.define_asset_job(
    "publish_release",
    selection=dg.AssetSelection.assets(release),
    description="Publish the latest build as outputs/releases/<version>; set the version in the run config "
    "(ops: {release: {config: {version: ...}}}).",
)
