"""How Dagster's SQLite storage copes with many per-document partitions.

Measures, for N dynamic partitions of ``document_extractions`` (default
10,000) on a fresh SQLite instance:
- the seeds sensor's tick: scanning N files, registering N partitions, and
  a tick with nothing new;
- recording one materialization per partition (what a backfill writes);
- one evaluation of the automation conditions (the automation sensor's tick);
- the UI: the GraphQL queries the asset page makes for partition keys and
  partition statuses, against a real dagster-webserver.

    .venv/bin/python benchmarks/partitions.py [--partitions 10000] [--json benchmarks/results/partitions.json]

Nothing here is asserted: it prints figures for docs/SCALING.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PARTITION_QUERY = """
query ($path: [String!]!) {
  assetNodeOrError(assetKey: {path: $path}) {
    ... on AssetNode { partitionKeysByDimension { partitionKeys } }
  }
}"""
STATUS_QUERY = """
query ($path: [String!]!) {
  assetNodeOrError(assetKey: {path: $path}) {
    ... on AssetNode {
      assetPartitionStatuses {
        ... on DefaultPartitionStatuses { materializedPartitions unmaterializedPartitions }
      }
    }
  }
}"""


def _timed(label: str, results: dict, fn):
    started = time.perf_counter()
    value = fn()
    results[label] = round(time.perf_counter() - started, 3)
    print(f"  {label:<44} {results[label]:>8.3f} s", flush=True)
    return value


def _write_corpus(folder: Path, n: int) -> None:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    folder.mkdir(parents=True)
    for i in range(n):
        # Distinct contents, so no file is a duplicate of another.
        (folder / f"doc_{i:06d}.txt").write_text(f"{texts[i % len(texts)]}\n\nCopy {i}.\n", encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _graphql(port: int, query: str, variables: dict) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": query, "variables": variables}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.load(response)


def _measure_ui(home: Path, env: dict, results: dict, n: int) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "dagster-webserver"), "-h", "127.0.0.1", "-p", str(port), "-m", "pipelines.definitions"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("dagster-webserver did not start")
                time.sleep(0.5)
        variables = {"path": ["document_extractions"]}
        keys = _timed("ui: partition keys query", results, lambda: _graphql(port, PARTITION_QUERY, variables))
        count = len(keys["data"]["assetNodeOrError"]["partitionKeysByDimension"][0]["partitionKeys"])
        statuses = _timed("ui: partition status query", results, lambda: _graphql(port, STATUS_QUERY, variables))
        materialized = statuses["data"]["assetNodeOrError"]["assetPartitionStatuses"]["materializedPartitions"]
        _timed("ui: partition status query (warm)", results, lambda: _graphql(port, STATUS_QUERY, variables))
        print(f"  the UI sees {count} partitions, {len(materialized)} materialized (of {n})")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--partitions", type=int, default=10_000)
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results" / "partitions.json")
    args = parser.parse_args()
    n = args.partitions

    work = Path(tempfile.mkdtemp(prefix="partitions-"))
    home = work / "dagster_home"
    home.mkdir()
    # Storage under this temporary home, whatever the project's dagster.yaml says.
    (home / "dagster.yaml").write_text(
        f"storage:\n  sqlite:\n    base_dir: {home / 'storage'}\ntelemetry:\n  enabled: false\n", encoding="utf-8"
    )
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "PROBATION_SEEDS_DIR": str(work / "seeds"),
        "PROBATION_OUTPUTS_DIR": str(work / "outputs"),
    }
    os.environ.update(env)

    import dagster as dg

    from pipelines.definitions import make_definitions
    from pipelines.resources import default_paths
    from pipelines.sensors import seeds_sensor

    results: dict = {"partitions": n}
    print(f"{n} dynamic partitions on SQLite storage in {home}")
    _timed("write the corpus", results, lambda: _write_corpus(work / "seeds", n))
    paths = default_paths()
    defs = make_definitions(paths)
    instance = dg.DagsterInstance.get()

    def tick():
        return seeds_sensor(dg.build_sensor_context(instance=instance, resources={"paths": paths}))

    first = _timed("sensor: first tick (scan, plan)", results, tick)
    [add] = first.dynamic_partitions_requests
    _timed("register the partitions", results, lambda: instance.add_dynamic_partitions("documents", add.partition_keys))
    _timed("list the partitions", results, lambda: instance.get_dynamic_partitions("documents"))

    def record_materializations():
        key = dg.AssetKey("document_extractions")
        for partition in add.partition_keys:
            instance.report_runless_asset_event(dg.AssetMaterialization(asset_key=key, partition=partition))

    _timed("record one materialization per partition", results, record_materializations)
    # Every partition is registered now: the tick rescans the folder and checks
    # the cache for each (empty here, so it plans one run over all of them).
    _timed("sensor: tick over registered partitions", results, tick)
    _timed(
        "automation: one evaluation of all conditions",
        results,
        lambda: dg.evaluate_automation_conditions(defs=defs, instance=instance),
    )
    _measure_ui(home, env, results, n)
    results["storage_mb"] = round(sum(p.stat().st_size for p in (home / "storage").rglob("*") if p.is_file()) / 1e6, 1)
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    results["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}
    print(f"  storage on disk {results['storage_mb']} MB; peak RSS of this process {results['peak_rss_mb']} MB")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
