"""Versioned releases: ``outputs/releases/X.Y.Z/`` holds the Parquet files
of the latest build, a DuckDB database built from them, ``datapackage.json``,
a data dictionary, a dataset card (README.md), a changelog against the
previous release and ``SHA256SUMS``.

A release is immutable and reproducible: it is written into a hidden folder
beside its final place and renamed into place in one step; the same build
and version give the same bytes (``created`` comes from SOURCE_DATE_EPOCH or
from the data, never from the clock); writing a version that exists is a
no-op when the result would be identical, and refused otherwise.
"""

from __future__ import annotations

import datetime as dt
import errno
import filecmp
import os
import re
import shutil
import tempfile
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipelines.evaluation.scoring import Evaluation, evaluate, load_gold
from pipelines.publish import atomic, changelog, datapackage, docs
from pipelines.publish.duckdb import write_database
from schemas.registry import TABLES

RELEASES = "releases"
PARQUET = "parquet"
DATABASE = docs.DATABASE
SUMS = "SHA256SUMS"
# ASCII digits only, matched whole (fullmatch): `$` would let "1.0.0\n" through,
# and `\d` would accept other scripts' digits.
SEMVER = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")


class ReleaseError(Exception):
    """A release that cannot be made; the message says what to do."""


def validate_version(version: str) -> None:
    if not SEMVER.fullmatch(version):
        raise ReleaseError(
            f"{version!r} is not a release version: use MAJOR.MINOR.PATCH, e.g. 1.0.0 "
            "(numbers without leading zeros, no pre-release suffix)."
        )


def releases(releases_dir: Path) -> dict[str, Path]:
    """Existing releases by version, lowest first; hidden staging folders and
    anything not named X.Y.Z are not releases."""
    found = [p for p in releases_dir.iterdir() if p.is_dir() and SEMVER.fullmatch(p.name)] if releases_dir.is_dir() else []
    return {p.name: p for p in sorted(found, key=lambda p: changelog.parse_version(p.name))}


def previous_release(releases_dir: Path, version: str) -> tuple[str, Path] | None:
    """The highest existing release lower than ``version``."""
    lower = [(v, p) for v, p in releases(releases_dir).items() if changelog.parse_version(v) < changelog.parse_version(version)]
    return lower[-1] if lower else None


def check_order(releases_dir: Path, version: str, backport: bool) -> None:
    """A new version below the highest release would become the release that
    the higher ones' changelogs no longer compare with, so it must be asked
    for as a backport; re-releasing an existing version is always allowed."""
    existing = releases(releases_dir)
    if version in existing or not existing or backport:
        return
    highest = max(existing, key=changelog.parse_version)
    if changelog.parse_version(version) < changelog.parse_version(highest):
        raise ReleaseError(
            f"version {version} is lower than the highest release in {releases_dir}, {highest}: "
            f"use a version above {highest}, or give --backport to publish a fix to an older line "
            "(its changelog then compares with the release just below it)."
        )


def built_tables(outputs_dir: Path) -> dict[str, Path]:
    """The Parquet files the latest build published, checked against today's
    schemas. The ``parquet`` link is resolved once so a build swapping in
    new files meanwhile cannot mix two builds."""
    link = outputs_dir / PARQUET
    missing = [name for name in TABLES if not (link / f"{name}.parquet").is_file()]
    if missing:
        raise ReleaseError(
            f"no built dataset in {outputs_dir} (missing {PARQUET}/{missing[0]}.parquet): "
            f"run `probation-data build --out {outputs_dir}` first."
        )
    folder = link.resolve()
    files = {name: folder / f"{name}.parquet" for name in TABLES}
    for name, path in files.items():
        if not pq.read_schema(path).equals(TABLES[name].arrow_schema(), check_metadata=False):
            raise ReleaseError(
                f"{link / path.name} does not match the current schema of {name}: "
                f"run `probation-data build --out {outputs_dir}` again before releasing."
            )
    return files


