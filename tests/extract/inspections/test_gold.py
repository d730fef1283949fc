"""The seeds' inspections against the gold annotations."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from pipelines.extract.inspections import extract_inspection_mentions
from pipelines.extract.providers import find_provider_mentions
from pipelines.resolve.inspections import merge_inspections
from tests.documents import context
from tests.extract.inspections.helpers import GOLD, SEEDS

# --- the seeds against the gold ------------------------------------------------------


@pytest.fixture(scope="module")
def seed_rows(nlp, gazetteer):
    from pipelines.read.document import build_document

    by_document = {}
    for path in sorted(SEEDS.glob("*.txt")):
        doc, _ = build_document(path.stem, path.name, path.read_bytes())
        parsed = nlp(doc.text)
        by_document[path.stem] = extract_inspection_mentions(context(doc, parsed, gazetteer, find_provider_mentions(context(doc, parsed, gazetteer))))
    return merge_inspections(by_document)[0]


def _tokens(title: str) -> set[str]:
    stop = {"the", "of", "a", "an", "and", "in", "on", "into", "to", "for"}
    return {w for w in re.findall(r"[a-z0-9]+", title.lower().replace("&", " and ")) if w not in stop}


def test_seed_inspections_match_the_gold(seed_rows):
    gold: dict[str, dict] = {}
    for path in sorted(GOLD.glob("0*.json")):
        for inspection in json.loads(path.read_text())["inspections"]:
            row = gold.setdefault(inspection["title"], dict(inspection))
            if len(inspection["published_date"] or "") > len(row["published_date"] or ""):
                row["published_date"] = inspection["published_date"]
    pairs = []
    for i, row in enumerate(seed_rows):
        ym = row["published_date"].isoformat()[:7] if row["date_precision"] in ("day", "month") else None
        for j, g in enumerate(gold.values()):
            gym = (g["published_date"] or "")[:7] if len(g["published_date"] or "") >= 7 else None
            if ym and gym:
                score = float(ym == gym)
            else:
                a, b = _tokens(row["title"]), _tokens(g["title"])
                score = len(a & b) / len(a | b) if a | b else 0.0
                score = score if score >= 0.3 else 0.0
            if score:
                pairs.append((score, i, j))
    used_rows, used_gold = set(), set()
    for _, i, j in sorted(pairs, reverse=True):
        if i not in used_rows and j not in used_gold:
            used_rows.add(i)
            used_gold.add(j)
    precision, recall = len(used_rows) / len(seed_rows), len(used_gold) / len(gold)
    assert 2 * precision * recall / (precision + recall) >= 0.9


def test_the_north_london_report_is_one_row_from_four_seeds(seed_rows):
    north = [r for r in seed_rows if r["area"] == "North London"]
    assert len(north) == 1
    assert len(north[0]["document_ids"]) == 4
    assert (north[0]["published_date"], north[0]["date_precision"]) == (date(2016, 12, 15), "day")
    assert "london-crc" in north[0]["provider_ids"]
    # The 2018 re-inspection of the same provider is a different row.
    assert any(r["published_date"] == date(2018, 2, 8) for r in seed_rows if r is not north[0])


def test_an_inspected_provider_exists_at_the_inspections_date(seed_rows):
    north = next(r for r in seed_rows if r["area"] == "North London")
    assert "london-probation-trust" not in north["provider_ids"]  # abolished in 2014
    assert "london-crc" in north["provider_ids"]
