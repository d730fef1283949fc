"""Publish a build in one step, so readers never see half of one nor the
Parquet files of one build beside the database of another.

Everything a build publishes (``parquet/`` and ``probation.duckdb``) is
written into a fresh build folder under ``.builds/``; ``current`` is a
symbolic link to the published build, replaced in one rename, and the stable
paths readers open, ``parquet`` and ``probation.duckdb``, are links through
``current``, so that one rename makes both current together. A build that
fails or is killed before the rename publishes nothing: a failure removes
its folder at once, a kill leaves an orphan that the next build removes.

Several builds may publish into one folder at once (the CLI while a sensor's
run is going). Each holds a lock on its build folder until it is swapped in,
so no build removes another's unfinished work, and swaps take turns under
``.publish.lock``, so none removes the build another has just put in place.
Locks are ``flock`` locks: the kernel drops them when a process dies, so a
killed build's folder is an orphan to remove, not one in progress.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import stat
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipelines.publish.duckdb import write_database
from pipelines.publish.parquet import table_key, to_arrow, write_arrow
from pipelines.reuse import code_digest

BUILDS = ".builds"
CURRENT = "current"
PARQUET = "parquet"
DATABASE = "probation.duckdb"
PUBLISH_LOCK = ".publish.lock"
# In a build folder: what each of its files was made from (see _key).
_KEYS = ".file-keys.json"
_IN_PROGRESS = ".in-progress"
# The DuckDB file's fixed overhead (blocks per column, catalog) beside the
# tables' own bytes, measured at about 8 MB for the seeds.
_DATABASE_OVERHEAD = 16 * 1024 * 1024


# This process's builds not yet swapped in -> their locked .in-progress file.
# A build that fails is removed at once (``_discard``); one whose process is
# killed is unlocked by the kernel and removed by the next build.
_building: dict[Path, int] = {}


class PublishError(Exception):
    """Nothing was published; the message says why in one sentence."""


@dataclass(frozen=True)
class Published:
    """What one build published: its own folder and files, which stay this
    build's even after a later build replaces ``current``."""

    build: Path
    parquet: dict[str, Path]
    database: Path
    rows: dict[str, int]


def publish(out_dir: Path, tables: dict[str, pd.DataFrame]) -> Published:
    """Write ``tables`` as Parquet files and a DuckDB database into a new
    build folder, then make both current in one rename. A file whose content
    the published build already holds (same rows, same code) is shared with
    it instead of written again. On any failure the build folder is removed
    and ``PublishError`` says what happened; the previous outputs are
    untouched."""
    out_dir.mkdir(parents=True, exist_ok=True)
    _check_free_space(out_dir, tables)
    build = new_build_dir(out_dir)
    try:
        previous = _PublishedFiles.of(out_dir)
        keys: dict[str, str] = {}
        parquet = {}
        for name, frame in tables.items():
            table = to_arrow(name, frame)
            relative = f"{PARQUET}/{name}.parquet"
            keys[relative] = _key(table_key(table))
            parquet[name] = build / relative
            if not previous.link(relative, keys[relative], parquet[name]):
                write_arrow(table, parquet[name])
        database = build / DATABASE
        keys[DATABASE] = _key(*(keys[f"{PARQUET}/{name}.parquet"] for name in sorted(parquet)))
        if not previous.link(DATABASE, keys[DATABASE], database):
            write_database(parquet, database)
        (build / _KEYS).write_text(json.dumps(keys, indent=1, sort_keys=True), encoding="ascii")
    except BaseException as error:
        _discard(build)
        if not isinstance(error, Exception):
            raise  # an interrupt: no message to add
        raise PublishError(
            f"could not write the new dataset into {build}: {_reason(error)}; nothing was published, "
            f"the previous outputs in {out_dir} are untouched and the partial files were removed."
        ) from None
    swap_in(out_dir, build)
    return Published(build, parquet, database, {name: len(frame) for name, frame in tables.items()})


