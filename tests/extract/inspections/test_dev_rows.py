"""Over the development set's real articles: every inspection row keeps the
evidence of one report, and every title is built from the identity (issue 17)."""

from __future__ import annotations

import re

import pytest

from pipelines.extract.inspections import extract_inspection_mentions
from pipelines.extract.providers import find_provider_mentions
from pipelines.read.document import build_document
from pipelines.resolve.inspections import merge_inspections
from tests.documents import context
from tests.extract.inspections.helpers import GOLD

DEV_DOCS = GOLD / "dev" / "docs"

# The series' title forms make_title builds from type, subject or theme and year.
SERIES_TITLE = re.compile(
    r"^(?:An inspection of (?:probation services in: |youth offending services in )?\S.*"
    r"|Annual report(?:: inspection of youth offending services)?(?: \((?:19|20)\d\d\)| (?:19|20)\d\d(?:–\d\d)?)?"
    r"|(?:Joint thematic|Thematic) inspection(?:: \S.*)?"
    r"|Follow-up inspection(?:: \S.*)?"
    r"|Independent serious further offence review(?:: \S.*)?"
    r"|HM Inspectorate of (?!Probation)[A-Z][\w ]+ inspection: \S.*"
    r"|Inspection: \S.*)$"
)


@pytest.fixture(scope="module")
def dev(nlp, gazetteer):
    documents, by_document = {}, {}
    for path in sorted(DEV_DOCS.glob("*.txt")):
        doc, _ = build_document(path.stem, path.name, path.read_bytes())
        parsed = nlp(doc.text)
        documents[doc.document_id] = doc
        by_document[doc.document_id] = extract_inspection_mentions(
            context(doc, parsed, gazetteer, find_provider_mentions(context(doc, parsed, gazetteer))))
    rows = merge_inspections(by_document)[0]
    return documents, by_document, rows


def test_every_row_keeps_its_evidence_span(dev):
    documents, _, rows = dev
    assert rows
    for row in rows:
        assert row["document_id"] in row["document_ids"]
        assert documents[row["document_id"]].text[row["char_start"]:row["char_end"]] == row["text"]
        assert row["text"].strip()


def test_every_title_is_built_from_the_identity(dev):
    _, by_document, rows = dev
    given = {m.given_title for mentions in by_document.values() for m in mentions if m.given_title}
    for row in rows:
        assert row["title"] in given or SERIES_TITLE.match(row["title"]), row["title"]
        assert "(thematic inspection)" not in row["title"]


def test_no_row_is_an_untitled_inspection_without_date_area_or_provider(dev):
    _, _, rows = dev
    for row in rows:
        assert not (row["title"].endswith("Probation inspection") and not row["published_date"]
                    and not row["area"] and not row["provider_ids"]), row
