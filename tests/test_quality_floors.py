"""The quality floor: each annotated set is built as `make eval` builds it
and must score at least the figures committed in quality_floors.json. The
floors only ever go up: raise them when a change raises a score."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.evaluation.sets import GOLD_SETS, build_and_evaluate

FLOORS = json.loads((Path(__file__).parent / "quality_floors.json").read_text(encoding="utf-8"))
# Scores are rounded to four places when committed.
TOLERANCE = 1e-4


@pytest.fixture(scope="module", params=sorted(name for name in FLOORS if not name.startswith("_")))
def scored(request, tmp_path_factory):
    name = request.param
    return name, build_and_evaluate(GOLD_SETS[name], tmp_path_factory.mktemp(f"eval-{name}")).evaluation


def test_no_table_scores_below_its_floor(scored):
    name, evaluation = scored
    below = []
    for table, floor in FLOORS[name]["f1"].items():
        score = evaluation.score(table)
        assert score is not None, f"the {name} set has no {table} score"
        if score.f1 < floor - TOLERANCE:
            below.append(f"{table} F1 {score.f1:.4f} < floor {floor}")
    assert not below, f"{name} set: " + "; ".join(below) + " (run `probation-data eval --errors --set " + name + "`)"


def test_quote_attribution_is_not_below_its_floor(scored):
    name, evaluation = scored
    floor = FLOORS[name]["quote_attribution"]
    assert evaluation.attribution_accuracy >= floor - TOLERANCE, (
        f"{name} set: quote attribution {evaluation.attribution_accuracy:.4f} < floor {floor}"
    )


def test_every_scored_table_has_a_floor(scored):
    name, evaluation = scored
    unfloored = {s.table for s in evaluation.scores if not s.vacuous} - set(FLOORS[name]["f1"])
    assert not unfloored, f"{name} set: add floors for {sorted(unfloored)} to quality_floors.json"
