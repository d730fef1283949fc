"""One row per inspection across articles (inspections/merge.py, groups.py)."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.extract.inspections import InspectionMention
from pipelines.resolve.inspections import merge_inspections
from tests.extract.inspections.helpers import mentions_of


def test_the_same_report_in_several_documents_is_one_row(extract):
    by_document = mentions_of(extract, {
        "a": ("Today she published the report of an inspection of probation work in North London.", date(2016, 12, 15)),
        "b": ("An inspection report found probation in North London was poor. Inspectors examined the London CRC.", None),
        "c": ("The London CRC has improved since the last inspection of probation work in North London, which was "
              "published in December 2016. Today's report on the London Community Rehabilitation Company is better.",
              date(2018, 2, 8)),
    })
    rows, mapping = merge_inspections(by_document)
    by_id = {r["inspection_id"]: r for r in rows}
    # The id is the identity: inspectorate, year, the inspected provider.
    assert set(by_id) == {"hmip-2016-london-crc", "hmip-2018-london-crc"}
    assert by_id["hmip-2016-london-crc"]["document_ids"] == ["a", "b", "c"]
    assert by_id["hmip-2016-london-crc"]["date_precision"] == "day"
    assert by_id["hmip-2018-london-crc"]["document_ids"] == ["c"]
    assert by_id["hmip-2018-london-crc"]["provider_ids"] == ["london-crc"]
    assert set(mapping.values()) == set(by_id)
    assert all(m.mention_id in mapping for ms in by_document.values() for m in ms)
    assert merge_inspections(by_document) == (rows, mapping)  # deterministic



def _row_mention(document_id: str, published: date | None, precision: str | None, **fields) -> InspectionMention:
    values = dict(char_start=0, char_end=1, text="x", title="t", inspectorate="HM Inspectorate of Probation",
                  inspection_type="area", area=None, provider_ids=(), lead_inspector=None, headline_finding=None,
                  inspectorate_ids=("hmi-probation",), date_is_explicit=True)
    values.update(fields)
    return InspectionMention(document_id=document_id, published_date=published, date_precision=precision, **values)


def test_the_id_is_the_year_and_subject_whatever_the_precision_or_other_articles():
    crc = dict(subject_ids=("london-crc",), subject_id="london-crc", subject_type="crc", subject_name="London CRC",
               provider_ids=("london-crc",))
    by_day = _row_mention("a", date(2016, 12, 15), "day", area="North London", **crc)
    by_month = _row_mention("b", date(2016, 12, 1), "month", area="London", **crc)
    alone = [merge_inspections({"a": [by_day]})[0], merge_inspections({"b": [by_month]})[0]]
    together = merge_inspections({"a": [by_day], "b": [by_month]})[0]
    assert [rows[0]["inspection_id"] for rows in alone] == ["hmip-2016-london-crc"] * 2
    assert [r["inspection_id"] for r in together] == ["hmip-2016-london-crc"]
    assert together[0]["title"] == "An inspection of London Community Rehabilitation Company"


def test_the_most_local_subject_names_the_inspection_whichever_article_came_first():
    crc = dict(subject_ids=("london-crc",), subject_id="london-crc", subject_type="crc", subject_name="London CRC")
    division = dict(subject_ids=("nps-london",), subject_id="nps-london", subject_type="nps_division",
                    subject_name="NPS London Division")
    first = _row_mention("a", date(2016, 12, 15), "day", area="North London", **division)
    second = _row_mention("b", date(2016, 12, 15), "day", area="North London", **crc)
    for by_document in ({"a": [first], "b": [second]}, {"a": [second], "b": [first]}):
        ids = {r["inspection_id"] for r in merge_inspections(by_document)[0]}
        assert ids <= {"hmip-2016-london-crc", "hmip-2016-nps-london"} and "hmip-2016-london-crc" in ids


def test_two_inspections_of_one_subject_in_one_year_are_told_apart_by_month():
    area = dict(area="Kent", inspection_type="area")
    rows = merge_inspections({"a": [_row_mention("a", date(2017, 3, 1), "month", **area)],
                              "b": [_row_mention("b", date(2017, 11, 2), "day", **area)]})[0]
    assert sorted(r["inspection_id"] for r in rows) == ["hmip-2017-03-kent", "hmip-2017-11-kent"]


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
    from pipelines.resolve.inspections import merge

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
