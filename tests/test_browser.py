"""The Dagster UI in a real browser: `dagster dev` serves the code location,
headless Chromium (Debian's, driven by Playwright) shows the asset graph, an
asset's checks and the running sensors daemon, and a screenshot of the graph
is saved into the test's tmp folder. With UPDATE_SCREENSHOTS=1 the screenshot
also replaces docs/images/asset-graph.png, the one the README shows.

Expected names come from the code location itself, so the test follows the
assets, checks and sensors as they change."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipelines.definitions import defs
from schemas.registry import TABLES

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
# The background-networking flags matter: without them Chromium keeps
# calling Google services, and the closed network of CI refuses them noisily.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
README_SCREENSHOT = ROOT / "docs" / "images" / "asset-graph.png"
# Two cores, a cold spaCy import and four processes: usually 20-40 s.
STARTUP_TIMEOUT_S = 180
UI_TIMEOUT_MS = 30_000
# Sensors default to RUNNING and would queue extraction runs; with no run
# allowed to start, the test spends no CPU on builds and leaves no run worker.
# Not the repo's .dagster_home/dagster.yaml: runs must not start here.
INSTANCE_YAML = """\
telemetry:
  enabled: false
concurrency:
  runs:
    max_concurrent_runs: 0
"""
# localStorage the UI reads at start-up: no "join the community" dialog over
# the page, and a top-to-bottom graph, which fits a wide screen best.
UI_PREFERENCES = """
window.localStorage.setItem('communityNux', JSON.stringify('1'));
window.localStorage.setItem('asset-graph-direction', JSON.stringify('vertical'));
"""


def _chromium() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    message = f"no browser: {CHROMIUM} is missing (Debian: apt-get install chromium; .ci/run installs it)"
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(message + ", and in CI it must be there")
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _live_processes(pgid: int) -> list[int]:
    """Processes of the group that still run (zombies excluded: whether
    they are reaped is up to init, not to us)."""
    alive = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        state, _ppid, group = stat.rsplit(")", 1)[1].split()[:3]
        if int(group) == pgid and state != "Z":
            alive.append(int(entry))
    return alive


def _processes_naming(text: str) -> list[int]:
    """Processes whose command line names `text` (the instance's home is in
    every Dagster child's --instance-ref, whatever its process group)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        if text.encode() in cmdline:
            found.append(int(entry))
    return found


def _wait_until_gone(proc: subprocess.Popen, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        proc.poll()
        if not _live_processes(proc.pid):
            return True
        time.sleep(0.2)
    proc.poll()
    return not _live_processes(proc.pid)


def _stop(proc: subprocess.Popen) -> None:
    """End `dagster dev` and everything it started: a polite SIGTERM to the
    whole group (it then shuts its children down and removes its temporary
    files when it gets the time), and SIGKILL for whatever is left after a
    few seconds: a graceful stop can take ten, and nothing here needs it."""
    for sig, grace in ((signal.SIGTERM, 5), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        if _wait_until_gone(proc, grace):
            break
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


def _tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


class DagsterUI:
    def __init__(self, url: str, home: Path, log: Path) -> None:
        self.url = url
        self.home = home
        self.log = log


@pytest.fixture(scope="module")
def dagster_ui(tmp_path_factory) -> Iterator[DagsterUI]:
    _chromium()  # skip before spending half a minute on start-up
    base = tmp_path_factory.mktemp("dagster_dev")
    home, outputs, tmp = base / "home", base / "outputs", base / "tmp"
    for folder in (home, outputs, tmp):
        folder.mkdir()
    (home / "dagster.yaml").write_text(INSTANCE_YAML)
    log = base / "dagster-dev.log"
    port = _free_port()
    dagster = Path(sys.executable).parent / "dagster"
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "PROBATION_OUTPUTS_DIR": str(outputs),
        # dagster dev's sockets and workspace file: left here if it is killed.
        "TMPDIR": str(tmp),
    }
    with log.open("wb") as out:
        # Its own session, so one signal reaches dagster dev, the webserver,
        # the daemon and the code servers, and so Ctrl-C in the terminal
        # running pytest does not reach them half-way.
        proc = subprocess.Popen(
            [str(dagster), "dev", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"dagster dev exited with {proc.returncode}:\n{_tail(log)}")
            try:
                with urllib.request.urlopen(f"{url}/server_info", timeout=5) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"dagster dev did not answer on {url} within {STARTUP_TIMEOUT_S} s:\n{_tail(log)}")
            time.sleep(0.5)
        yield DagsterUI(url, home, log)
    finally:
        _stop(proc)
        survivors = _live_processes(proc.pid) + _processes_naming(str(home))
        assert not survivors, f"dagster dev left processes behind: {sorted(set(survivors))}"


@pytest.fixture(scope="module")
def browser(dagster_ui):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(_chromium()), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, device_scale_factor=2)
    context.add_init_script(UI_PREFERENCES)
    context.set_default_timeout(UI_TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def _shown(name: str, labels: set[str]) -> bool:
    """Whether the graph shows `name`; a zoomed-out graph shortens long names
    in the middle (document_extractions -> docum…_extractions)."""
    if name in labels:
        return True
    for label in labels:
        head, ellipsis, tail = label.partition("…")
        if ellipsis and head and name.startswith(head) and name.endswith(tail):
            return True
    return False


def test_the_asset_graph_shows_every_asset(page, dagster_ui, tmp_path):
    from playwright.sync_api import expect

    graph = defs.resolve_asset_graph()
    keys = graph.get_all_asset_keys()
    names = {key.path[-1] for key in keys}
    assert set(TABLES) <= names
    groups = sorted({graph.get(key).group_name for key in keys})

    page.goto(f"{dagster_ui.url}/asset-groups")  # "Lineage" in the menu: the global asset graph
    viewport = page.locator("[data-svg-viewport]")
    # The graph opens with every group collapsed to a box: expand them all
    # (⌥E, as a user would) and wait for the tables to be drawn.
    expect(viewport).to_contain_text(groups[0])
    if len(groups) > 1:
        page.keyboard.press("Alt+KeyE")
    for table in TABLES:
        expect(viewport.get_by_text(table, exact=True)).to_be_visible()
    labels = {line.strip() for line in viewport.inner_text().splitlines() if line.strip()}
    missing = sorted(name for name in names if not _shown(name, labels))
    assert not missing, f"assets missing from the graph: {missing}; it shows {sorted(labels)}"

    # For the picture: close the asset tree beside the graph, and double-click
    # the background, which fits the graph to the window.
    tree_toggle = page.get_by_role("button", name="panel_show_right", exact=True)
    if tree_toggle.count():
        tree_toggle.click()
    box = viewport.bounding_box()
    viewport.dblclick(position={"x": 20, "y": box["height"] - 20})
    page.wait_for_timeout(1000)  # the fit is animated
    shot = tmp_path / "asset-graph.png"
    page.screenshot(path=shot)
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        README_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, README_SCREENSHOT)


def test_an_assets_checks_tab_lists_its_checks(page, dagster_ui):
    from playwright.sync_api import expect

    checks = defaultdict(set)
    for key in defs.resolve_asset_graph().asset_check_keys:
        checks[key.asset_key.path[-1]].add(key.name)
    # The table with the most checks shows every kind there is.
    table = max(sorted(TABLES), key=lambda name: len(checks[name]))
    assert {"schema", "primary_key"} <= checks[table]

    page.goto(f"{dagster_ui.url}/assets/{table}?view=checks")
    expect(page.get_by_text(f"Checks ({len(checks[table])})", exact=True)).to_be_visible()
    for check in sorted(checks[table]):
        expect(page.get_by_text(check, exact=True).first).to_be_visible()


def test_the_daemon_runs_the_sensors(page, dagster_ui):
    from playwright.sync_api import expect

    sensors = sorted(sensor.name for sensor in defs.get_repository_def().sensor_defs)

    # The daemon starts with the webserver, and the page refreshes itself
    # until the daemon's first heartbeat is in.
    page.goto(f"{dagster_ui.url}/deployment/daemons")
    row = page.get_by_role("row").filter(has_text="Sensors")
    expect(row).to_contain_text("Running", timeout=60_000)

    if sensors:
        page.goto(f"{dagster_ui.url}/automation")
        for sensor in sensors:
            expect(page.get_by_text(sensor, exact=True).first).to_be_visible()