def created_at(parquet_dir: Path) -> tuple[dt.datetime, str]:
    """``created`` and the rule that gave it: SOURCE_DATE_EPOCH when set (the
    reproducible-builds convention), else the newest publication date in the
    data at midnight UTC, else the Unix epoch."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        if not epoch.isdigit():
            raise ReleaseError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01, not {epoch!r}.")
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc), "from SOURCE_DATE_EPOCH"
    dates = [
        pc.max(pq.read_table(parquet_dir / f"{table}.parquet", columns=["published_date"])["published_date"]).as_py()
        for table in ("documents", "inspections")
    ]
    known = [d for d in dates if d is not None]
    if not known:
        return dt.datetime.fromtimestamp(0, dt.timezone.utc), "no date in the data and no SOURCE_DATE_EPOCH: the Unix epoch"
    newest = max(known)
    return (
        dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.timezone.utc),
        "the newest publication date in the data, as SOURCE_DATE_EPOCH was not set",
    )


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def write_sums(folder: Path) -> Path:
    lines = [f"{datapackage.sha256_file(folder / name)}  {name}\n" for name in _files(folder) if name != SUMS]
    path = folder / SUMS
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _differences(existing: Path, staged: Path) -> list[str]:
    """The files that differ, but for the DuckDB file (and so SHA256SUMS):
    DuckDB does not promise the same bytes for the same tables
    (duckdb/duckdb#23382), and the database holds exactly the Parquet files'
    tables, so equal Parquet files mean an equal database."""
    old, new = set(_files(existing)), set(_files(staged))
    differ = (old ^ new) | {n for n in old & new if not filecmp.cmp(existing / n, staged / n, shallow=False)}
    return sorted(differ - {DATABASE, SUMS})


def _evaluation(parquet_dir: Path, gold_dir: Path | None, document_ids: set[str]) -> tuple[Evaluation | None, str]:
    """Scores against gold only when the gold annotates exactly the released
    articles: otherwise unannotated articles would count as errors, or
    annotated ones missing from the release as misses."""
    if gold_dir is None:
        return None, "no gold annotations were given when this release was made"
    gold_ids = {doc.get("document_id") for doc in load_gold(gold_dir)[0]}
    if gold_ids != document_ids:
        return None, (
            f"the gold annotations ({len(gold_ids)} articles) are not of exactly this release's "
            f"{len(document_ids)} articles, so their scores would mislead"
        )
    return evaluate(parquet_dir, gold_dir), ""


def _stage(
    staging: Path, sources: dict[str, Path], version: str, gold_dir: Path | None, previous: tuple[str, Path] | None
) -> None:
    parquet_dir = staging / PARQUET
    parquet_dir.mkdir()
    for name, source in sources.items():
        try:
            shutil.copyfile(source, parquet_dir / f"{name}.parquet")
        except FileNotFoundError:
            raise ReleaseError(
                f"{source} disappeared while releasing, probably replaced by a new build: "
                "release again once the build has finished."
            ) from None
    changes = changelog.compare(previous, parquet_dir, version)
    try:
        changes.check_version()
    except changelog.VersionError as error:
        raise ReleaseError(str(error)) from None

    parquet_paths = {name: f"{PARQUET}/{name}.parquet" for name in TABLES}
    write_database({name: staging / path for name, path in parquet_paths.items()}, staging / DATABASE)
    created, created_rule = created_at(parquet_dir)
    documents = pq.read_table(
        parquet_dir / "documents.parquet",
        columns=["document_id", "title", "publisher", "published_date", "n_words", "sha256"],
    ).to_pylist()
    evaluation, evaluation_note = _evaluation(parquet_dir, gold_dir, {d["document_id"] for d in documents})
    facts = docs.ReleaseFacts(
        version=version,
        created=created,
        created_rule=created_rule,
        rows={name: pq.ParquetFile(staging / path).metadata.num_rows for name, path in parquet_paths.items()},
        parquet_paths=parquet_paths,
        documents=documents,
        evaluation=evaluation,
        evaluation_note=evaluation_note,
        changelog_summary=changes.summary(),
    )
    descriptor = datapackage.package(staging, parquet_paths, version, created, datapackage.source_entries(documents))
    datapackage.write(descriptor, staging / "datapackage.json")
    (staging / "DATA_DICTIONARY.md").write_text(docs.data_dictionary(facts), encoding="utf-8")
    (staging / "README.md").write_text(docs.dataset_card(facts), encoding="utf-8")
    (staging / "CHANGELOG.md").write_text(changes.render(), encoding="utf-8")
    write_sums(staging)


def _publish(staging: Path, final: Path) -> Path:
    atomic.make_shareable(staging)
    try:
        os.rename(staging, final)
        return final
    except OSError as error:
        if error.errno not in (errno.EEXIST, errno.ENOTEMPTY):
            raise
    differences = _differences(final, staging)
    if not differences:
        return final
    raise ReleaseError(
        f"release {final.name} already exists in {final.parent} and differs from this build "
        f"({', '.join(differences)}): releases are immutable, so publish this build under a new version."
    )


def make_release(outputs_dir: Path, version: str, gold_dir: Path | None = None, backport: bool = False) -> Path:
    """Release what the latest build in ``outputs_dir`` published as
    ``outputs_dir/releases/<version>``; score it against ``gold_dir`` when
    given. A version below the highest release needs ``backport``. Returns
    the release folder."""
    validate_version(version)
    releases_dir = outputs_dir / RELEASES
    check_order(releases_dir, version, backport)
    sources = built_tables(outputs_dir)
    if gold_dir is not None and not gold_dir.is_dir():
        raise ReleaseError(f"the gold folder {gold_dir} does not exist.")
    releases_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{version}.", dir=releases_dir))
    try:
        _stage(staging, sources, version, gold_dir, previous_release(releases_dir, version))
        return _publish(staging, releases_dir / version)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def release_changes(release_dir: Path) -> changelog.Changelog:
    """A release's changes against the release before it."""
    previous = previous_release(release_dir.parent, release_dir.name)
    return changelog.compare(previous, release_dir / PARQUET, release_dir.name)
