"""Score the built dataset against gold annotations.

The rules are those of the gold folder's README:
- quotes: same document, token-level F1 of normalised texts >= 0.8, one to
  one, greedily best first; attribution accuracy over matched quotes with a
  gold speaker: the predicted speaker's last token equals the gold speaker's
  (case-insensitive) or, for organisations, the last token of one of its
  aliases;
- metrics: same document, values within 0.5% and same unit (a ratio "x out of
  y" may also match a count of x), one to one;
- providers: dataset level, by normalised name or alias;
- inspections: dataset level, by published year-month when both have one,
  else by title token overlap.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

QUOTE_MATCH_F1 = 0.8
METRIC_TOLERANCE = 0.005
TITLE_OVERLAP = 0.5


@dataclass
class Score:
    table: str
    gold: int
    predicted: int
    matched: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {
            "table": self.table,
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Evaluation:
    scores: list[Score]
    attribution_accuracy: float
    attributed: int

    def as_dict(self) -> dict:
        return {
            "tables": {s.table: s.as_dict() for s in self.scores},
            "quotes_attribution_accuracy": round(self.attribution_accuracy, 4),
            "quotes_attributed": self.attributed,
        }

    def render(self) -> str:
        lines = [f"{'table':<12} {'gold':>5} {'pred':>5} {'match':>5} {'P':>6} {'R':>6} {'F1':>6}"]
        for s in self.scores:
            lines.append(
                f"{s.table:<12} {s.gold:>5} {s.predicted:>5} {s.matched:>5} "
                f"{s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}"
            )
        lines.append(f"quote attribution accuracy: {self.attribution_accuracy:.3f} (over {self.attributed} matched quotes)")
        return "\n".join(lines)


def tokens(text: str) -> list[str]:
    text = text.replace("’", "'").replace("‘", "'").lower()
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text)


def token_f1(a: str, b: str) -> float:
    ta, tb = Counter(tokens(a)), Counter(tokens(b))
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    p, r = common / sum(tb.values()), common / sum(ta.values())
    return 2 * p * r / (p + r)


def greedy_match(gold: Sequence, predicted: Sequence, similarity: Callable[[object, object], float], threshold: float):
    """One-to-one pairs, best similarity first."""
    candidates = sorted(
        ((similarity(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(predicted)),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_gold, used_pred, pairs = set(), set(), []
    for score, i, j in candidates:
        if score < threshold or i in used_gold or j in used_pred:
            continue
        used_gold.add(i)
        used_pred.add(j)
        pairs.append((gold[i], predicted[j]))
    return pairs


def _normal_name(name: str) -> str:
    return " ".join(tokens(name))


def _last_token(name: str | None) -> str | None:
    found = tokens(name or "")
    return found[-1] if found else None


def load_gold(gold_dir: Path) -> tuple[list[dict], list[dict]]:
    documents = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json")) if p.name != "providers.json"]
    providers_file = gold_dir / "providers.json"
    providers = json.loads(providers_file.read_text(encoding="utf-8")) if providers_file.exists() else []
    return documents, providers


def _aliases_by_name(gold_providers: list[dict]) -> dict[str, set[str]]:
    return {
        _normal_name(p["name"]): {_normal_name(a) for a in [p["name"], *p.get("aliases", [])]} for p in gold_providers
    }


def score_quotes(gold_docs: list[dict], quotes: pd.DataFrame, alias_map: dict[str, set[str]]) -> tuple[Score, float, int]:
    matched = correct = attributed = 0
    predicted_total = 0
    for doc in gold_docs:
        predicted = quotes[quotes["document_id"] == doc["document_id"]].to_dict("records")
        predicted_total += len(predicted)
        pairs = greedy_match(doc["quotes"], predicted, lambda g, p: token_f1(g["text"], p["text"]), QUOTE_MATCH_F1)
        matched += len(pairs)
        for g, p in pairs:
            if not g.get("speaker"):
                continue
            attributed += 1
            correct += _same_speaker(g["speaker"], g.get("speaker_type"), p.get("speaker"), alias_map)
    gold_total = sum(len(d["quotes"]) for d in gold_docs)
    return Score("quotes", gold_total, predicted_total, matched), (correct / attributed if attributed else 0.0), attributed


def _same_speaker(gold: str, gold_type: str | None, predicted: str | None, alias_map: dict[str, set[str]]) -> bool:
    last = _last_token(predicted)
    if last is None:
        return False
    if last == _last_token(gold):
        return True
    if gold_type == "organisation":
        return last in {_last_token(a) for a in alias_map.get(_normal_name(gold), set())}
    return False


def _metric_similarity(g: dict, p: dict) -> float:
    def close(a: float, b: float) -> bool:
        return abs(a - b) <= METRIC_TOLERANCE * max(abs(a), abs(b), 1e-9)

    if g["unit"] == p["unit"] and close(float(g["value"]), float(p["value"])):
        return 1.0
    if p["unit"] == "ratio" and g["unit"] == "count" and pd.notna(p.get("numerator")) and close(float(g["value"]), float(p["numerator"])):
        return 1.0
    if g["unit"] == "ratio" and p["unit"] == "count" and float(p["value"]) in _numbers_in(g.get("text", "")):
        return 1.0
    return 0.0


def _numbers_in(text: str) -> set[float]:
    return {float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}


def score_metrics(gold_docs: list[dict], metrics: pd.DataFrame) -> Score:
    matched = predicted_total = 0
    for doc in gold_docs:
        predicted = metrics[metrics["document_id"] == doc["document_id"]].to_dict("records")
        predicted_total += len(predicted)
        matched += len(greedy_match(doc["metrics"], predicted, _metric_similarity, 1.0))
    return Score("metrics", sum(len(d["metrics"]) for d in gold_docs), predicted_total, matched)


def score_providers(gold_docs: list[dict], providers: pd.DataFrame, alias_map: dict[str, set[str]]) -> Score:
    gold_names = sorted({_normal_name(n) for d in gold_docs for n in d["providers"]})
    mentioned = providers[providers["mention_count"] > 0]
    predicted = [
        {_normal_name(row["name"]), *(_normal_name(a) for a in row["aliases"])} for row in mentioned.to_dict("records")
    ]

    def similarity(gold: str, names: set[str]) -> float:
        return 1.0 if (alias_map.get(gold, {gold}) | {gold}) & names else 0.0

    return Score("providers", len(gold_names), len(predicted), len(greedy_match(gold_names, predicted, similarity, 1.0)))


def _gold_inspections(gold_docs: list[dict]) -> list[dict]:
    """One entry per distinct gold title, keeping the most precise date."""
    by_title: dict[str, dict] = {}
    for doc in gold_docs:
        for inspection in doc["inspections"]:
            seen = by_title.setdefault(inspection["title"], dict(inspection))
            if len(inspection.get("published_date") or "") > len(seen.get("published_date") or ""):
                seen["published_date"] = inspection["published_date"]
    return list(by_title.values())


def _year_month(value) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value)
    return text[:7] if re.match(r"^\d{4}-\d{2}", text) else None


def _inspection_similarity(g: dict, p: dict) -> float:
    g_month = _year_month(g.get("published_date"))
    p_month = _year_month(p["published_date"]) if p.get("date_precision") in ("day", "month") else None
    if g_month and p_month:
        return 1.0 if g_month == p_month else 0.0
    gt, pt = set(tokens(g["title"])), set(tokens(p["title"]))
    overlap = len(gt & pt) / min(len(gt), len(pt)) if gt and pt else 0.0
    if g.get("published_date") and p.get("published_date") is not None and pd.notna(p.get("published_date")):
        if str(g["published_date"])[:4] != str(p["published_date"])[:4]:
            return 0.0
    return overlap


def score_inspections(gold_docs: list[dict], inspections: pd.DataFrame) -> Score:
    gold = _gold_inspections(gold_docs)
    predicted = inspections.to_dict("records")
    pairs = greedy_match(gold, predicted, _inspection_similarity, TITLE_OVERLAP)
    return Score("inspections", len(gold), len(predicted), len(pairs))


def evaluate(parquet_dir: Path, gold_dir: Path) -> Evaluation:
    gold_docs, gold_providers = load_gold(gold_dir)
    alias_map = _aliases_by_name(gold_providers)
    tables = {
        name: pd.read_parquet(parquet_dir / f"{name}.parquet")
        for name in ("quotes", "metrics", "providers", "inspections")
    }
    quote_score, accuracy, attributed = score_quotes(gold_docs, tables["quotes"], alias_map)
    return Evaluation(
        scores=[
            quote_score,
            score_metrics(gold_docs, tables["metrics"]),
            score_providers(gold_docs, tables["providers"], alias_map),
            score_inspections(gold_docs, tables["inspections"]),
        ],
        attribution_accuracy=accuracy,
        attributed=attributed,
    )
