"""Swap finished outputs into place so readers never see half a build.

Parquet files are written into a fresh build folder under ``.builds/``;
``parquet`` is a symbolic link that is replaced in one rename. A build killed
half-way leaves only an orphan build folder, removed by the next build.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

BUILDS = ".builds"


def new_build_dir(out_dir: Path) -> Path:
    builds = out_dir / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="build-", dir=builds))


def swap_in(out_dir: Path, link_name: str, target: Path) -> Path:
    """Point ``out_dir/link_name`` at ``target`` atomically, then remove
    older builds (open files stay readable on POSIX until closed)."""
    link = out_dir / link_name
    if link.exists() and not link.is_symlink():
        # A real folder (copied in by hand, or from an older layout) cannot be
        # replaced atomically by a link; it goes once, here.
        shutil.rmtree(link)
    staging_link = out_dir / f".{link_name}.{os.getpid()}.tmp"
    if staging_link.is_symlink() or staging_link.exists():
        staging_link.unlink()
    staging_link.symlink_to(target.relative_to(out_dir))
    os.replace(staging_link, link)
    _remove_other_builds(out_dir, keep=target)
    return link


def _remove_other_builds(out_dir: Path, keep: Path) -> None:
    for build in (out_dir / BUILDS).iterdir():
        if not keep.resolve().is_relative_to(build.resolve()):
            shutil.rmtree(build, ignore_errors=True)


def replace_file(tmp: Path, final: Path) -> Path:
    os.replace(tmp, final)
    return final
