"""`probation-data`: build the dataset, score it against gold annotations,
publish versioned releases, query the built database.

Exit codes of `build`: 0 when every document built and every check passed;
3 when the dataset was built but some files are listed in ingest_errors;
1 when the build failed (a step raised, a blocking check failed, or no
article could be used and --allow-empty was not given, so nothing was
published); 2 for a usage error (e.g. no seeds folder, an unwritable
outputs folder).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_DOCUMENT_ERRORS = 0, 1, 2, 3


def _progress_logger():
    import dagster as dg

    from pipelines.assets.progress import PREFIX as PROGRESS_PREFIX

    started = time.monotonic()

    class StepPrinter(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            event = (getattr(record, "dagster_meta", None) or {}).get("dagster_event")
            if event is None:
                message = record.getMessage().split(" - ")[-1]
                # For a person watching a long build; in a log file it is noise.
                if message.startswith(PROGRESS_PREFIX):
                    if sys.stderr.isatty():
                        print(f"  {message}", file=sys.stderr, flush=True)
                    return
                # "Dependencies for step X failed ... Not executing" follows every
                # failure once per later step; the failure itself is printed.
                if record.levelno >= logging.WARNING and "Not executing" not in record.getMessage():
                    print(f"  ! {record.getMessage().split(' - ')[-1]}", file=sys.stderr)
                return
            kind = event.event_type_value
            if kind == "STEP_SUCCESS":
                print(f"  [{time.monotonic() - started:6.1f}s] done   {event.step_key}", file=sys.stderr)
            elif kind == "STEP_FAILURE":
                print(f"  [{time.monotonic() - started:6.1f}s] FAILED {event.step_key}", file=sys.stderr)
            elif kind == "STEP_SKIPPED":
                print(f"  [{time.monotonic() - started:6.1f}s] skipped {event.step_key} (an upstream check failed)", file=sys.stderr)

    @dg.logger(description="Prints one line per finished step.")
    def progress(_init_context):
        logger = logging.getLogger("probation_data.progress")
        logger.handlers = [StepPrinter()]
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
        return logger

    return progress


def build(seeds: Path, out: Path, max_mb: float, allow_empty: bool = False) -> int:
    if not seeds.is_dir():
        print(f"error: the seeds folder {seeds} does not exist or is not a folder.", file=sys.stderr)
        return EXIT_USAGE
    unwritable = _unwritable(out)
    if unwritable:
        print(f"error: cannot write to the outputs folder {out}: {unwritable}.", file=sys.stderr)
        return EXIT_USAGE
    from pipelines.build import build as run_build
    from pipelines.resources import PathsResource
    from pipelines.settings import default_gold_dir

    print(f"Building the dataset from {seeds} into {out}", file=sys.stderr)
    paths = PathsResource(
        seeds_dir=str(seeds.resolve()),
        outputs_dir=str(out.resolve()),
        max_mb=max_mb,
        gold_dir=default_gold_dir(),
        allow_empty=allow_empty,
    )
    result = run_build(paths, loggers={"progress": _progress_logger()}, run_config={"loggers": {"progress": {}}})
    failed_checks = [e for e in result.get_asset_check_evaluations() if not e.passed]
    for evaluation in failed_checks:
        preview = evaluation.metadata.get("preview")
        print(
            f"check failed: {evaluation.asset_key.to_user_string()}.{evaluation.check_name}: {evaluation.description}\n"
            f"{preview.value if preview else ''}",
            file=sys.stderr,
        )
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE":
            print(f"step failed: {event.step_key}: {_failure_reason(event.step_failure_data)}", file=sys.stderr)
            _print_ingest_errors(event.step_failure_data)
    if not result.success or failed_checks:
        print("Build FAILED: nothing was published; the previous outputs are untouched.", file=sys.stderr)
        return EXIT_FAILED
    return _summarise(out, _published_metadata(result))


def _unwritable(out: Path) -> str | None:
    """Why nothing can be written into ``out``, found before the build
    starts rather than as a failed step minutes later; None when writable."""
    import tempfile

    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as error:
        return (error.strerror or str(error)).lower()
    return None


def _failure_reason(failure) -> str:
    """A deliberate failure (dg.Failure) says what happened in its own
    words; anything else is the exception's message."""
    if failure.user_failure_data is not None and failure.user_failure_data.description:
        return failure.user_failure_data.description
    error = failure.error.cause or failure.error
    return error.message.strip()


def _print_ingest_errors(failure) -> None:
    """The rejected files behind a build that had no article to publish."""
    listed = failure.user_failure_data.metadata.get("ingest_errors") if failure.user_failure_data else None
    for row in listed.value if listed else []:
        print(f"  - [{row['stage']}] {row['error']}", file=sys.stderr)


def _published_metadata(result) -> dict:
    """What this run's publishing step recorded: its row counts and ingest
    errors, which stay this build's even if another build publishes into
    the same folder before they are printed."""
    for event in result.all_events:
        if event.event_type_value == "ASSET_MATERIALIZATION":
            materialization = event.event_specific_data.materialization
            if materialization.asset_key.to_user_string() == "parquet_files":
                return {key: value.value for key, value in materialization.metadata.items()}
    raise RuntimeError("the build succeeded but recorded no parquet_files materialization")


