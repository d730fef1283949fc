"""Mentions split into blocks that the merge can never join across.

The merge (``merge.py``) is greedy and order-dependent, but a mention only
joins a group it scores with (``_match_score`` is not None), and each check
of the score is passed thanks to some member of the group: a witness. Every
mention is joined here with every mention that could witness one chosen
check of its own; the blocks are the connected parts. A group then never
spans two blocks (a mention joins only a group holding a witness), and a
group of another block scores None, so merging each block alone, in the
corpus order, makes exactly the groups of the merge of all.

Checks, and their witnesses (a check holds for every member when marked *):

- * the same inspectorates; * the same kind of inspection, or "other" (a
  group holds one kind, or area and follow-up ones, which go together);
- mentions are merged dated ones first, so a dated mention only meets
  groups whose members are * dated, of its year; with a month, the group's
  month must be its own or none: the group's best-dated member (its date)
  has that month or only a year;
- a mention with an area, a topic, subjects or a given title meets a group
  with none of them (any member witnesses it) or a member with a compatible
  area, a similar topic (or, for a mention with an area, any area), a
  shared subject, a similar given title;
- an undated mention needs evidence of at least 1: a shared subject (1), the
  same area (2), a topic at least half similar (1 or more), both annual
  reports (1), or a compatible area (0.5) together with a shared provider
  (0.5): a member for either.

Any one check of a mention is enough; a check a mention lacks (no area)
is no check. Several partitions are made, each joining a mention by
another check (one by the check with the fewest witnesses), and the blocks
are their meet: each partition alone keeps every group in one block and
every group a mention can join in the mention's block, so does the meet.

The merge calls this twice, as it runs: for the dated mentions, then for
all with each dated group made as one unit (``together``), only the
undated ones still seeking a group: an undated mention then meets the one
group of a dated witness, not every dated mention the date joined it with.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from pipelines.extract.inspections.mention import InspectionMention
from pipelines.extract.inspections.similarity import _area_words, _content_words, _similarity


def mention_blocks(mentions: list[InspectionMention], together: Iterable[list[int]] = (),
                   seeking: Iterable[int] | None = None) -> list[list[int]]:
    """The numbers (positions in ``mentions``) of each block's mentions,
    ascending; blocks ordered by their first mention. The mentions of each
    list in ``together`` (a group made already) are kept in one block;
    only the mentions ``seeking`` (by default all) are still to join a group."""
    partitions = [_Sets(len(mentions)) for _ in _PREFERRED]
    for members in together:
        for sets in partitions:
            sets.union_all(members)
    seekers = set(range(len(mentions)) if seeking is None else seeking)
    by_inspectorates: dict[frozenset, list[int]] = defaultdict(list)
    for i, mention in enumerate(mentions):
        by_inspectorates[frozenset(mention.inspectorate_ids)].append(i)
    for numbers in _by_kind(mentions, by_inspectorates.values()):
        witnesses = _Witnesses(mentions, numbers, seekers)
        for sets, preferred in zip(partitions, _PREFERRED):
            witnesses.join(sets, preferred)
    # Each partition alone keeps every group in one of its blocks and every
    # group a mention can join in the mention's block; so does their meet.
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i in range(len(mentions)):
        blocks[tuple(sets.find(i) for sets in partitions)].append(i)
    return list(blocks.values())


# Which check each partition joins a mention by when the mention has it
# (None: the one with the fewest witnesses; so when it has not).
_PREFERRED = (None, "date", "area", "topic", "subject", "given", "evidence")


class _Sets:
    """Union-find over mention numbers."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def union_all(self, items: list[int]) -> None:
        for j in items[1:]:
            self.union(items[0], j)


_KINDS = {"follow_up": "area"}  # kinds that may share a group


def _by_kind(mentions: list[InspectionMention], partitions: Iterable[list[int]]) -> Iterable[list[int]]:
    """Each partition split by kind of inspection, the "other" ones in every part."""
    for numbers in partitions:
        by_kind: dict[str, list[int]] = defaultdict(list)
        for i in numbers:
            kind = mentions[i].inspection_type
            by_kind[_KINDS.get(kind, kind)].append(i)
        others = by_kind.pop("other", [])
        if not by_kind:
            yield others
        for kind_numbers in by_kind.values():
            yield sorted(kind_numbers + others)


# A key names the mentions that can witness a check: (scope, feature, value),
# the scope being "all" or ("dated", year); a value of None names those
# without the feature; ("both", key, key) those held by two keys.
_Key = tuple


