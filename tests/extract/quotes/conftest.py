"""Fixtures of the quotation extractor's tests: the model, the gazetteer, a runner."""

from __future__ import annotations

import pytest

from pipelines.extract.nlp import load_nlp
from pipelines.extract.providers import load_gazetteer
from pipelines.extract.quotes import QuoteCandidate, extract_quotes
from pipelines.read.document import Section
from tests.documents import context
from tests.extract.quotes.helpers import make_document


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()




@pytest.fixture
def quotes(nlp, gazetteer):
    def run(text: str, sections: list[Section] | None = None, title: str = "") -> list[QuoteCandidate]:
        document = make_document(text, sections, title)
        found = extract_quotes(context(document, nlp(text), gazetteer, gazetteer.find_mentions(text)))
        for quote in found:
            assert text[quote.char_start : quote.char_end] == quote.text
        return found

    return run
