"""Score a built dataset against gold annotations.

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
  else by title token overlap;
- ratings: same document, one to one: equal rating values, equal standards
  after lower-casing ("overall", empty and null are the same), and the
  provider matched by canonical name or alias (by area tokens when the gold
  provider is null).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipelines.evaluation.matching import (
    Matching,
    greedy_match,
    is_missing,
    last_token,
    normal_name,
    token_f1,
    tokens,
)

QUOTE_MATCH_F1 = 0.8
METRIC_TOLERANCE = 0.005
TITLE_OVERLAP = 0.5
SCORED_TABLES = ("quotes", "metrics", "providers", "inspections", "ratings")
# Tables read besides the scored ones: names of predicted providers and speakers.
_LOOKUP_TABLES = ("providers", "provider_mentions")


@dataclass
class Score:
    table: str
    gold: int
    predicted: int
    matched: int

    @property
    def vacuous(self) -> bool:
        """Nothing to find and nothing found: no score means anything."""
        return self.gold == 0 and self.predicted == 0

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

    def formatted(self) -> tuple[str, str, str]:
        """Precision, recall and F1 to three places, '-' when vacuous."""
        if self.vacuous:
            return "-", "-", "-"
        return f"{self.precision:.3f}", f"{self.recall:.3f}", f"{self.f1:.3f}"

    def as_dict(self) -> dict:
        undefined = self.vacuous
        return {
            "table": self.table,
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "precision": None if undefined else round(self.precision, 4),
            "recall": None if undefined else round(self.recall, 4),
            "f1": None if undefined else round(self.f1, 4),
        }


def _score(table: str, matchings: list[Matching]) -> Score:
    return Score(
        table,
        gold=sum(len(m.gold) for m in matchings),
        predicted=sum(len(m.predicted) for m in matchings),
        matched=sum(len(m.pairs) for m in matchings),
    )


@dataclass
class Attribution:
    """A matched quote with a gold speaker, and whether the speaker agrees."""

    document_id: str
    gold: dict
    predicted: dict
    correct: bool


@dataclass
class Evaluation:
    scores: list[Score]
    attribution_accuracy: float
    attributed: int
    # What the scores are made of, for the error listing.
    matchings: list[Matching] = field(default_factory=list, repr=False)
    attributions: list[Attribution] = field(default_factory=list, repr=False)

    def score(self, table: str) -> Score | None:
        return next((s for s in self.scores if s.table == table), None)

    def as_dict(self) -> dict:
        return {
            "tables": {s.table: s.as_dict() for s in self.scores},
            "quotes_attribution_accuracy": round(self.attribution_accuracy, 4),
            "quotes_attributed": self.attributed,
        }

    def render(self) -> str:
        lines = [f"{'table':<12} {'gold':>5} {'pred':>5} {'match':>5} {'P':>6} {'R':>6} {'F1':>6}"]
        for s in self.scores:
            p, r, f = s.formatted()
            lines.append(f"{s.table:<12} {s.gold:>5} {s.predicted:>5} {s.matched:>5} {p:>6} {r:>6} {f:>6}")
        lines.append(
            f"quote attribution accuracy: {self.attribution_accuracy:.3f} (over {self.attributed} matched quotes)"
        )
        return "\n".join(lines)


# --- gold ---------------------------------------------------------------------


def load_gold(gold_dir: Path) -> tuple[list[dict], list[dict]]:
    documents = [
        json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json")) if p.name != "providers.json"
    ]
    providers_file = gold_dir / "providers.json"
    providers = json.loads(providers_file.read_text(encoding="utf-8")) if providers_file.exists() else []
    return documents, providers


def gold_document_ids(gold_dir: Path) -> set[str]:
    """The articles the gold annotates."""
    documents, _providers = load_gold(gold_dir)
    return {document["document_id"] for document in documents}


def aliases_by_name(gold_providers: list[dict]) -> dict[str, set[str]]:
    """Any normalised spelling of a provider (its canonical name or an
    alias) -> every normalised spelling of it."""
    spellings: dict[str, set[str]] = {}
    for provider in gold_providers:
        names = {normal_name(a) for a in [provider["name"], *provider.get("aliases", [])]}
        for name in names:
            spellings.setdefault(name, set()).update(names)
    return spellings


def _rows_of(frame: pd.DataFrame, document_id: str) -> list[dict]:
    return frame[frame["document_id"] == document_id].to_dict("records")


# --- quotes -------------------------------------------------------------------


def match_quotes(gold_docs: list[dict], quotes: pd.DataFrame) -> list[Matching]:
    return [
        greedy_match(
            "quotes",
            doc["document_id"],
            doc["quotes"],
            _rows_of(quotes, doc["document_id"]),
            lambda g, p: token_f1(g["text"], p["text"]),
            QUOTE_MATCH_F1,
        )
        for doc in gold_docs
    ]


def attributions(matchings: list[Matching], alias_map: dict[str, set[str]]) -> list[Attribution]:
    return [
        Attribution(
            m.document_id,
            g,
            p,
            same_speaker(g["speaker"], g.get("speaker_type"), p.get("speaker"), alias_map),
        )
        for m in matchings
        for g, p in m.matched()
        if g.get("speaker")
    ]


def same_speaker(gold: str, gold_type: str | None, predicted: str | None, alias_map: dict[str, set[str]]) -> bool:
    last = last_token(None if is_missing(predicted) else predicted)
    if last is None:
        return False
    if last == last_token(gold):
        return True
    if gold_type == "organisation":
        return last in {last_token(a) for a in alias_map.get(normal_name(gold), set())}
    return False


# --- metrics ------------------------------------------------------------------


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= METRIC_TOLERANCE * max(abs(a), abs(b), 1e-9)


def _numbers_in(text: str) -> set[float]:
    return {float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}


def _metric_similarity(g: dict, p: dict) -> float:
    if g["unit"] == p["unit"] and _close(float(g["value"]), float(p["value"])):
        return 1.0
    if p["unit"] == "ratio" and g["unit"] == "count" and not is_missing(p.get("numerator")):
        return 1.0 if _close(float(g["value"]), float(p["numerator"])) else 0.0
    if g["unit"] == "ratio" and p["unit"] == "count" and float(p["value"]) in _numbers_in(g.get("text", "")):
        return 1.0
    return 0.0


def match_metrics(gold_docs: list[dict], metrics: pd.DataFrame) -> list[Matching]:
    return [
        greedy_match("metrics", doc["document_id"], doc["metrics"], _rows_of(metrics, doc["document_id"]),
                     _metric_similarity, 1.0)
        for doc in gold_docs
    ]


# --- providers ----------------------------------------------------------------


def _provider_names(row: dict) -> set[str]:
    return {normal_name(row["name"]), *(normal_name(a) for a in row["aliases"])}


def match_providers(gold_docs: list[dict], providers: pd.DataFrame, alias_map: dict[str, set[str]]) -> Matching:
    gold_names = sorted({normal_name(n) for d in gold_docs for n in d["providers"]})
    predicted = providers[providers["mention_count"] > 0].to_dict("records")

    def similarity(gold: str, row: dict) -> float:
        return 1.0 if (alias_map.get(gold, {gold}) | {gold}) & _provider_names(row) else 0.0

    return greedy_match("providers", None, gold_names, predicted, similarity, 1.0)


# --- inspections --------------------------------------------------------------


def gold_inspections(gold_docs: list[dict]) -> list[dict]:
    """One entry per distinct gold title, keeping the most precise date and
    the documents that name it."""
    by_title: dict[str, dict] = {}
    for doc in gold_docs:
        for inspection in doc["inspections"]:
            seen = by_title.setdefault(inspection["title"], {**inspection, "document_ids": []})
            seen["document_ids"].append(doc["document_id"])
            if len(inspection.get("published_date") or "") > len(seen.get("published_date") or ""):
                seen["published_date"] = inspection["published_date"]
    return list(by_title.values())


def _year_month(value) -> str | None:
    if is_missing(value):
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
    if g.get("published_date") and not is_missing(p.get("published_date")):
        if str(g["published_date"])[:4] != str(p["published_date"])[:4]:
            return 0.0
    return overlap


def match_inspections(gold_docs: list[dict], inspections: pd.DataFrame) -> Matching:
    return greedy_match(
        "inspections", None, gold_inspections(gold_docs), inspections.to_dict("records"),
        _inspection_similarity, TITLE_OVERLAP,
    )


# --- ratings ------------------------------------------------------------------


def _standard(value) -> str:
    text = "" if is_missing(value) else str(value).strip().lower()
    return "overall" if text in ("", "overall") else text


def _rating_similarity(alias_map: dict[str, set[str]], names_of: dict[str, set[str]]):
    def similarity(g: dict, p: dict) -> float:
        if g["rating"] != p["rating"] or _standard(g.get("standard")) != _standard(p.get("standard")):
            return 0.0
        predicted_names = set() if is_missing(p.get("provider_id")) else names_of.get(p["provider_id"], set())
        if g.get("provider"):
            gold = normal_name(g["provider"])
            return 1.0 if (alias_map.get(gold, set()) | {gold}) & predicted_names else 0.0
        area = set(tokens(g.get("area") or ""))
        seen = set(tokens("" if is_missing(p.get("area")) else p["area"]))
        for name in predicted_names:
            seen |= set(name.split())
        return 1.0 if area and area <= seen else 0.0

    return similarity


def match_ratings(
    gold_docs: list[dict], ratings: pd.DataFrame, providers: pd.DataFrame, alias_map: dict[str, set[str]]
) -> list[Matching]:
    names_of = {row["provider_id"]: _provider_names(row) for row in providers.to_dict("records")}
    similarity = _rating_similarity(alias_map, names_of)
    return [
        greedy_match("ratings", doc["document_id"], doc.get("ratings", []), _rows_of(ratings, doc["document_id"]),
                     similarity, 1.0)
        for doc in gold_docs
    ]


# --- the whole evaluation -------------------------------------------------------


def read_tables(parquet_dir: Path) -> dict[str, pd.DataFrame]:
    """The scored tables of a build; a table the build does not have (the
    ratings before they existed) is absent from the result."""
    return {
        name: pd.read_parquet(parquet_dir / f"{name}.parquet")
        for name in (*SCORED_TABLES, *_LOOKUP_TABLES)
        if (parquet_dir / f"{name}.parquet").exists()
    }


def evaluate_tables(tables: dict[str, pd.DataFrame], gold_dir: Path) -> Evaluation:
    gold_docs, gold_providers = load_gold(gold_dir)
    alias_map = aliases_by_name(gold_providers)
    quotes = match_quotes(gold_docs, tables["quotes"])
    metrics = match_metrics(gold_docs, tables["metrics"])
    providers = match_providers(gold_docs, tables["providers"], alias_map)
    inspections = match_inspections(gold_docs, tables["inspections"])
    matchings = [*quotes, *metrics, providers, inspections]
    scores = [_score("quotes", quotes), _score("metrics", metrics), _score("providers", [providers]),
              _score("inspections", [inspections])]
    has_gold_ratings = any("ratings" in doc for doc in gold_docs)
    if "ratings" in tables or has_gold_ratings:
        ratings_frame = tables.get("ratings", pd.DataFrame(columns=["document_id", "provider_id", "rating"]))
        ratings = match_ratings(gold_docs, ratings_frame, tables["providers"], alias_map)
        matchings += ratings
        scores.append(_score("ratings", ratings))
    attributed = attributions(quotes, alias_map)
    correct = sum(a.correct for a in attributed)
    return Evaluation(
        scores=scores,
        attribution_accuracy=correct / len(attributed) if attributed else 0.0,
        attributed=len(attributed),
        matchings=matchings,
        attributions=attributed,
    )


def evaluate(parquet_dir: Path, gold_dir: Path) -> Evaluation:
    return evaluate_tables(read_tables(parquet_dir), gold_dir)
