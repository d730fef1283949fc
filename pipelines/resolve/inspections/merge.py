"""One row per inspection across documents: mentions grouped by what they say."""

from __future__ import annotations

import functools
import hashlib
import sys
from collections import Counter
from collections.abc import Mapping, MutableMapping
from datetime import date
from pathlib import Path
from typing import Any

from pipelines.extract.inspections import similarity
from pipelines.extract.inspections.mention import InspectionMention
from pipelines.extract.inspections.similarity import _area_words, _areas_compatible, _content_words, _similarity
from pipelines.resolve.inspections import groups as groups_module
from pipelines.resolve.inspections.blocks import mention_blocks
from pipelines.resolve.inspections.groups import _Group, _row, _UniqueIds, _with_month


class _GroupIndex:
    """Groups by everything a match needs, so a mention is compared only with
    the groups it could join (``_match_score`` is not None), not with every
    inspection of the corpus. Two mentions both dated must share a year (and
    a month when both have one); otherwise a match needs evidence: a shared
    subject, an area or topic word in common, or both being annual reports."""

    def __init__(self) -> None:
        self.groups: list[_Group] = []
        self.dated: dict[tuple, dict[int | None, set[int]]] = {}  # (inspectorates, year) -> month -> groups
        self.by_feature: dict[tuple, set[int]] = {}  # (inspectorates, kind, value) -> groups
        self.group_month: dict[int, int | None] = {}

    def best_group(self, mention: InspectionMention) -> _Group | None:
        """The best-scoring group, the earliest made on a tie of scores."""
        best: _Group | None = None
        best_score = -1.0
        tied = False
        for position in self._candidates(mention):  # in the order groups were made
            score = _match_score(self.groups[position], mention)
            if score is None:
                continue
            if score > best_score:
                best, best_score, tied = self.groups[position], score, False
            elif score == best_score:
                tied = True
        if tied and mention.published_date is None:
            return None  # fits several dated inspections equally: left on its own, not guessed
        return best

    def add(self, mention: InspectionMention, group: _Group | None) -> _Group:
        if group is None:
            group = _Group(position=len(self.groups))
            self.groups.append(group)
        group.add(mention)
        key = frozenset(mention.inspectorate_ids)
        if group.date is not None:
            months = self.dated.setdefault((key, group.date.published_date.year), {})
            old = self.group_month.get(group.position, "unindexed")
            if old != group.month:
                if old != "unindexed":
                    months[old].discard(group.position)
                months.setdefault(group.month, set()).add(group.position)
                self.group_month[group.position] = group.month
        for feature in _evidence_features(mention):
            self.by_feature.setdefault((key, *feature), set()).add(group.position)
        return group

    def _candidates(self, mention: InspectionMention) -> list[int]:
        key = frozenset(mention.inspectorate_ids)
        found: set[int] = set()
        if mention.published_date:
            months = self.dated.get((key, mention.published_date.year), {})
            if mention.date_precision == "year":
                for positions in months.values():
                    found.update(positions)
            else:
                found.update(months.get(mention.published_date.month, ()))
                found.update(months.get(None, ()))
        for feature in _evidence_features(mention, querying=True):
            for position in self.by_feature.get((key, *feature), ()):
                # A dated group of another year cannot match a dated mention.
                if not (mention.published_date and self.groups[position].date):
                    found.add(position)
        return sorted(found)


def _evidence_features(mention: InspectionMention, querying: bool = False) -> list[tuple[str, str]]:
    """What a group and a mention must share for the mention to score any
    evidence: a subject, an area word (areas are compatible only when one's
    words contain the other's), a topic word (similar topics share words),
    or the annual report type. An area with no words is compatible with any
    area, hence the wildcard."""
    features = [("subject", s) for s in mention.subject_ids]
    if mention.area:
        words = _area_words(mention.area)
        features += [("area", w) for w in words]
        if querying:
            features.append(("area", "*"))
            if not words:
                features.append(("any-area", ""))
        else:
            features.append(("any-area", ""))
            if not words:
                features.append(("area", "*"))
    topic = mention.topic or mention.given_title
    if topic:
        features += [("topic", w) for w in _content_words(topic)]
    if mention.inspection_type == "annual_report":
        features.append(("type", "annual_report"))
    return features


