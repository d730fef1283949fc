"""Quote groups: the same quotation across documents, found from scratch and
again after a change, with the groups of the build before."""

from __future__ import annotations

import hashlib
from collections import Counter
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.resolve import quote_groups as module
from pipelines.resolve.quote_groups import quote_group_names

FULL = "Services are now well below what people rightly expect, and the city is more at risk."


def test_a_reworded_and_a_partial_quotation_join_the_full_one():
    names = quote_group_names([
        FULL,
        FULL.replace("rightly", "quite rightly"),
        "well below what people rightly expect, and the city is more at risk",
        "We recognise the importance of independent inspection.",
    ])
    assert names[0] == names[1] == names[2] != names[3]


def test_a_group_is_named_after_its_earliest_wording():
    names = quote_group_names(["Caseloads have reduced since a year ago.", FULL, FULL + " Indeed."])
    assert names[1] == names[2] == "qg-" + hashlib.sha1(module.quote_group_key(FULL).encode()).hexdigest()[:12]


def test_the_same_words_scattered_are_not_a_partial_quotation():
    names = quote_group_names([
        "notable improvement from a very low base",
        "The quality of work has improved from a very low base, and is still improving. "
        "That is not acceptable but it is a notable improvement and achievement for this company.",
    ])
    assert names[0] != names[1]


# A literal reading of the rule, written for the test: every pair of
# wordings where one holds one of the other's INDEX_WORDS rarest words (by
# how many wordings hold each word, ties by the word) and the two match; the
# groups are the connected components, named after their earliest wording.
def _literal_groups(texts: list[str]) -> list[str]:
    keys = [module.quote_group_key(t) for t in texts]
    distinct = list(dict.fromkeys(keys))
    words = [set(d.split()) for d in distinct]
    held_by = Counter(w for ws in words for w in ws)
    rarest = [set(sorted(ws, key=lambda w: (held_by[w], w))[: module.INDEX_WORDS]) for ws in words]
    group = list(range(len(distinct)))
    for i in range(len(distinct)):
        for j in range(i + 1, len(distinct)):
            candidate = words[j] & rarest[i] or words[i] & rarest[j]
            same = module.matches(distinct[i].split(), distinct[j].split(), frozenset(words[i]), frozenset(words[j]))
            if candidate and same:
                old, new = max(group[i], group[j]), min(group[i], group[j])
                group = [new if g == old else g for g in group]
    name = {d: "qg-" + hashlib.sha1(distinct[group[i]].encode()).hexdigest()[:12] for i, d in enumerate(distinct)}
    return [name[k] for k in keys]


# Few words, so wordings share them and rarest words shift when a wording
# comes or goes; wordings of up to 10 words, so a wording's rarest few are
# not all of its words.
VOCABULARY = "the city is at risk people expect services well below rightly probation staff work".split()
wording = st.lists(st.sampled_from(VOCABULARY), min_size=2, max_size=10, unique=True).map(" ".join)


@st.composite
def reworded(draw, text: str) -> str:
    """``text`` cut, lengthened, or with a word replaced."""
    words = text.split()
    how = draw(st.sampled_from(["cut", "longer", "replace"]))
    if how == "cut":
        cut = draw(st.integers(0, len(words) - 1))
        return " ".join(words[cut:])
    if how == "longer":
        return " ".join([*words, draw(wording)])
    at = draw(st.integers(0, len(words) - 1))
    return " ".join([*words[:at], draw(st.sampled_from(VOCABULARY)), *words[at + 1 :]])


@st.composite
def before_and_after(draw):
    """A corpus, and the same corpus after quotations were removed, added
    (new ones, and pieces or rewordings of old ones) and the order changed."""
    before = draw(st.lists(wording, min_size=1, max_size=8))
    before += [draw(reworded(text)) for text in draw(st.lists(st.sampled_from(before), max_size=8))]
    kept = [t for t in before if draw(st.booleans()) or draw(st.booleans())]
    added = draw(st.lists(wording, max_size=3))
    added += [draw(reworded(text)) for text in draw(st.lists(st.sampled_from(before), max_size=4))]
    after = kept + added
    order = draw(st.permutations(range(len(after)))) if after else []
    return before, [after[i] for i in order]


@settings(max_examples=400, deadline=None)
@given(before_and_after(), st.sampled_from([1, 2, module.INDEX_WORDS]))
def test_groups_from_scratch_and_after_a_change_equal_the_literal_rule(corpora, index_words):
    before, after = corpora
    # Fewer index words make more matching pairs fail to be candidates, so
    # a change of rarest words removes and adds edges more often. Small
    # corpora change mostly: without the share they would mostly be grouped
    # again from scratch.
    with mock.patch.object(module, "INDEX_WORDS", index_words), mock.patch.object(module, "REDO_ALL_SHARE", 1.0):
        assert quote_group_names(before) == _literal_groups(before)
        memo: dict = {}
        quote_group_names(before, memo=memo)
        assert quote_group_names(after, memo=memo) == _literal_groups(after)
        # The memo now holds the corpus after: a rebuild with nothing changed agrees too.
        assert quote_group_names(after, memo=memo) == _literal_groups(after)


NINE = "one two three four five six seven eight nine"


def test_a_pair_that_stops_being_a_candidate_splits_its_group():
    # Nine shared words of ten: the same quotation, but a candidate pair only
    # while one's rarest word is a shared one, that is while "pp" and "qq"
    # are held by other wordings too.
    a, b = f"{NINE} pp", f"{NINE} qq"
    memo: dict = {}
    with mock.patch.object(module, "INDEX_WORDS", 1):
        before = quote_group_names([a, b, "pp", "qq"], memo=memo)
        after = quote_group_names([a, b], memo=memo)
        assert before[0] == before[1] and after == _literal_groups([a, b])
        assert after[0] != after[1]
        assert quote_group_names([a, b, "pp", "qq"], memo=memo) == before


def test_one_quotation_added_is_compared_only_with_its_candidates(monkeypatch):
    corpus = [f"{FULL} Number {n} of many said in {n} places." for n in range(40)]
    corpus += [f"Caseloads in region {n} have reduced since a year ago by {n}." for n in range(40)]
    memo: dict = {}
    quote_group_names(corpus, memo=memo)
    compared = []
    real = module.matches
    monkeypatch.setattr(module, "matches", lambda *a: compared.append(a) or real(*a))
    added = [*corpus, "We recognise the importance of independent inspection."]
    names = quote_group_names(added, memo=memo)
    with_memo = len(compared)
    compared.clear()
    assert names == quote_group_names(added)
    assert with_memo < len(compared) / 10
    # Two groups of 40 before: one comparison per member joins each from scratch.
    assert len(set(names)) == 3 and len(compared) >= 78
