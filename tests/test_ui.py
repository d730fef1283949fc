"""`make ui` started as a background job stops on SIGTERM, every process of
it, and dagster dev writes nothing into the project folder: its files go to
DAGSTER_HOME."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import ROOT

STARTUP_TIMEOUT_S = 180
STOP_TIMEOUT_S = 60
# No run may start: the sensors would otherwise queue builds.
INSTANCE_YAML = "telemetry:\n  enabled: false\nconcurrency:\n  runs:\n    max_concurrent_runs: 0\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _like_a_background_job() -> None:
    # What bash does for `make ui &` without job control: SIGINT ignored.
    os.setsid()
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def test_make_ui_in_the_background_stops_on_sigterm_and_writes_only_into_dagster_home(tmp_path):
    home, outputs, seeds, tmp = (tmp_path / name for name in ("home", "outputs", "seeds", "tmp"))
    for folder in (home, outputs, seeds, tmp):
        folder.mkdir()
    (home / "dagster.yaml").write_text(INSTANCE_YAML)
    before = set(os.listdir(ROOT))
    port = _free_port()
    log = tmp_path / "ui.log"
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "PROBATION_OUTPUTS_DIR": str(outputs),
        "PROBATION_SEEDS_DIR": str(seeds),
        "TMPDIR": str(tmp),
    }
    with log.open("wb") as out:
        make = subprocess.Popen(
            ["make", "--no-print-directory", "ui", f"UI_PORT={port}"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=_like_a_background_job,
        )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:
            assert make.poll() is None, f"make ui exited with {make.returncode}:\n{log.read_text()[-3000:]}"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=5) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            assert time.monotonic() < deadline, f"the UI did not start:\n{log.read_text()[-3000:]}"
            time.sleep(0.5)
        # `kill $!` after `make ui &`: SIGTERM to make alone.
        make.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        while (make.poll() is None or _group_alive(make.pid)) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not _group_alive(make.pid), f"some of dagster dev outlived SIGTERM:\n{log.read_text()[-3000:]}"
    finally:
        if _group_alive(make.pid):
            os.killpg(make.pid, signal.SIGKILL)
        make.wait()
    assert set(os.listdir(ROOT)) - before == set(), "dagster dev wrote into the project folder"
    assert "Warning" not in log.read_text()
    assert os.listdir(tmp) == [], "dagster dev left its sockets or workspace file behind"


def test_make_ui_links_the_projects_dagster_yaml_into_dagster_home(tmp_path):
    from pipelines.ui import _link_config

    home = tmp_path / "home"
    _link_config(home)
    assert (home / "dagster.yaml").resolve() == (ROOT / "dagster.yaml").resolve()
    _link_config(home)  # a second start keeps the link
    (tmp_path / "own").mkdir()
    (tmp_path / "own" / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    _link_config(tmp_path / "own")  # a home with its own configuration keeps it
    assert not (tmp_path / "own" / "dagster.yaml").is_symlink()