def merge_inspections(
    mentions_by_document: Mapping[str, list[InspectionMention]],
    *,
    memo: MutableMapping[str, Any] | None = None,
) -> tuple[list[dict], dict[str, str]]:
    """One row per inspection; the same report in several documents is one
    row listing them all. Returns (rows, {mention_id: inspection_id}).

    The mentions are merged block by block (``blocks``: no group ever spans
    two), each block's groups kept in ``memo`` under a digest of its
    mentions, so a rebuild merges again only the blocks whose mentions
    changed."""
    mentions = [m for document_id in sorted(mentions_by_document) for m in mentions_by_document[document_id] or ()]
    # Dated mentions first: a date is the strongest identity an inspection has.
    ordered = sorted(mentions, key=lambda m: (m.published_date is None, m.document_id, m.char_start))
    made = []
    for positions in _merged(ordered, memo):
        group = _Group(position=len(made))
        for p in positions:
            group.add(ordered[p])
        made.append((group, _row(group)))
    made.sort(key=lambda item: min((m.document_id, m.char_start) for m in item[0].mentions))
    rows: list[dict] = []
    mapping: dict[str, str] = {}
    used_ids = _UniqueIds()
    shared = Counter(row["inspection_id"] for _group, row in made)
    for group, row in made:
        if shared[row["inspection_id"]] > 1:
            row["inspection_id"] = _with_month(row)
        row["inspection_id"] = used_ids.claim(row["inspection_id"])
        rows.append(row)
        for mention in group.mentions:
            mapping[mention.mention_id] = row["inspection_id"]
    rows.sort(key=lambda r: r["inspection_id"])
    return rows, mapping


def _merged(ordered: list[InspectionMention], memo: MutableMapping[str, Any] | None) -> list[list[int]]:
    """The groups of the merge of ``ordered`` (in merge order), each as the
    positions of its mentions in the order they joined, in the order the
    merge made them.

    In two passes, as the merge runs: the dated mentions, block by block;
    then the undated ones, in blocks where each dated group made is one unit
    (an undated mention is joined with the group of a dated witness, not
    with every dated mention the first pass compared it with)."""
    undated = next((p for p, m in enumerate(ordered) if m.published_date is None), len(ordered))
    dated_groups: list[list[int]] = []
    for block in mention_blocks(ordered[:undated]):
        dated_groups += _groups_of_block(ordered, block, [], memo)
    groups: list[list[int]] = []
    for block in mention_blocks(ordered, together=dated_groups, seeking=range(undated, len(ordered))):
        inside = set(block)
        groups += _groups_of_block(ordered, block, [g for g in dated_groups if g[0] in inside], memo)
    # The merge of all makes a group when its first mention comes.
    return sorted(groups, key=lambda positions: positions[0])


def _groups_of_block(ordered: list[InspectionMention], block: list[int], made: list[list[int]],
                     memo: MutableMapping[str, Any] | None) -> list[list[int]]:
    """The groups of a block (positions, ascending) given the groups ``made``
    of some of its mentions by the first pass, as positions."""
    local = {p: k for k, p in enumerate(block)}
    made_local = sorted([local[p] for p in positions] for positions in made)
    groups = _block_groups([ordered[p] for p in block], made_local, memo)
    return [[block[k] for k in members] for members in groups]


def _block_groups(mentions: list[InspectionMention], made: list[list[int]],
                  memo: MutableMapping[str, Any] | None) -> list[list[int]]:
    """The groups of one block's mentions (given in merge order), each as the
    numbers of its mentions in the order they joined. The groups ``made``
    already (of the first mentions) are laid down again as they were made,
    then the other mentions merged."""
    key = _block_key(mentions, made) if memo is not None else None
    if key is not None and key in memo:
        return memo[key]
    index = _GroupIndex()
    group_of = {k: n for n, members in enumerate(made) for k in members}
    placed = sum(len(members) for members in made)
    members: list[list[int]] = []
    for k, mention in enumerate(mentions):
        if k < placed:
            group = index.add(mention, index.groups[group_of[k]] if group_of[k] < len(index.groups) else None)
        else:
            group = index.add(mention, index.best_group(mention))
        if group.position == len(members):
            members.append([])
        members[group.position].append(k)
    if key is not None:
        memo[key] = members
    return members


