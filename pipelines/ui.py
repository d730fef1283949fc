"""`make ui`: `dagster dev` that a SIGTERM stops, even started in the background.

dagster dev answers SIGTERM with whatever answers SIGINT, and a shell starts
a background job (`make ui &`) with SIGINT ignored, so SIGTERM was ignored
too: only SIGKILL stopped it, leaving its code servers and sockets behind.
Giving SIGINT its default back before exec restores Python's
KeyboardInterrupt, so SIGTERM and Ctrl-C shut every part down cleanly. And
since make does not pass signals on, dagster dev is asked (Linux) to get a
SIGTERM when make, its parent, dies: `kill <pid of make>` stops it too.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from pathlib import Path

from pipelines.settings import PROJECT_ROOT

_PR_SET_PDEATHSIG = 1


def _link_config(home: Path) -> None:
    """Dagster reads its configuration from DAGSTER_HOME only; the project's
    one copy is dagster.yaml at its top, linked in so the two never differ."""
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists() and not config.is_symlink():
        config.symlink_to(PROJECT_ROOT / "dagster.yaml")


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (AttributeError, OSError):
        pass  # not Linux: stop it with Ctrl-C or a signal to its process group
    # `dagster dev` warns on every start that `dg dev` supersedes it; this
    # project runs no `dg` project layout, so the warning is noise here.
    os.environ["PYTHONWARNINGS"] = ",".join(
        filter(None, [os.environ.get("PYTHONWARNINGS"), "ignore:Function `dev_command` is superseded"])
    )
    _link_config(Path(os.environ.get("DAGSTER_HOME", PROJECT_ROOT / ".dagster_home")))
    dagster = Path(sys.executable).parent / "dagster"
    os.execv(dagster, [str(dagster), "dev", *sys.argv[1:]])


if __name__ == "__main__":
    main()