def _key(*parts: str) -> str:
    """What a file is made from: its content's digest(s) and the code that
    lays it out."""
    digest = hashlib.sha256(code_digest().encode())
    for part in parts:
        digest.update(part.encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class _PublishedFiles:
    """The published build's folder and the keys of its files, read from one
    build folder: ``current`` may be swapped to another build between two
    reads through it."""

    folder: Path | None
    keys: dict[str, str]

    @classmethod
    def of(cls, out_dir: Path) -> _PublishedFiles:
        try:
            folder = (out_dir / CURRENT).resolve(strict=True)
            keys = json.loads((folder / _KEYS).read_text(encoding="ascii"))
        except (OSError, ValueError):
            return cls(None, {})  # no build yet, or one from before the keys
        return cls(folder, keys if isinstance(keys, dict) else {})

    def link(self, relative: str, key: str, destination: Path) -> bool:
        """When the published build's file was made from the same content by
        the same code, the new build shares it (a hard link: the old build's
        folder can go without taking it). Publishing stays one rename; only
        the unchanged bytes are not written again."""
        if self.folder is None or self.keys.get(relative) != key:
            return False
        try:
            existing = self.folder / relative
            if stat.S_IMODE(existing.stat().st_mode) != 0o666 & ~_umask():
                return False  # written under another umask: a new file gets this one's
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.link(existing, destination)
        except OSError:
            return False  # another file system, or removed meanwhile: write it
        return True


def _check_free_space(out_dir: Path, tables: dict[str, pd.DataFrame]) -> None:
    # The tables in memory bound both files from above (Parquet compresses,
    # DuckDB stores about as much as the text), so this errs on the safe side.
    needed = sum(int(frame.memory_usage(deep=True).sum()) for frame in tables.values()) + _DATABASE_OVERHEAD
    free = shutil.disk_usage(out_dir).free
    if free < needed:
        raise PublishError(
            f"not enough free space in {out_dir} to write the new dataset: about {needed / 1e6:,.0f} MB needed, "
            f"{free / 1e6:,.0f} MB free; nothing was published and the previous outputs are untouched."
        )


def _reason(error: Exception) -> str:
    """The cause in a few words: the OS error's text, or the first line of a
    library's message (DuckDB appends a C++ stack trace to some)."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    text = str(error).strip().splitlines()
    first = text[0] if text else type(error).__name__
    if "No space left on device" in str(error) and "No space left" not in first:
        return f"{first} (no space left on device)"
    return first


def _discard(build: Path) -> None:
    shutil.rmtree(build, ignore_errors=True)
    fd = _building.pop(build, None)
    if fd is not None:
        os.close(fd)


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


def swap_in(out_dir: Path, build: Path) -> None:
    """Point ``out_dir/current`` at ``build`` in one rename, make sure the
    stable paths lead through it, then remove older builds that are not in
    progress (open files stay readable on POSIX until closed)."""
    with publish_lock(out_dir):
        try:
            _replace_with_link(out_dir, CURRENT, build.relative_to(out_dir))
        except OSError as error:
            _discard(build)
            raise PublishError(
                f"could not make {build} the current build: {_reason(error)}; nothing was published, the "
                f"previous outputs in {out_dir} are untouched and the new build's files were removed."
            ) from None
        # The commit point is behind: from here on the new build is published.
        for name in (PARQUET, DATABASE):
            _replace_with_link(out_dir, name, Path(CURRENT, name))
        # Builds from before ``current`` wrote the database beside it, as
        # .probation.duckdb.<pid>.tmp; one killed then left its file there.
        for stale in out_dir.glob(f".{DATABASE}.*.tmp*"):
            stale.unlink(missing_ok=True)
        _finish(build)
        _remove_other_builds(out_dir, keep=build)


def _replace_with_link(out_dir: Path, name: str, target: Path) -> None:
    link = out_dir / name
    # Made only under the publish lock, so one found here is a killed build's.
    staging_link = out_dir / f".{name}.tmp"
    staging_link.unlink(missing_ok=True)
    if link.is_symlink() and Path(os.readlink(link)) == target:
        return  # the stable links are made once and then never change
    if link.is_dir() and not link.is_symlink():
        # A real folder (copied in by hand, or from before these links) cannot
        # be replaced atomically by a link; it goes once, here.
        shutil.rmtree(link)
    staging_link.symlink_to(target)
    os.replace(staging_link, link)


def _finish(build: Path) -> None:
    (build / _IN_PROGRESS).unlink(missing_ok=True)
    os.close(_building.pop(build))


def _remove_other_builds(out_dir: Path, keep: Path) -> None:
    for build in (out_dir / BUILDS).iterdir():
        if build != keep and not _in_progress(build):
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
