"""The errors behind the scores, as a developer works from them: per
document, what was missed, what was extra and which matched quotes have the
wrong speaker, each with its text; then the dataset-level tables (providers,
inspections); then how often each kind of error occurs."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import pandas as pd

from pipelines.evaluation.matching import Matching, is_missing, normal_name
from pipelines.evaluation.scoring import Evaluation


@dataclass(frozen=True)
class Error:
    document_id: str | None
    table: str
    kind: str  # e.g. "missed", "extra", "wrong speaker"
    detail: str  # what a reader needs to find it: the text, the value, the speakers

    @property
    def category(self) -> str:
        return f"{self.table}: {self.kind}"


def _text(value: object, width: int = 140) -> str:
    text = "" if is_missing(value) else " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _value(row: dict) -> str:
    value = float(row["value"])
    shown = f"{value:g}"
    return f"{shown} {row['unit']}"


def _quote_errors(m: Matching) -> list[Error]:
    return [
        *(Error(m.document_id, "quotes", "missed", f'"{_text(g["text"])}" (speaker {g.get("speaker")})')
          for g in m.missed()),
        *(Error(m.document_id, "quotes", "extra", f'"{_text(p["text"])}" (speaker {p.get("speaker")})')
          for p in m.extra()),
    ]


def _metric_errors(m: Matching) -> list[Error]:
    return [
        *(Error(m.document_id, "metrics", f"missed {g['unit']}", f'{_value(g)} "{_text(g.get("text"))}" '
                                                                 f'[{g.get("measure")}]') for g in m.missed()),
        *(Error(m.document_id, "metrics", f"extra {p['unit']}", f'{_value(p)} "{_text(p["text"])}" '
                                                                f'in "{_text(p.get("sentence"), 100)}"')
          for p in m.extra()),
    ]


def _rating_errors(m: Matching) -> list[Error]:
    def describe(row: dict, provider_key: str) -> str:
        who = row.get(provider_key) if not is_missing(row.get(provider_key)) else row.get("area")
        return f'{row["rating"]} ({row.get("standard") or "overall"}) for {who}: "{_text(row.get("text"))}"'

    return [
        *(Error(m.document_id, "ratings", "missed", describe(g, "provider")) for g in m.missed()),
        *(Error(m.document_id, "ratings", "extra", describe(p, "provider_id")) for p in m.extra()),
    ]


def _provider_kind(name: str) -> str:
    """A coarse kind from the canonical name, to count misses by kind."""
    lowered = name.lower()
    for word, kind in (
        ("pdu", "pdu"),
        ("youth", "youth_offending_service"),
        ("region", "region"),
        ("crc", "crc"),
        ("community rehabilitation", "crc"),
        ("probation trust", "probation_trust"),
        ("division", "nps_division"),
        ("national probation service", "nps"),
        ("probation service", "probation_service"),
    ):
        if word in lowered:
            return kind
    return "other"


def _provider_errors(m: Matching, gold_docs: list[dict], mentions: pd.DataFrame | None) -> list[Error]:
    documents_of: dict[str, list[str]] = defaultdict(list)
    for doc in gold_docs:
        for name in doc["providers"]:
            documents_of[normal_name(name)].append(doc["document_id"])
    errors = [
        Error(None, "providers", f"missed {_provider_kind(g)}", f"{g} (in {', '.join(sorted(set(documents_of[g])))})")
        for g in m.missed()
    ]
    for p in m.extra():
        found = mentions[mentions["provider_id"] == p["provider_id"]] if mentions is not None else pd.DataFrame()
        where = "; ".join(f'{r["document_id"]}: "{_text(r["text"], 60)}"' for r in found.head(3).to_dict("records"))
        errors.append(Error(None, "providers", f"extra {p['provider_type']}", f"{p['name']} ({where})"))
    return errors


def _date(row: dict) -> str:
    value = row.get("published_date")
    return "undated" if is_missing(value) else str(value)[:10]


def _inspection_errors(m: Matching) -> list[Error]:
    errors = [
        Error(None, "inspections", "missed", f"{g['title']} [{_date(g)}] (in {', '.join(g['document_ids'])})")
        for g in m.missed()
    ]
    for p in m.extra():
        dated = "undated" if is_missing(p.get("published_date")) else "dated"
        errors.append(Error(None, "inspections", f"extra {dated} {p['inspection_type']}",
                            f"{p['title']} [{_date(p)}] (in {', '.join(p['document_ids'])})"))
    return errors


def list_errors(evaluation: Evaluation, gold_docs: list[dict], mentions: pd.DataFrame | None = None) -> list[Error]:
    by_table = {"quotes": _quote_errors, "metrics": _metric_errors, "ratings": _rating_errors,
                "inspections": _inspection_errors}
    errors: list[Error] = []
    for m in evaluation.matchings:
        if m.table == "providers":
            errors += _provider_errors(m, gold_docs, mentions)
        else:
            errors += by_table[m.table](m)
    for a in evaluation.attributions:
        if not a.correct:
            predicted = a.predicted.get("speaker")
            kind = "no speaker" if is_missing(predicted) else "other speaker"
            errors.append(Error(a.document_id, "attribution", f"{kind} (gold {a.gold.get('speaker_type')})",
                                f'"{_text(a.gold["text"], 100)}": gold {a.gold["speaker"]}, predicted {predicted}'))
    return errors


def render_errors(errors: list[Error]) -> str:
    """Per document first (in document order), then the dataset-level
    tables, then the count of each kind of error, most frequent first."""
    lines: list[str] = []
    by_document: dict[str | None, list[Error]] = defaultdict(list)
    for error in errors:
        by_document[error.document_id].append(error)
    for document_id in sorted(d for d in by_document if d is not None):
        lines.append(f"== {document_id}")
        lines += [f"  {e.table:<12} {e.kind:<30} {e.detail}" for e in by_document[document_id]]
    if by_document.get(None):
        lines.append("== dataset level")
        lines += [f"  {e.table:<12} {e.kind:<30} {e.detail}" for e in by_document[None]]
    lines.append("== kinds of error, most frequent first")
    for category, count in sorted(Counter(e.category for e in errors).items(), key=lambda c: (-c[1], c[0])):
        lines.append(f"  {count:>4}  {category}")
    return "\n".join(lines)
