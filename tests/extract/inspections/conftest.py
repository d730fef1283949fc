"""Fixtures of the inspection extractor's tests."""

from __future__ import annotations

import pytest

from pipelines.extract.inspections import (
    extract_inspection_mentions,
)
from pipelines.extract.providers import find_provider_mentions
from pipelines.read.document import SourceDocument
from schemas.enums import INSPECTION_TYPES
from tests.documents import context


@pytest.fixture
def extract(nlp, gazetteer):
    def run(doc: SourceDocument):
        parsed = nlp(doc.text)
        found = extract_inspection_mentions(context(doc, parsed, gazetteer, find_provider_mentions(context(doc, parsed, gazetteer))))
        for m in found:
            assert doc.text[m.char_start : m.char_end] == m.text
            assert m.inspection_type in INSPECTION_TYPES
            for start, end in m.references:
                assert 0 <= start < end <= len(doc.text)
        return found

    return run
