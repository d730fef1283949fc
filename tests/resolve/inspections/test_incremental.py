"""The merge block by block, with a memo, is the merge of all at once
(inspections/blocks.py, merge.py)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.extract.inspections import InspectionMention
from pipelines.resolve.inspections import merge, merge_inspections
from pipelines.resolve.inspections.blocks import mention_blocks

_AREAS = st.sampled_from([None, "London", "North London", "South London", "the", "Kent, Surrey and Sussex", "Surrey",
                          "Wales", "England and Wales"])
_TOPICS = st.sampled_from([None, "youth justice", "domestic abuse work", "youth offending", "court work", "CRC",
                           "Wales CRC", "London CRC", "the", "unpaid work"])
_GIVEN = st.sampled_from([None, "Youth justice in Wales", "Court work", "Unpaid work", "Work in London courts"])
_DATES = st.sampled_from([None, None, (date(2016, 12, 15), "day"), (date(2016, 12, 1), "month"),
                          (date(2016, 3, 1), "month"), (date(2016, 1, 1), "year"), (date(2017, 3, 1), "month"),
                          (date(2017, 3, 9), "day"), (date(2017, 1, 1), "year")])
_PROVIDERS = ["london-crc", "kss-crc", "wales-crc", "national-probation-service"]
_NAMES = {"london-crc": "London CRC", "kss-crc": "KSS CRC", "wales-crc": "Wales CRC",
          "national-probation-service": "National Probation Service"}


@st.composite
def _mention(draw, number: int):
    dated = draw(_DATES)
    providers = tuple(draw(st.lists(st.sampled_from(_PROVIDERS), max_size=2, unique=True)))
    subjects = providers[: draw(st.integers(0, len(providers)))]
    named = subjects[0] if subjects and draw(st.booleans()) else None
    return InspectionMention(
        # A few mentions share a start: the merge order must not depend on the blocks.
        document_id=f"d{draw(st.integers(0, 8))}", char_start=number // 2, char_end=number + 1, text="x", title="t",
        inspectorate="HM Inspectorate of Probation",
        inspection_type=draw(st.sampled_from(["area", "follow_up", "thematic", "annual_report", "other", "other"])),
        area=draw(_AREAS), published_date=dated[0] if dated else None, date_precision=dated[1] if dated else None,
        provider_ids=providers, lead_inspector=None, headline_finding=None,
        status=draw(st.sampled_from(["current", "previous"])),
        inspectorate_ids=draw(st.sampled_from([("hmi-probation",), ("hmi-probation",), ("hmi-probation", "ofsted")])),
        topic=draw(_TOPICS), given_title=draw(_GIVEN), date_is_explicit=draw(st.booleans()),
        document_date=draw(st.sampled_from([None, date(2017, 6, 1), date(2016, 6, 1), date(2018, 2, 1)])),
        subject_ids=subjects, subject_name=_NAMES[named] if named else None, subject_id=named,
        subject_type="crc" if named else None,
    )


_MENTIONS = st.integers(1, 40).flatmap(lambda n: st.tuples(*[_mention(i) for i in range(n)]))


def _by_document(mentions) -> dict[str, list[InspectionMention]]:
    by_document: dict[str, list[InspectionMention]] = {}
    for mention in mentions:
        by_document.setdefault(mention.document_id, []).append(mention)
    return by_document


def _greedy_groups(ordered) -> list[list[int]]:
    """The greedy merge of all the mentions at once, in one pass, each
    compared with every group the index offers (the merge before blocks)."""
    index = merge._GroupIndex()
    members: list[list[int]] = []
    for position, mention in enumerate(ordered):
        group = index.add(mention, index.best_group(mention))
        if group.position == len(members):
            members.append([])
        members[group.position].append(position)
    return members


def _merged_at_once(by_document, monkeypatch) -> tuple:
    with monkeypatch.context() as patched:
        patched.setattr(merge, "_merged", lambda ordered, memo: _greedy_groups(ordered))
        return merge_inspections(by_document)


@settings(max_examples=400, deadline=None)
@given(_MENTIONS)
def test_merging_block_by_block_is_merging_all_at_once(mentions):
    by_document = _by_document(mentions)
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert merge_inspections(by_document) == _merged_at_once(by_document, monkeypatch)


@settings(max_examples=200, deadline=None)
@given(_MENTIONS, st.integers(0, 8))
def test_adding_a_document_to_a_memo_filled_without_it_gives_the_merge_from_scratch(mentions, added):
    by_document = _by_document(mentions)
    without = {d: ms for d, ms in by_document.items() if d != f"d{added}"}
    with pytest.MonkeyPatch.context() as monkeypatch:
        expected = _merged_at_once(by_document, monkeypatch)
    memo: dict = {}
    merge_inspections(without, memo=memo)
    assert merge_inspections(by_document, memo=memo) == expected
    # The other order: the larger corpus first, then the smaller one from its memo.
    memo = {}
    merge_inspections(by_document, memo=memo)
    assert merge_inspections(without, memo=memo) == merge_inspections(without)


def test_no_group_spans_two_blocks():
    """A witness relation the blocks must see: a group dated by one member
    (a year only) and joined by another of another area (see blocks.py)."""
    hmip = dict(char_end=1, text="x", title="t", inspectorate="HMIP", provider_ids=(), lead_inspector=None,
                headline_finding=None, inspectorate_ids=("hmi-probation",), inspection_type="area")
    year = InspectionMention(document_id="a", char_start=0, area="North London", published_date=date(2019, 1, 1),
                             date_precision="year", date_is_explicit=True, **hmip)
    london = InspectionMention(document_id="b", char_start=0, area="London", published_date=date(2019, 3, 1),
                               date_precision="month", **hmip)
    south = InspectionMention(document_id="c", char_start=0, area="South London", published_date=date(2019, 3, 1),
                              date_precision="month", **hmip)
    may = InspectionMention(document_id="d", char_start=0, area="South London", published_date=date(2019, 5, 1),
                            date_precision="month", **hmip)
    rows, mapping = merge_inspections({m.document_id: [m] for m in (year, london, south, may)})
    assert len(set(mapping.values())) == 1
    assert len(mention_blocks([year, london, south, may])) == 1


def _counting_scores(monkeypatch) -> list[int]:
    calls = [0]
    score = merge._match_score

    def counted(group, mention):
        calls[0] += 1
        return score(group, mention)
    monkeypatch.setattr(merge, "_match_score", counted)
    return calls


def test_an_added_document_is_compared_only_within_the_blocks_it_touches(monkeypatch):
    def area_mention(document_id: str, area: str, published: date | None) -> InspectionMention:
        return InspectionMention(
            document_id=document_id, char_start=0, char_end=1, text="x", title="t", inspectorate="HMIP",
            inspection_type="area", area=area, published_date=published, date_precision="day" if published else None,
            provider_ids=(), lead_inspector=None, headline_finding=None, inspectorate_ids=("hmi-probation",))

    areas = ["Kent", "Wales", "Dorset", "Cumbria", "Durham"]
    corpus = {f"{area}-{n}": [area_mention(f"{area}-{n}", area, date(2015 + n, 5, 1) if n % 2 else None)]
              for area in areas for n in range(6)}
    memo: dict = {}
    calls = _counting_scores(monkeypatch)
    merge_inspections(corpus, memo=memo)
    full = calls[0]
    corpus["Kent-new"] = [area_mention("Kent-new", "Kent", None)]
    calls[0] = 0
    with_memo = merge_inspections(corpus, memo=memo)
    incremental = calls[0]
    calls[0] = 0
    assert with_memo == merge_inspections(corpus)
    # Only Kent's block is merged again: a fifth of the comparisons or so.
    assert 0 < incremental < calls[0] / 3
    assert full > 0
