"""The rating vocabulary: the reference data documents itself and feeds the schema."""

from __future__ import annotations

from pipelines.extract.ratings.vocabulary import vocabulary
from pipelines.refdata import load_refdata
from schemas.enums import RATINGS, STANDARDS


def test_the_reference_data_documents_itself_and_feeds_the_schema():
    data = load_refdata("ratings")
    assert data["version"]
    assert tuple(data["ratings"]) == RATINGS == ("outstanding", "good", "requires_improvement", "inadequate")
    assert STANDARDS == ("overall", *(entry["label"] for entry in data["standards"]))
    assert vocabulary().rating_of["require improvement"] == "requires_improvement"
