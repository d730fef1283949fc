"""The ratings fixtures, shared with tests/extract/ratings."""

from tests.extract.ratings.conftest import extract, ratings, register  # noqa: F401