def _summarise(out: Path, published: dict) -> int:
    from schemas.registry import TABLES

    print("\nRows per table:")
    for name in TABLES:
        print(f"  {name:<18} {published[f'rows/{name}']:>7}")
    errors = published["ingest_errors"]
    print(f"\nWrote {out / 'parquet'} and {out / 'probation.duckdb'} (build {Path(published['build']).name})")
    if errors:
        print(f"\n{len(errors)} file(s) could not be used (see the ingest_errors table):")
        for row in errors:
            print(f"  - [{row['stage']}] {row['error']}")
        return EXIT_DOCUMENT_ERRORS
    return EXIT_OK


def release(out: Path, version: str, gold: Path | None, backport: bool = False) -> int:
    """Exit codes: 0 when the release was written or already existed with the
    same contents; 2 when it cannot be made (the message says why)."""
    import pyarrow.parquet as pq

    from pipelines.publish.release import ReleaseError, make_release, release_changes, releases
    from schemas.registry import TABLES

    existed = version in releases(out / "releases")
    try:
        folder = make_release(out, version, gold, backport)
    except (ReleaseError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if existed:
        print(f"Release {version} already exists in {folder} with the same contents: nothing written.")
        return EXIT_OK
    print(f"Release {version} written to {folder}")
    for name in TABLES:
        print(f"  {name:<18} {pq.ParquetFile(folder / 'parquet' / f'{name}.parquet').metadata.num_rows:>7} rows")
    print(f"Changes {release_changes(folder).summary()} (see CHANGELOG.md)")
    print(f"Verify: cd {folder} && sha256sum -c SHA256SUMS && frictionless validate datapackage.json")
    return EXIT_OK


def sql(out: Path, query: str, max_rows: int) -> int:
    """Run SQL against the published database, read-only, and print each
    statement's result as a table: the README's examples without installing
    the duckdb CLI. Exit code 2 for a missing database or a bad query."""
    import duckdb

    database = out / "probation.duckdb"
    if not database.is_file():
        print(f"error: no built dataset in {out}; run `probation-data build --out {out}` first.", file=sys.stderr)
        return EXIT_USAGE
    try:
        statements = duckdb.extract_statements(query)
        with duckdb.connect(str(database), read_only=True) as con:
            for statement in statements:
                result = con.sql(statement.query)
                if result is not None:
                    result.show(max_rows=max_rows, max_width=10_000)
    except duckdb.Error as error:
        # DuckDB's message can run to several lines (a caret under the
        # mistake); the first says what is wrong.
        print(f"error: {str(error).strip().splitlines()[0]}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    from pipelines import settings
    from pipelines.evaluation import command as evaluation_command
    from pipelines.settings import GOLD_ENV, MAX_MB_ENV, OUTPUTS_ENV, SEEDS_ENV

    default_seeds = Path(settings.default_seeds_dir())
    default_out = Path(settings.default_outputs_dir())
    parser = argparse.ArgumentParser(prog="probation-data", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build every table from a seeds folder into an outputs folder")
    build_cmd.add_argument("--seeds", type=Path, default=default_seeds, help=f"articles to read (default {default_seeds}; env {SEEDS_ENV})")
    build_cmd.add_argument("--out", type=Path, default=default_out, help=f"where to write (default {default_out}; env {OUTPUTS_ENV})")
    build_cmd.add_argument("--max-mb", type=float, default=settings.default_max_mb(), help=f"largest article file read, in MB (env {MAX_MB_ENV})")
    build_cmd.add_argument("--allow-empty", action="store_true", help="publish an empty dataset when no article can be used (by default nothing is published and the exit code is 1)")
    evaluation_command.add_parser(commands, default_out)
    default_gold = Path(settings.default_gold_dir()) if settings.default_gold_dir() else None
    release_cmd = commands.add_parser("release", help="publish the latest build as outputs/releases/X.Y.Z")
    release_cmd.add_argument("--version", required=True, help="the release's version, MAJOR.MINOR.PATCH (e.g. 1.0.0)")
    release_cmd.add_argument("--out", type=Path, default=default_out, help="the outputs folder that was built; the release goes into its releases/ folder")
    release_cmd.add_argument("--gold", type=Path, default=default_gold, help=f"gold annotations to score the release against in its dataset card (default {default_gold}; env {GOLD_ENV})")
    release_cmd.add_argument("--backport", action="store_true", help="allow a version below the highest existing release (a fix to an older line)")
    sql_cmd = commands.add_parser("sql", help="run SQL against the built DuckDB database (read-only) and print the results")
    sql_cmd.add_argument("query", help="one or more SQL statements, e.g. \"FROM provider_summary\"")
    sql_cmd.add_argument("--out", type=Path, default=default_out, help="the outputs folder that was built")
    sql_cmd.add_argument("--max-rows", type=int, default=1000, help="rows shown per result (default 1000)")
    args = parser.parse_args(argv)
    if args.command == "build":
        return build(args.seeds, args.out, args.max_mb, args.allow_empty)
    if args.command == "release":
        return release(args.out, args.version, args.gold, args.backport)
    if args.command == "sql":
        return sql(args.out, args.query, args.max_rows)
    return evaluation_command.run(args)


if __name__ == "__main__":
    sys.exit(main())
