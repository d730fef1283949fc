"""The pipeline on a multi-user Dagster instance: run, event-log and schedule
storage on PostgreSQL (dagster.postgres.yaml), every document partition
materialised in its own run with the multiprocess executor (as the seeds
sensor's runs are), then the tables in one more run, and the Parquet files
compared byte for byte with an in-process build on an ephemeral instance.

PostgreSQL is Debian's package (.ci/run installs it); the cluster is made in a
temporary folder and listens on the loopback only. Without the package the
test is skipped, except in CI, where it must run."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import dagster as dg
import pytest

from pipelines.build import build
from pipelines.definitions import make_definitions
from pipelines.jobs import EXTRACT_JOB, TABLES_JOB
from pipelines.resources import PathsResource, default_paths
from schemas.registry import TABLES
from tests.conftest import SEEDS

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
PG_BINARIES = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))


def _require_postgres() -> Path:
    if not PG_BINARIES:
        message = "no PostgreSQL server binaries (Debian: apt-get install postgresql; .ci/run installs it)"
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(message + ", and in CI they must be there")
        pytest.skip(message)
    return PG_BINARIES[-1].parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root; CI runs as root.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@pytest.fixture(scope="module")
def postgres():
    """A throwaway cluster: yields the DAGSTER_PG_* settings."""
    binaries = _require_postgres()
    folder = Path(tempfile.mkdtemp(prefix="probation-pg-"))
    data, port = folder / "data", _free_port()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    os.chmod(folder, 0o755)
    run = lambda *command: subprocess.run(_as_server_user(list(command)), check=True, capture_output=True, text=True)  # noqa: E731
    run(str(binaries / "initdb"), "-D", str(data), "-U", "dagster", "--auth=trust", "--no-sync")
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off"
    run(str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "server.log"), "-w", "start")
    try:
        run(str(binaries / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "dagster", "dagster")
        yield {
            "DAGSTER_PG_USERNAME": "dagster",
            "DAGSTER_PG_PASSWORD": "dagster",
            "DAGSTER_PG_HOST": "127.0.0.1",
            "DAGSTER_PG_DB": "dagster",
            "DAGSTER_PG_PORT": str(port),
        }
    finally:
        subprocess.run(_as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


# The multiprocess executor starts each step in a new process, which rebuilds
# the job from one of these functions; the paths come from the environment.
def extract_job() -> dg.JobDefinition:
    return make_definitions(default_paths(), executor=dg.multiprocess_executor).resolve_job_def(EXTRACT_JOB)




def test_a_postgres_instance_with_the_multiprocess_executor_builds_the_same_bytes(postgres, tmp_path, monkeypatch):
    home, out = tmp_path / "dagster_home", tmp_path / "out"
    home.mkdir()
    shutil.copy(ROOT / "dagster.postgres.yaml", home / "dagster.yaml")
    for name, value in {
        **postgres,
        "DAGSTER_HOME": str(home),
        "PROBATION_SEEDS_DIR": str(SEEDS),
        "PROBATION_OUTPUTS_DIR": str(out),
        "PROBATION_GOLD_DIR": "",
        "PROBATION_DEV_SET_DIR": "",
    }.items():
        monkeypatch.setenv(name, value)
    document_ids = sorted(p.stem for p in SEEDS.glob("*.txt"))

    with dg.DagsterInstance.get() as instance:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        assert type(instance.event_log_storage).__name__ == "PostgresEventLogStorage"
        assert type(instance.schedule_storage).__name__ == "PostgresScheduleStorage"
        instance.add_dynamic_partitions("documents", document_ids)
        for document_id in document_ids:
            with dg.execute_job(
                dg.reconstructable(extract_job), instance, tags={"dagster/partition": document_id}
            ) as result:
                assert result.success, f"the extraction of {document_id} failed"
        # The corpus-wide steps in this process: twenty-odd steps each paying a
        # process start would cost minutes on two cores and prove nothing more.
        tables = make_definitions(default_paths()).resolve_job_def(TABLES_JOB)
        assert tables.execute_in_process(instance=instance).success
        materialized = instance.get_materialized_partitions(dg.AssetKey("document_extractions"))
        assert materialized == set(document_ids)
        runs = instance.get_runs()
        assert len(runs) == len(document_ids) + 1
        assert all(run.status == dg.DagsterRunStatus.SUCCESS for run in runs)

    in_process = tmp_path / "in_process"
    assert build(PathsResource(seeds_dir=str(SEEDS), outputs_dir=str(in_process))).success
    for table in TABLES:
        on_postgres = (out / "parquet" / f"{table}.parquet").read_bytes()
        assert on_postgres == (in_process / "parquet" / f"{table}.parquet").read_bytes(), table
