"""Groups of the same quotation carried by several documents.

Two wordings are one quotation when their word sets overlap enough or one
runs, in order, inside the other (``matches``). Only candidate pairs are
compared: pairs where one wording holds a word among the other's rarest few
across the corpus. The groups are the connected components of the matching
candidate pairs, named after their earliest wording.

A rebuild compares again only what a change can affect. Whether a pair is a
candidate depends on the two wordings and their rarest words, and whether it
matches on the two wordings alone; so a pair of wordings that were both in
the corpus before, and whose rarest words did not change, is an edge exactly
when it was. A group of before stays whole unless it lost a wording or one
of its edges (a member whose rarest words changed no longer a candidate with
a member it matched); every such group, every new wording and every wording
whose rarest words changed is compared afresh against the corpus. The result
is the components of the new corpus's edges, as from scratch
(tests/resolve/test_quote_groups.py compares the two).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

__all__ = ["quote_group_key", "quote_group_names"]

# Two quotations are the same when their word sets overlap this much
# (Jaccard), or when this share of the shorter one's words, at least
# CONTAINED_MIN_WORDS distinct ones, run in order inside the longer one (a
# partial quotation of the same statement).
SAME_QUOTE_JACCARD = 0.8
SAME_QUOTE_CONTAINED = 0.9
CONTAINED_MIN_WORDS = 5
# Candidate pairs come from the rarest words each quotation holds.
INDEX_WORDS = 4
# When a change reaches more than this share of the wordings, a rebuild
# groups them all from scratch, which is quicker than wording by wording.
REDO_ALL_SHARE = 0.5


def quote_group_key(text: str) -> str:
    """The comparison form of a quotation: lower-case words, straight apostrophes."""
    return " ".join(words_of(text))


def words_of(text: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", unicodedata.normalize("NFKC", text).casefold().replace("’", "'"))


def quote_group_names(texts: list[str], memo: MutableMapping[str, Any] | None = None) -> list[str]:
    """The group name of each quotation text, in the order given (the
    corpus's order: a group is named after its earliest wording). With
    ``memo``, the groups of the build before are reused where no change can
    have reached them, and this build's are kept for the next."""
    keys = [quote_group_key(text) for text in texts]
    corpus = _Wordings(list(dict.fromkeys(keys)))
    state_key = _state_key()
    previous = memo.get(state_key) if memo is not None else None
    if isinstance(previous, _Grouping):
        root = corpus.components_after(previous)
    else:
        root = corpus.components()
    if memo is not None:
        memo[state_key] = corpus.grouping(root)
    names = {}
    for i, text in enumerate(corpus.distinct):
        if root[i] == i:
            names[i] = f"qg-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:12]}"
    position = {text: i for i, text in enumerate(corpus.distinct)}
    return [names[root[position[key]]] for key in keys]


def _state_key() -> str:
    return "quote-groups:" + hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


@dataclass(frozen=True)
class _Grouping:
    """What a build leaves for the next: each wording's rarest words and the
    earliest wording of its group."""

    rarest: dict[str, frozenset[str]]
    group: dict[str, str]


class _Wordings:
    """The corpus's distinct wordings, their words and rarest words."""

    def __init__(self, distinct: list[str]) -> None:
        self.distinct = distinct
        self.sequences = [text.split() for text in distinct]
        self.words = [frozenset(seq) for seq in self.sequences]
        frequency = Counter(w for ws in self.words for w in ws)
        self.rarest = [frozenset(sorted(ws, key=lambda w: (frequency[w], w))[:INDEX_WORDS]) for ws in self.words]
        self.parent = list(range(len(distinct)))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def _join(self, a: int, b: int) -> None:
        self.parent[max(a, b)] = min(a, b)  # the earliest wording names the group

    def _join_if_same(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b and matches(self.sequences[i], self.sequences[j], self.words[i], self.words[j]):
            self._join(a, b)

    def _roots(self) -> list[int]:
        return [self.find(i) for i in range(len(self.distinct))]

    def components(self) -> list[int]:
        """Each wording's group (its earliest wording's index), from scratch."""
        for i, j in candidate_pairs(self.words, self.rarest):
            self._join_if_same(i, j)
        return self._roots()

    def components_after(self, previous: _Grouping) -> list[int]:
        """The same as ``components()``, comparing again only the wordings a
        change since ``previous`` can have affected."""
        index = {text: i for i, text in enumerate(self.distinct)}
        fresh = {i for i, text in enumerate(self.distinct) if text not in previous.rarest}
        changed = [i for i, text in enumerate(self.distinct) if i not in fresh and previous.rarest[text] != self.rarest[i]]
        members: dict[str, list[int]] = defaultdict(list)
        for i, text in enumerate(self.distinct):
            if i not in fresh:
                members[previous.group[text]].append(i)
        broken = {previous.group[text] for text in previous.group if text not in index}
        broken |= {previous.group[self.distinct[i]] for i in changed if self._lost_an_edge(i, previous, members)}
        redo = fresh | set(changed)
        for group, held in members.items():
            if group in broken:
                redo.update(held)
            else:
                for i in held[1:]:
                    self._join(self.find(held[0]), self.find(i))
        if not redo:
            return self._roots()
        if len(redo) > REDO_ALL_SHARE * len(self.distinct):
            return self.components()  # most of it again: the one pass is quicker
        for i, j in self._pairs_of(sorted(redo)):
            self._join_if_same(i, j)
        return self._roots()

    def _lost_an_edge(self, i: int, previous: _Grouping, members: dict[str, list[int]]) -> bool:
        """Whether wording ``i`` (its rarest words changed) matched a member
        of its group that it is no longer a candidate pair with: only within
        a group can such a pair have been an edge."""
        text, old = self.distinct[i], previous.rarest
        for j in members[previous.group[text]]:
            if j == i:
                continue
            was = not self.words[j].isdisjoint(old[text]) or not self.words[i].isdisjoint(old[self.distinct[j]])
            now = not self.words[j].isdisjoint(self.rarest[i]) or not self.words[i].isdisjoint(self.rarest[j])
            if was and not now and matches(self.sequences[i], self.sequences[j], self.words[i], self.words[j]):
                return True
        return False

    def _pairs_of(self, wordings: list[int]) -> Iterator[tuple[int, int]]:
        """Every candidate pair holding one of ``wordings``."""
        holding: dict[str, list[int]] = defaultdict(list)
        postings: dict[str, list[int]] = defaultdict(list)
        for j, ws in enumerate(self.words):
            for word in ws:
                holding[word].append(j)
            for word in self.rarest[j]:
                postings[word].append(j)
        for i in wordings:
            partners = {j for word in self.rarest[i] for j in holding[word]}
            partners.update(j for word in self.words[i] for j in postings.get(word, ()))
            partners.discard(i)
            for j in sorted(partners):
                yield i, j

    def grouping(self, root: list[int]) -> _Grouping:
        return _Grouping(
            rarest=dict(zip(self.distinct, self.rarest)),
            group={text: self.distinct[root[i]] for i, text in enumerate(self.distinct)},
        )


def candidate_pairs(words: list[frozenset[str]], rarest: list[frozenset[str]]) -> Iterator[tuple[int, int]]:
    """Pairs of wordings where one holds a word among the other's rarest
    few, each pair once. Generated one wording at a time: a corpus's pairs
    run to tens of millions, too many to hold."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, index_words in enumerate(rarest):
        for word in index_words:
            postings[word].append(i)
    for i, ws in enumerate(words):
        seen: set[int] = set()
        for word in ws:
            for j in postings.get(word, ()):
                if j == i or j in seen:
                    continue
                seen.add(j)
                # A pair found from both sides is yielded from the earlier one.
                if j < i and not words[j].isdisjoint(rarest[i]):
                    continue
                yield (i, j) if i < j else (j, i)


def matches(seq_a: list[str], seq_b: list[str], a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two wordings are one quotation."""
    return _could_match(seq_a, seq_b, a, b) and (_same_quotation(a, b) or _contained(seq_a, seq_b))


def _could_match(seq_a: list[str], seq_b: list[str], a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether the sizes allow either test to pass: a Jaccard of 0.8 needs
    word sets within 80% of each other's size; a partial quotation needs
    CONTAINED_MIN_WORDS distinct words in the shorter quotation."""
    shorter = a if len(seq_a) <= len(seq_b) else b
    small, large = sorted((len(a), len(b)))
    return len(shorter) >= CONTAINED_MIN_WORDS or (small > 0 and small / large >= SAME_QUOTE_JACCARD)


def _same_quotation(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b) and len(a & b) / len(a | b) >= SAME_QUOTE_JACCARD


def _contained(a: list[str], b: list[str]) -> bool:
    """A partial quotation: the shorter one's words, in order and close
    together, inside the longer one (not the same words scattered)."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(set(short)) < CONTAINED_MIN_WORDS:
        return False
    # Only tokens whose word the longer one has can match: a cheap bound
    # that rules out most pairs before the alignment.
    present = set(long_)
    if sum(w in present for w in short) < SAME_QUOTE_CONTAINED * len(short):
        return False
    blocks = [m for m in SequenceMatcher(None, short, long_, autojunk=False).get_matching_blocks() if m.size]
    if not blocks:
        return False
    matched = sum(m.size for m in blocks)
    spread = blocks[-1].b + blocks[-1].size - blocks[0].b
    return matched >= SAME_QUOTE_CONTAINED * len(short) and spread <= 1.5 * len(short) + 2
