"""Documents and texts shared by the inspection extractor's tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipelines.read.document import Section, SourceDocument
from tests.documents import article

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"


def document(text: str, published: date | None = None, document_id: str = "doc",
             sections: list[Section] | None = None) -> SourceDocument:
    return article(text, document_id=document_id, published=published, sections=sections)



AREA_REPORT = """Probation company rated 'inadequate' by inspectors

A privately run probation company supervising offenders in Dorset, Devon and Cornwall has been rated "inadequate" by inspectors.

HM Inspectorate of Probation said the Dorset, Devon and Cornwall Community Rehabilitation Company (CRC) was failing to protect the public. The report, published today, found that some officers held more than 200 cases.

Chief Inspector of Probation Dame Glenys Stacey said: "Staff are working hard but they are overwhelmed."

Inspectors last inspected the CRC in 2016, when they found it was doing reasonably well. They will be back in 2020 to check on progress.
"""



def mentions_of(extract, texts: dict[str, tuple[str, date | None]]):
    return {doc_id: extract(document(text, published, doc_id)) for doc_id, (text, published) in texts.items()}
