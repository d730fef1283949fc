"""The rating vocabulary: every spelling of the reference data compiled, as the schema's values."""

from __future__ import annotations

from pipelines.extract.ratings.vocabulary import vocabulary
from pipelines.refdata.ratings import ratings_data
from schemas.enums import RATINGS, STANDARDS


def test_the_reference_data_documents_itself_and_feeds_the_schema():
    data = ratings_data()
    assert data.version
    assert tuple(data.ratings) == RATINGS == ("outstanding", "good", "requires_improvement", "inadequate")
    assert STANDARDS == ("overall", *data.standard_labels)
    assert vocabulary().rating_of["require improvement"] == "requires_improvement"
    assert set(vocabulary().rating_of.values()) == set(RATINGS)
    assert {label for _pattern, label in vocabulary().standards} == set(STANDARDS) - {"overall"}
