"""The scoring rules of the gold README, on small hand-made tables."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from pipelines.evaluation.errors import list_errors, render_errors
from pipelines.evaluation.scoring import evaluate_tables


def _gold(tmp_path, documents, providers=()):
    for doc in documents:
        full = {"quotes": [], "metrics": [], "providers": [], "inspections": [], **doc}
        (tmp_path / f"{doc['document_id']}.json").write_text(json.dumps(full), encoding="utf-8")
    (tmp_path / "providers.json").write_text(json.dumps(list(providers)), encoding="utf-8")
    return tmp_path


def _tables(**frames):
    empty = {
        "quotes": pd.DataFrame(columns=["document_id", "text", "speaker"]),
        "metrics": pd.DataFrame(columns=["document_id", "value", "unit", "numerator", "text", "sentence"]),
        "providers": pd.DataFrame(columns=["provider_id", "name", "aliases", "provider_type", "mention_count"]),
        "inspections": pd.DataFrame(columns=["title", "published_date", "date_precision", "inspection_type",
                                             "document_ids"]),
    }
    return {**empty, **frames}


CARDIFF = {"name": "Cardiff Youth Offending Service", "aliases": ["Cardiff YOT"], "provider_type": "other"}
PROVIDERS = pd.DataFrame(
    [{"provider_id": "cardiff-yos", "name": "Cardiff Youth Offending Service", "aliases": ["Cardiff YOS"],
      "provider_type": "youth_offending_service", "mention_count": 1}]
)


def _rating(**overrides):
    return {"document_id": "d", "provider_id": "cardiff-yos", "area": "Cardiff", "standard": "overall",
            "rating": "inadequate", "text": "rated inadequate", **overrides}


def _gold_rating(**overrides):
    return {"provider": "Cardiff YOT", "area": "Cardiff", "standard": "overall", "rating": "inadequate",
            "text": "rated inadequate", "inspection_published": "2020-07", **overrides}


def test_a_rating_matches_by_value_standard_and_provider_alias(tmp_path):
    gold = _gold(tmp_path, [{"document_id": "d", "ratings": [_gold_rating()]}], [CARDIFF])
    ratings = pd.DataFrame([_rating(standard=None)])  # a null standard is "overall"
    score = evaluate_tables(_tables(providers=PROVIDERS, ratings=ratings), gold).score("ratings")
    assert (score.gold, score.predicted, score.matched) == (1, 1, 1)


@pytest.mark.parametrize(
    "predicted",
    [_rating(rating="good"), _rating(standard="leadership"), _rating(provider_id="other", area="Newport")],
)
def test_a_rating_with_another_value_standard_or_provider_does_not_match(tmp_path, predicted):
    gold = _gold(tmp_path, [{"document_id": "d", "ratings": [_gold_rating()]}], [CARDIFF])
    score = evaluate_tables(_tables(providers=PROVIDERS, ratings=pd.DataFrame([predicted])), gold).score("ratings")
    assert score.matched == 0


def test_a_rating_of_an_unregistered_service_matches_by_area_tokens(tmp_path):
    gold = _gold(tmp_path, [{"document_id": "d", "ratings": [_gold_rating(provider=None, area="Bury and Rochdale")]}])
    ratings = pd.DataFrame([_rating(provider_id=None, area="Bury and Rochdale youth offending service")])
    assert evaluate_tables(_tables(providers=PROVIDERS, ratings=ratings), gold).score("ratings").matched == 1


def test_ratings_are_scored_as_all_missed_when_the_build_has_no_ratings_table(tmp_path):
    gold = _gold(tmp_path, [{"document_id": "d", "ratings": [_gold_rating()]}], [CARDIFF])
    score = evaluate_tables(_tables(providers=PROVIDERS), gold).score("ratings")
    assert (score.gold, score.predicted, score.recall) == (1, 0, 0.0)


def test_nothing_to_find_and_nothing_found_has_no_score(tmp_path):
    gold = _gold(tmp_path, [{"document_id": "d", "ratings": []}])
    score = evaluate_tables(_tables(ratings=pd.DataFrame(columns=["document_id"])), gold).score("ratings")
    assert score.vacuous and score.formatted() == ("-", "-", "-") and score.as_dict()["f1"] is None


def test_the_error_list_names_misses_extras_and_wrong_speakers_with_their_text(tmp_path):
    gold = _gold(tmp_path, [{
        "document_id": "d",
        "quotes": [
            {"text": "The service is failing the public badly", "speaker": "Martin Jones", "speaker_type": "person"},
            {"text": "We will act on every recommendation made", "speaker": "HM Prison and Probation Service",
             "speaker_type": "organisation"},
        ],
        "metrics": [{"value": 9, "unit": "count", "text": "nine recommendations", "measure": "recommendations"}],
    }])
    quotes = pd.DataFrame([
        {"document_id": "d", "text": "The service is failing the public badly", "speaker": None},
        {"document_id": "d", "text": "An extra quotation nobody annotated here", "speaker": "Someone"},
    ])
    errors = list_errors(evaluate_tables(_tables(quotes=quotes), gold), [json.loads((gold / "d.json").read_text())])
    listed = {(e.table, e.kind): e.detail for e in errors}
    assert "We will act on every recommendation" in listed[("quotes", "missed")]
    assert "An extra quotation" in listed[("quotes", "extra")]
    assert "gold Martin Jones, predicted None" in listed[("attribution", "no speaker (gold person)")]
    assert '"nine recommendations"' in listed[("metrics", "missed count")]
    rendered = render_errors(errors)
    assert rendered.index("== d") < rendered.index("== kinds of error")
    assert "   1  quotes: missed" in rendered