def _block_key(mentions: list[InspectionMention], made: list[list[int]]) -> str:
    """A digest of everything a merge reads of the mentions (all their
    fields, in order), of the groups made already and of the code that
    merges them."""
    digest = hashlib.sha256(_merge_fingerprint().encode())
    digest.update(repr(made).encode())
    for mention in mentions:
        digest.update(repr(mention).encode())
        digest.update(b"\0")
    return "inspections:" + digest.hexdigest()


@functools.lru_cache(maxsize=1)
def _merge_fingerprint() -> str:
    """The merge's code: an edit to how mentions are grouped invalidates the memo."""
    digest = hashlib.sha256()
    for module in _GROUPING_MODULES:
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


def _match_score(group: _Group, mention: InspectionMention) -> float | None:
    """None when the mention cannot be this inspection; else how well it fits."""
    # Every mention of a group has the same inspectorates (a mention only
    # joins a group that has its own), so the first one speaks for all.
    if set(group.mentions[0].inspectorate_ids) != set(mention.inspectorate_ids):
        return None
    if mention.document_id in group.document_ids:
        return None  # the extractor already told one document's inspections apart
    types = group.types
    if mention.inspection_type != "other" and types and mention.inspection_type not in types and not (
        {mention.inspection_type} | types <= {"area", "follow_up"}):
        return None
    score = 0.0
    dated = group.date
    if "annual_report" in types and mention.inspection_type == "annual_report" and bool(dated) != bool(mention.published_date):
        return None  # each year's annual report is its own: an undated one is no particular year's
    if dated and not mention.published_date and not _plausible_for(mention, dated.published_date):
        return None
    if dated and mention.published_date:
        key_a = (dated.published_date.year, group.month)
        key_b = (mention.published_date.year, mention.published_date.month if mention.date_precision != "year" else None)
        if key_a[0] != key_b[0] or (key_a[1] and key_b[1] and key_a[1] != key_b[1]):
            return None
        score += 3 if key_a[1] and key_b[1] else 1
    group_subjects = group.subjects
    if group_subjects and mention.subject_ids and not group_subjects & set(mention.subject_ids):
        return None
    if group_subjects & set(mention.subject_ids):
        score += 1
    # The inspected provider is part of the identity: two named subjects differ.
    names = {m.subject_name for m in group.mentions if m.subject_name}
    if names and mention.subject_name and mention.subject_name not in names:
        return None
    given = group.given_titles
    if given and mention.given_title and _similarity(given[0], mention.given_title) < 0.5:
        return None
    if mention.area and group.areas:
        exact = _area_words(mention.area) in group.area_words
        if exact:
            score += 2
        elif any(_areas_compatible(a, mention.area) for a in group.distinct_areas):
            score += 0.5
        else:
            return None
    topics = group.topics
    mine = mention.topic or mention.given_title
    if topics and mine:
        best = max(_similarity(t, mine) for t in topics)
        if best >= 0.5:
            score += 2 * best
        elif not (mention.area and group.areas):
            return None
    if set(mention.provider_ids) & group.providers:
        score += 0.5
    if group.types == {"annual_report"} and mention.inspection_type == "annual_report":
        score += 1
    evidence = score - (3 if dated and mention.published_date and score >= 3 else 0)
    if not (dated and mention.published_date) and evidence < 1:
        return None
    if dated and mention.published_date and score < 2 and not mention.area and not topics:
        return None
    return score


def _plausible_for(mention: InspectionMention, published: date) -> bool:
    """An undated mention in a dated article can only be a report published
    before the article; the report an article is about is a recent one."""
    if mention.document_date is None:
        return True
    if published > mention.document_date:
        return False
    return mention.status != "current" or (mention.document_date - published).days <= 400


# What decides how a block's mentions are grouped (the rows are made anew).
_GROUPING_MODULES = (sys.modules[__name__], groups_module, similarity)
