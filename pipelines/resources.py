"""Where the pipeline reads and writes: one base folder each, from the
environment or the CLI, so the same assets run on any machine.

The seeds folder and the extraction store may be URIs (s3://, gs://,
az://, with the fsspec package for that store installed) as well as local
folders, so workers on several machines can read one seeds bucket and share
one store of extractions; the outputs folder is local, because DuckDB and
the atomic swap of published files need a file system (see docs/SCALING.md)."""

from __future__ import annotations

import ctypes
import gc
import os
import pickle
import uuid
from pathlib import Path

import dagster as dg
from pydantic import PrivateAttr
from upath import UPath

from pipelines import settings



class PathsResource(dg.ConfigurableResource):
    """The seeds folder read and the outputs folder written."""

    seeds_dir: str
    outputs_dir: str
    max_mb: float = 5.0
    # Gold annotations to score every build against; empty for none.
    gold_dir: str = ""
    # Where per-document extractions are stored; empty for outputs/.cache/extractions.
    cache_dir: str = ""
    # A second annotated set (docs/ and gold/ of other articles) built on its
    # own and scored beside the build, so the UI shows both; empty for none.
    dev_set_dir: str = ""
    # Whether a build in which no document could be used may replace the
    # published dataset with an empty one (by default it publishes nothing).
    allow_empty: bool = False

    @property
    def seeds(self) -> Path:
        return UPath(self.seeds_dir)

    @property
    def outputs(self) -> Path:
        if "://" in self.outputs_dir:
            raise ValueError(
                f"The outputs folder must be a local folder, not {self.outputs_dir}: the DuckDB file and the "
                f"atomic swap of published files need a file system. Put the extraction store in object "
                f"storage with {settings.CACHE_ENV} instead, and copy releases to it once published."
            )
        return Path(self.outputs_dir)

    @property
    def cache(self) -> Path:
        """Per-document extractions, kept between builds so a rebuild parses only what changed."""
        return UPath(self.cache_dir) if self.cache_dir else self.outputs / ".cache" / "extractions"

    @property
    def step_outputs(self) -> Path:
        """What each step hands the next (the corpus list, the tables before
        they are published), written by Dagster's IO manager."""
        return self.outputs / ".cache" / "steps"

    @property
    def gold(self) -> Path | None:
        return Path(self.gold_dir) if self.gold_dir else None

    @property
    def dev_set(self) -> Path | None:
        return Path(self.dev_set_dir) if self.dev_set_dir else None

    @property
    def max_bytes(self) -> int:
        return int(self.max_mb * 1024 * 1024)


def default_paths() -> PathsResource:
    return PathsResource(
        seeds_dir=settings.default_seeds_dir(),
        outputs_dir=settings.default_outputs_dir(),
        max_mb=settings.default_max_mb(),
        gold_dir=settings.default_gold_dir(),
        cache_dir=os.environ.get(settings.CACHE_ENV, ""),
        dev_set_dir=settings.default_dev_set_dir(),
    )


RELEASE_BEFORE_BYTES = 8 * 1024 * 1024


class StepOutputs(dg.ConfigurableIOManager):
    """Each asset's output pickled to ``base_dir/<asset key>`` and read back
    by the steps that need it, so a run holds one step's data at a time
    (an in-process run would otherwise keep every output in memory)."""

    base_dir: str
    _released_for: object = PrivateAttr(default_factory=object)  # the step memory was last given back before

    @classmethod
    def of(cls, paths: PathsResource) -> StepOutputs:
        return cls(base_dir=str(paths.step_outputs))

    def _path(self, asset_key: dg.AssetKey) -> Path:
        return Path(self.base_dir, *asset_key.path)

    def read(self, asset_key: dg.AssetKey):
        with self._path(asset_key).open("rb") as handle:
            return pickle.load(handle)

    def handle_output(self, context: dg.OutputContext, obj) -> None:
        path = self._path(context.asset_key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: a killed run never leaves half an output.
        temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
        try:
            with temporary.open("wb") as handle:
                pickle.dump(obj, handle, protocol=pickle.HIGHEST_PROTOCOL)
            temporary.replace(path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise

    def load_input(self, context: dg.InputContext):
        # The previous step's data is garbage by now; before a step's first
        # large load, give it back to the system, or the process keeps the
        # largest step's memory for the rest of the run. A full collection
        # costs a fraction of a second at 10,000 articles: too much to pay
        # before every small load, or again before a step's other inputs
        # (the ones it loaded already are in use, not garbage).
        step = getattr(context, "step_key", None)
        if self._released_for != step and self._path(context.asset_key).stat().st_size >= RELEASE_BEFORE_BYTES:
            _release_memory()
            self._released_for = step
        return self.read(context.asset_key)


def _release_memory() -> None:
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)  # glibc keeps freed memory otherwise
    except (AttributeError, OSError):
        pass  # not glibc (macOS, musl): nothing to trim
