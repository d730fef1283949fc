"""The annotated article sets the pipeline is measured on, and how each is
built and scored: the five seeds (a regression floor) and the development
set of real articles from other publishers (where errors are found).

A set's articles are built by the same in-process build as the dataset
itself, into the set's own outputs folder, so a score is always the score of
what the pipeline publishes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipelines.settings import DEFAULT_DEV_SET, DEFAULT_GOLD, PROJECT_ROOT

if TYPE_CHECKING:
    from pipelines.evaluation.scoring import Evaluation

# Where `probation-data eval` builds each set: never outputs/, which holds
# the dataset built from seeds/.
EVAL_OUTPUTS = PROJECT_ROOT / ".eval"


@dataclass(frozen=True)
class GoldSet:
    name: str
    docs: Path  # the articles
    gold: Path  # <document_id>.json per article, and providers.json

    @classmethod
    def in_folder(cls, name: str, folder: Path) -> GoldSet:
        """A set kept as one folder: docs/ beside gold/ (tests/gold/dev)."""
        return cls(name, folder / "docs", folder / "gold")


SEEDS_SET = GoldSet("seeds", PROJECT_ROOT / "seeds", DEFAULT_GOLD)
DEV_SET = GoldSet.in_folder("dev", DEFAULT_DEV_SET)
GOLD_SETS = {s.name: s for s in (SEEDS_SET, DEV_SET)}


class SetBuildFailed(RuntimeError):
    """The set's articles could not be built, so there is nothing to score."""


@dataclass
class SetResult:
    gold_set: GoldSet
    outputs: Path
    evaluation: Evaluation

    def gold_documents(self) -> list[dict]:
        from pipelines.evaluation.scoring import load_gold

        return load_gold(self.gold_set.gold)[0]


def build_set(gold_set: GoldSet, outputs: Path) -> Path:
    """Build the set's articles into ``outputs`` (reusing its extraction
    cache) and return the folder of its Parquet files."""
    from pipelines.build import build
    from pipelines.resources import PathsResource

    if not gold_set.docs.is_dir() or not gold_set.gold.is_dir():
        raise SetBuildFailed(
            f"the {gold_set.name} set needs its articles in {gold_set.docs} and its annotations in {gold_set.gold}"
        )
    outputs.mkdir(parents=True, exist_ok=True)
    paths = PathsResource(seeds_dir=str(gold_set.docs), outputs_dir=str(outputs), gold_dir=str(gold_set.gold))
    # Only warnings and errors: the scores are what the caller prints.
    result = build(paths, run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}})
    failed_checks = [e.check_name for e in result.get_asset_check_evaluations() if not e.passed]
    if not result.success or failed_checks:
        detail = f" (failed checks: {', '.join(failed_checks)})" if failed_checks else ""
        raise SetBuildFailed(f"the build of the {gold_set.name} set into {outputs} failed{detail}")
    return outputs / "parquet"


def build_and_evaluate(gold_set: GoldSet, outputs: Path | None = None) -> SetResult:
    from pipelines.evaluation.scoring import evaluate

    outputs = outputs or EVAL_OUTPUTS / gold_set.name
    return SetResult(gold_set, outputs, evaluate(build_set(gold_set, outputs), gold_set.gold))
