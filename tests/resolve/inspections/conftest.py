"""The inspection extractor fixture, shared with tests/extract/inspections."""

from tests.extract.inspections.conftest import extract  # noqa: F401
