"""Swap finished outputs into place so readers never see half a build.

Parquet files are written into a fresh build folder under ``.builds/``;
``parquet`` is a symbolic link that is replaced in one rename. A build killed
half-way leaves only an orphan build folder, removed by the next build.

Several builds may publish into one folder at once (the CLI while a sensor's
run is going). Each holds a lock on its build folder until it is swapped in,
so no build removes another's unfinished work, and swaps take turns under
``.publish.lock``, so none removes the build another has just put in place.
Locks are ``flock`` locks: the kernel drops them when a process dies, so a
killed build's folder is an orphan to remove, not one in progress.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BUILDS = ".builds"
PUBLISH_LOCK = ".publish.lock"
_IN_PROGRESS = ".in-progress"

# This process's builds not yet swapped in -> their locked .in-progress file.
# One that fails before its swap stays locked until the process exits; the
# first build after that removes it.
_building: dict[Path, int] = {}


def new_build_dir(out_dir: Path) -> Path:
    """A fresh folder under ``out_dir/.builds``, locked as in progress."""
    builds = out_dir / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    while True:
        build = Path(tempfile.mkdtemp(prefix="build-", dir=builds))
        make_shareable(build)
        marker = build / _IN_PROGRESS
        try:
            fd = os.open(marker, os.O_CREAT | os.O_RDWR, 0o644)
        except FileNotFoundError:
            continue  # another build's clean-up removed the folder before it was marked
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            locked_the_marker = os.stat(marker).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            locked_the_marker = False
        if locked_the_marker:
            _building[build] = fd
            return build
        os.close(fd)  # removed between creating and locking it: start again


@contextmanager
def publish_lock(out_dir: Path) -> Iterator[None]:
    """Held while a build swaps itself in and clears older builds."""
    with open(out_dir / PUBLISH_LOCK, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def swap_in(out_dir: Path, link_name: str, target: Path) -> Path:
    """Point ``out_dir/link_name`` at ``target`` atomically, then remove
    older builds that are not in progress (open files stay readable on POSIX
    until closed)."""
    link = out_dir / link_name
    with publish_lock(out_dir):
        if link.exists() and not link.is_symlink():
            # A real folder (copied in by hand, or from an older layout) cannot be
            # replaced atomically by a link; it goes once, here.
            shutil.rmtree(link)
        staging_link = out_dir / f".{link_name}.{os.getpid()}.tmp"
        if staging_link.is_symlink() or staging_link.exists():
            staging_link.unlink()
        staging_link.symlink_to(target.relative_to(out_dir))
        os.replace(staging_link, link)
        _finish(target)
        _remove_other_builds(out_dir, keep=target)
    return link


def _finish(target: Path) -> None:
    for build in [b for b in _building if target.resolve().is_relative_to(b.resolve())]:
        (build / _IN_PROGRESS).unlink(missing_ok=True)
        os.close(_building.pop(build))


def _remove_other_builds(out_dir: Path, keep: Path) -> None:
    for build in (out_dir / BUILDS).iterdir():
        if not keep.resolve().is_relative_to(build.resolve()) and not _in_progress(build):
            shutil.rmtree(build, ignore_errors=True)


def _in_progress(build: Path) -> bool:
    """Whether a live process (this one included) is still writing ``build``."""
    try:
        fd = os.open(build / _IN_PROGRESS, os.O_RDWR)
    except OSError:
        return False  # no marker: finished, or left by an older version
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def make_shareable(folder: Path) -> None:
    """Give a folder from ``mkdtemp`` (always 0700) the mode any other folder
    would get, so other users can read the published files unless the umask
    says otherwise."""
    folder.chmod(0o777 & ~_umask())


def _umask() -> int:
    # /proc reads it without changing it; setting and restoring it instead
    # would briefly change the mode of files other threads create.
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass  # not Linux
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