class _Witnesses:
    """The mentions of one partition by scope, feature and value."""

    def __init__(self, mentions: list[InspectionMention], numbers: list[int], seekers: set[int]) -> None:
        self.mentions = mentions
        self.numbers = numbers
        self.seekers = [i for i in numbers if i in seekers]
        self.holders: dict[_Key, list[int]] = defaultdict(list)
        self.values: dict[tuple, dict] = defaultdict(dict)  # (scope, feature) -> distinct values
        self.words: dict[tuple, dict[str, list]] = defaultdict(lambda: defaultdict(list))  # topic words -> topics
        self.checks: dict[tuple, dict[str, list[_Key]]] = {}  # by the mention's signature
        for i in numbers:
            mention = mentions[i]
            scopes = ["all"]
            if mention.published_date is not None:
                scopes.append(("dated", mention.published_date.year))
            for scope in scopes:
                for feature, values in _features(mention).items():
                    for value in values or (None,):
                        self._hold(scope, feature, value, i)
                self.holders[(scope, "any", None)].append(i)

    def _hold(self, scope, feature: str, value, i: int) -> None:
        key = (scope, feature, value)
        if key not in self.holders and value is not None:
            self.values[(scope, feature)][value] = None
            if feature in ("topic", "given"):
                for word in _content_words(value):
                    self.words[(scope, feature)][word].append(value)
        self.holders[key].append(i)

    def join(self, sets: _Sets, preferred: str | None) -> None:
        """Each mention with the witnesses of one of its checks: the
        ``preferred`` one, else the one with the fewest."""
        joined: set[_Key] = set()
        for i in self.seekers:
            mention = self.mentions[i]
            signature = _signature(mention)
            if signature not in self.checks:
                self.checks[signature] = self._checks(mention)
            checks = self.checks[signature]
            keys = checks[preferred] if preferred in checks else min(checks.values(), key=self._count)
            for key in keys:
                if key not in joined:
                    sets.union_all(self.holders[key])
                    joined.add(key)
                sets.union(i, self.holders[key][0])

    def _count(self, keys: list[_Key]) -> int:
        return sum(len(self.holders.get(key, ())) for key in keys)

    def _checks(self, mention: InspectionMention) -> dict[str, list[_Key]]:
        """For each check of the mention, the keys of its possible witnesses."""
        features = _features(mention)
        if mention.published_date is not None:
            scope = ("dated", mention.published_date.year)
            month = _month(mention)
            checks = {"date": [(scope, "month", None), (scope, "month", month)] if month else [(scope, "any", None)]}
        else:
            scope = "all"
            checks = {"evidence": self._evidence(mention, features)}
        base = [key for key in next(iter(checks.values())) if key in self.holders]
        for feature in ("area", "topic", "subject", "given"):
            if features[feature]:
                # A group with no such feature at all: the witness of the
                # date or evidence check is a member, so it has none either.
                keys = [self._both((scope, feature, None), key) for key in base]
                keys += self._compatible(scope, feature, features[feature])
                if feature == "topic" and mention.area:
                    keys += [(scope, "area", value) for value in self.values[(scope, "area")]]
                checks[feature] = keys
        return {name: [key for key in keys if key in self.holders] for name, keys in checks.items()}

    def _both(self, key: _Key, other: _Key) -> _Key:
        """The key of the mentions held by both keys."""
        both = ("both", key, other)
        if both not in self.holders and key in self.holders:
            mine = set(self.holders[key])
            common = [i for i in self.holders[other] if i in mine]
            if common:
                self.holders[both] = common
        return both

    def _compatible(self, scope, feature: str, values: tuple) -> list[_Key]:
        found: list = []
        for value in values:
            if feature == "area":
                found += [other for other in self.values[(scope, "area")] if value <= other or other <= value]
            elif feature in ("topic", "given"):
                near = {other for word in _content_words(value) for other in self.words[(scope, feature)][word]}
                found += [other for other in near if _similarity(value, other) >= 0.5]
            else:
                found.append(value)
        return [(scope, feature, value) for value in dict.fromkeys(found)]

    def _evidence(self, mention: InspectionMention, features: dict) -> list[_Key]:
        keys = [("all", "subject", s) for s in features["subject"]]
        if features["area"]:
            keys.append(("all", "area", features["area"][0]))
        keys += self._compatible("all", "topic", features["topic"])
        if mention.inspection_type == "annual_report":
            keys.append(("all", "kind", "annual_report"))
        if features["area"] and mention.provider_ids:
            # A compatible area (0.5) is evidence only with a shared provider (0.5).
            near = [key for key in self._compatible("all", "area", features["area"]) if key not in keys]
            providers = [("all", "provider", p) for p in mention.provider_ids]
            keys += min(near, providers, key=self._count)
        return keys


def _features(mention: InspectionMention) -> dict[str, tuple]:
    topic = mention.topic or mention.given_title
    return {
        "area": (_area_words(mention.area),) if mention.area else (),
        "topic": (topic,) if topic else (),
        "subject": tuple(mention.subject_ids),
        "given": (mention.given_title,) if mention.given_title else (),
        "provider": tuple(mention.provider_ids),
        "kind": (mention.inspection_type,),
        "month": (_month(mention),) if _month(mention) else (),
    }


def _month(mention: InspectionMention) -> int | None:
    if mention.published_date is None or mention.date_precision == "year":
        return None
    return mention.published_date.month


def _signature(mention: InspectionMention) -> tuple:
    """What the checks of a mention depend on."""
    return (mention.published_date is not None and (mention.published_date.year, _month(mention)),
            mention.area, mention.topic or mention.given_title, tuple(mention.subject_ids), mention.given_title,
            mention.inspection_type == "annual_report", tuple(mention.provider_ids))
