"""refdata/ratings.yaml's typed loader: the fields as types, and a clear error
naming the file and the field when one is wrong."""

from __future__ import annotations

import pytest

from pipelines.refdata import ratings
from schemas.enums import RATINGS, STANDARDS


@pytest.fixture
def yaml_as(monkeypatch):
    """Make the loader read ``data`` in place of the file."""

    def use(data):
        monkeypatch.setattr(ratings, "load_refdata", lambda name: data)
        ratings.ratings_data.cache_clear()

    yield use
    ratings.ratings_data.cache_clear()


def test_the_file_feeds_the_schema_vocabularies():
    data = ratings.ratings_data()
    assert data.version and data.scale_from >= 2000
    assert tuple(data.ratings) == RATINGS
    assert STANDARDS == ("overall", *data.standard_labels)
    assert all(s.spellings and all(isinstance(w, str) for w in s.spellings) for s in data.standards)
    assert all(nouns.phrases and nouns.provider_types for nouns in data.body_nouns.values())


def test_a_missing_field_is_named_with_the_file(yaml_as):
    yaml_as({"version": "9.9.9", "scale_from": 2018})
    with pytest.raises(ValueError, match=r"refdata/ratings\.yaml: the field 'unrated_types' is missing"):
        ratings.ratings_data()


def test_a_word_list_written_as_one_string_is_refused(yaml_as):
    yaml_as({"version": "9.9.9", "scale_from": 2018, "unrated_types": "crc"})
    with pytest.raises(ValueError, match=r"refdata/ratings\.yaml: 'unrated_types' must be a list"):
        ratings.ratings_data()
