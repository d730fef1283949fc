"""Inspections: which reports an article names, their dates, types and
areas; one row per inspection across articles; linking spans to them.
Texts are written for the tests; the last tests check the seeds against
the gold annotations."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.extract.document import Section, SourceDocument
from tests.documents import article, context
from schemas.enums import INSPECTION_TYPES
from pipelines.extract.inspections import (
    InspectionMention,
    extract_inspection_mentions,
    link_inspection,
    merge_inspections,
)
from pipelines.extract.providers import find_provider_mentions

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"


def document(text: str, published: date | None = None, document_id: str = "doc",
             sections: list[Section] | None = None) -> SourceDocument:
    return article(text, document_id=document_id, published=published, sections=sections)


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


AREA_REPORT = """Probation company rated 'inadequate' by inspectors

A privately run probation company supervising offenders in Dorset, Devon and Cornwall has been rated "inadequate" by inspectors.

HM Inspectorate of Probation said the Dorset, Devon and Cornwall Community Rehabilitation Company (CRC) was failing to protect the public. The report, published today, found that some officers held more than 200 cases.

Chief Inspector of Probation Dame Glenys Stacey said: "Staff are working hard but they are overwhelmed."

Inspectors last inspected the CRC in 2016, when they found it was doing reasonably well. They will be back in 2020 to check on progress.
"""


def test_area_report_with_date_lead_inspector_and_previous_inspection(extract):
    found = extract(document(AREA_REPORT, published=date(2019, 3, 14)))
    current = [m for m in found if m.status == "current"]
    previous = [m for m in found if m.status == "previous"]
    assert len(current) == 1 and len(previous) == 1
    report = current[0]
    assert (report.published_date, report.date_precision) == (date(2019, 3, 14), "day")
    assert report.inspection_type == "area"
    assert report.area == "Dorset, Devon and Cornwall"
    assert report.provider_ids == ("ddc-crc",)
    assert report.lead_inspector == "Glenys Stacey"
    assert report.inspectorate == "HM Inspectorate of Probation"
    assert report.headline_finding.startswith("A privately run probation company")
    assert "Dorset, Devon and Cornwall CRC" in report.title
    earlier = previous[0]
    assert (earlier.published_date, earlier.date_precision) == (date(2016, 1, 1), "year")
    assert earlier.provider_ids == ("ddc-crc",)
    # "will be back in 2020" is a plan, not a publication.
    assert all(m.published_date is None or m.published_date.year != 2020 for m in found)


def test_today_without_a_document_date_gives_no_date(extract):
    found = extract(document(AREA_REPORT))
    assert [m.published_date for m in found if m.status == "current"] == [None]


def test_relative_publication_dates(extract):
    text = ("Her annual report, published on Thursday, says probation is failing.\n\n"
            "Last month the watchdog published a thematic report on the supervision of women.")
    found = extract(document(text, published=date(2019, 3, 16)))  # a Saturday
    by_type = {m.inspection_type: m for m in found}
    assert (by_type["annual_report"].published_date, by_type["annual_report"].date_precision) == (date(2019, 3, 14), "day")
    assert by_type["annual_report"].area == "England and Wales"
    assert (by_type["thematic"].published_date, by_type["thematic"].date_precision) == (date(2019, 2, 1), "month")
    assert by_type["thematic"].title == "Supervision of women (thematic inspection)"


def test_month_resolved_against_the_document_date(extract):
    text = "The report on the Merseyside CRC, published in December, found poor practice."
    (found,) = extract(document(text, published=date(2017, 1, 20)))
    assert (found.published_date, found.date_precision) == (date(2016, 12, 1), "month")
    assert found.provider_ids == ("merseyside-crc",)


def test_joint_inspection_names_both_inspectorates(extract):
    text = ("Too many prisoners leave jail with nowhere to live, a joint inspection by HM Inspectorate of Probation "
            "and HM Inspectorate of Prisons has found.\n\nThe report, Through the Gate Resettlement Services, "
            "looked at the work of the CRCs.\n\nThe inspectorates will publish a follow-up report next year.")
    (found,) = extract(document(text, published=date(2017, 10, 4)))
    assert found.inspectorate == "HM Inspectorate of Probation and HM Inspectorate of Prisons"
    assert found.inspection_type == "joint_thematic"
    assert found.title == "Through the Gate Resettlement Services"


def test_archive_page_teasers_are_separate_publications(extract):
    text = ("Unpaid work not good enough, say inspectors\n\n"
            "Much unpaid work was poorly managed, said Paul Wilson, Chief Inspector of Probation. Today HM Inspectorate "
            "of Probation published a report on unpaid work, the most common requirement. … Continue Reading\n\n"
            "Offenders with learning disabilities being ignored\n\n"
            "Needs go unnoticed, according to independent inspectors. They have published the report of a joint "
            "inspection into people with learning disabilities in the criminal justice system. … Continue Reading\n")
    found = extract(document(text))
    assert [(m.title, m.inspection_type) for m in found] == [
        ("Unpaid work (thematic inspection)", "thematic"),
        ("Joint inspection of people with learning disabilities in the criminal justice system", "joint_thematic"),
    ]
    assert found[0].lead_inspector == "Paul Wilson"


def test_reports_by_others_and_generic_mentions_are_not_inspections(extract):
    text = ("Since then, inspectors have criticised several CRCs, and MPs on the Justice Committee published a "
            "report calling the reforms a mess. A report by the National Audit Office agreed.")
    assert extract(document(text, published=date(2019, 5, 1))) == []


def test_a_separate_report_in_the_same_article_is_its_own_inspection(extract):
    text = ("The Cheshire and Greater Manchester CRC was rated inadequate in a report published today.\n\n"
            "In a separate report published in January, the NPS North West division was rated good.")
    found = extract(document(text, published=date(2019, 3, 14)))
    assert sorted((m.published_date, m.provider_ids) for m in found) == [
        (date(2019, 1, 1), ("nps-north-west",)),
        (date(2019, 3, 14), ("cgm-crc",)),
    ]


def test_odd_input_never_raises(nlp):
    for text in ("", "report", "The report.", "Inspectors found. " * 3):
        doc = document(text)
        assert isinstance(extract_inspection_mentions(context(doc, nlp(text))), list)
        assert isinstance(extract_inspection_mentions(context(doc, None)), list)
    assert merge_inspections({}) == ([], {})
    assert link_inspection(document("x"), 0, 1, [], {}) is None


# --- merging and linking ---------------------------------------------------------------


def _mentions(extract, texts: dict[str, tuple[str, date | None]]):
    return {doc_id: extract(document(text, published, doc_id)) for doc_id, (text, published) in texts.items()}


def test_the_same_report_in_several_documents_is_one_row(extract):
    by_document = _mentions(extract, {
        "a": ("Today she published the report of an inspection of probation work in North London.", date(2016, 12, 15)),
        "b": ("An inspection report found probation in North London was poor. Inspectors examined the London CRC.", None),
        "c": ("The London CRC has improved since the last inspection of probation work in North London, which was "
              "published in December 2016. Today's report on the London Community Rehabilitation Company is better.",
              date(2018, 2, 8)),
    })
    rows, mapping = merge_inspections(by_document)
    by_id = {r["inspection_id"]: r for r in rows}
    assert set(by_id) == {"hmip-2016-12-north-london", "hmip-2018-02-london"}
    assert by_id["hmip-2016-12-north-london"]["document_ids"] == ["a", "b", "c"]
    assert by_id["hmip-2016-12-north-london"]["date_precision"] == "day"
    assert by_id["hmip-2018-02-london"]["document_ids"] == ["c"]
    assert by_id["hmip-2018-02-london"]["provider_ids"] == ["london-crc"]
    assert set(mapping.values()) == set(by_id)
    assert all(m.mention_id in mapping for ms in by_document.values() for m in ms)
    assert merge_inspections(by_document) == (rows, mapping)  # deterministic


def test_link_by_sentence_paragraph_and_single_report(extract):
    text = ("Inspectors last inspected London probation services in 2014. Things were better then.\n\n"
            "Today's report on the London CRC found poor work. \"We are worried,\" a spokesman said.\n\n"
            "Staff said 200 cases were too many.\n\n"
            "A reader: \"this is a comment\"")
    comment_start = text.index("A reader")
    doc = document(text, date(2016, 12, 15), sections=[Section(0, "article", 0, comment_start),
                                                       Section(1, "comment", comment_start, len(text))])
    mentions = extract(doc)
    rows, mapping = merge_inspections({"doc": mentions})
    current = next(r["inspection_id"] for r in rows if r["published_date"] == date(2016, 12, 15))
    earlier = next(r["inspection_id"] for r in rows if r["published_date"] == date(2014, 1, 1))

    def link(fragment: str) -> str | None:
        start = text.index(fragment)
        return link_inspection(doc, start, start + len(fragment), mentions, mapping)

    assert link("Things were better then") == earlier  # same paragraph as the 2014 inspection
    assert link("We are worried") == current  # same paragraph
    assert link("200 cases") == current  # the article reports one current inspection
    assert link("this is a comment") is None  # reader comments are not tied by default


# --- the seeds against the gold ------------------------------------------------------


@pytest.fixture(scope="module")
def seed_rows(nlp, gazetteer):
    from pipelines.extract.document import build_document

    by_document = {}
    for path in sorted(SEEDS.glob("*.txt")):
        doc, _ = build_document(path.stem, path.name, path.read_bytes())
        parsed = nlp(doc.text)
        by_document[path.stem] = extract_inspection_mentions(context(doc, parsed, gazetteer, find_provider_mentions(context(doc, parsed, gazetteer))))
    return merge_inspections(by_document)[0]


def _tokens(title: str) -> set[str]:
    stop = {"the", "of", "a", "an", "and", "in", "on", "into", "to", "for"}
    return {w for w in re.findall(r"[a-z0-9]+", title.lower().replace("&", " and ")) if w not in stop}


def test_seed_inspections_match_the_gold(seed_rows):
    gold: dict[str, dict] = {}
    for path in sorted(GOLD.glob("0*.json")):
        for inspection in json.loads(path.read_text())["inspections"]:
            row = gold.setdefault(inspection["title"], dict(inspection))
            if len(inspection["published_date"] or "") > len(row["published_date"] or ""):
                row["published_date"] = inspection["published_date"]
    pairs = []
    for i, row in enumerate(seed_rows):
        ym = row["published_date"].isoformat()[:7] if row["date_precision"] in ("day", "month") else None
        for j, g in enumerate(gold.values()):
            gym = (g["published_date"] or "")[:7] if len(g["published_date"] or "") >= 7 else None
            if ym and gym:
                score = float(ym == gym)
            else:
                a, b = _tokens(row["title"]), _tokens(g["title"])
                score = len(a & b) / len(a | b) if a | b else 0.0
                score = score if score >= 0.3 else 0.0
            if score:
                pairs.append((score, i, j))
    used_rows, used_gold = set(), set()
    for _, i, j in sorted(pairs, reverse=True):
        if i not in used_rows and j not in used_gold:
            used_rows.add(i)
            used_gold.add(j)
    precision, recall = len(used_rows) / len(seed_rows), len(used_gold) / len(gold)
    assert 2 * precision * recall / (precision + recall) >= 0.9


def test_the_north_london_report_is_one_row_from_four_seeds(seed_rows):
    north = [r for r in seed_rows if r["area"] == "North London"]
    assert len(north) == 1
    assert len(north[0]["document_ids"]) == 4
    assert (north[0]["published_date"], north[0]["date_precision"]) == (date(2016, 12, 15), "day")
    assert "london-crc" in north[0]["provider_ids"]
    # The 2018 re-inspection of the same provider is a different row.
    assert any(r["published_date"] == date(2018, 2, 8) for r in seed_rows if r is not north[0])


# --- the merge's index is only a shortcut ------------------------------------------------

_AREAS = st.sampled_from([None, "London", "North London", "the", "Kent, Surrey and Sussex", "Surrey", "Wales"])
_TOPICS = st.sampled_from([None, "youth justice", "domestic abuse work", "youth offending", "court work", "report"])
_DATES = st.sampled_from([None, (date(2016, 12, 15), "day"), (date(2016, 12, 1), "month"), (date(2016, 1, 1), "year"),
                          (date(2017, 3, 1), "month"), (date(2017, 1, 1), "year")])


@st.composite
def _mention(draw, number: int):
    dated = draw(_DATES)
    providers = tuple(draw(st.lists(st.sampled_from(["london-crc", "kss-crc", "national-probation-service"]),
                                    max_size=2, unique=True)))
    return InspectionMention(
        document_id=f"d{draw(st.integers(0, 6))}", char_start=number, char_end=number + 1, text="x", title="t",
        inspectorate="HM Inspectorate of Probation",
        inspection_type=draw(st.sampled_from(["area", "follow_up", "thematic", "annual_report", "other"])),
        area=draw(_AREAS), published_date=dated[0] if dated else None, date_precision=dated[1] if dated else None,
        provider_ids=providers, lead_inspector=None, headline_finding=None,
        status=draw(st.sampled_from(["current", "previous"])),
        inspectorate_ids=draw(st.sampled_from([("hmi-probation",), ("hmi-probation", "ofsted")])),
        topic=draw(_TOPICS), given_title=draw(st.sampled_from([None, "Youth justice in Wales", "Court work"])),
        date_is_explicit=draw(st.booleans()),
        document_date=draw(st.sampled_from([None, date(2017, 6, 1), date(2016, 6, 1)])),
        subject_ids=providers[: draw(st.integers(0, len(providers)))],
    )


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 25).flatmap(lambda n: st.tuples(*[_mention(i) for i in range(n)])))
def test_the_merge_index_finds_every_group_a_full_scan_would(mentions):
    """The index narrows which inspections a mention is compared with; it must
    never drop one the full comparison would have matched."""
    from pipelines.extract.inspections import merge

    by_document: dict[str, list] = {}
    for mention in mentions:
        by_document.setdefault(mention.document_id, []).append(mention)
    indexed = merge_inspections(by_document)
    original = merge._GroupIndex._candidates
    try:
        merge._GroupIndex._candidates = lambda self, mention: list(range(len(self.groups)))
        full_scan = merge_inspections(by_document)
    finally:
        merge._GroupIndex._candidates = original
    assert indexed == full_scan
