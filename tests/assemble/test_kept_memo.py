"""The memo a corpus-wide step finds again in the next build
(pipelines/reuse.py ``kept_memo``): what this build used is kept, the rest
dropped, and a failed step or other code keeps nothing new."""

from __future__ import annotations

import pytest

from pipelines import reuse
from pipelines.reuse import kept_memo


def test_the_next_build_finds_the_entries_this_build_used(tmp_path):
    with kept_memo(tmp_path, "merge") as memo:
        memo["a"], memo["b"] = 1, 2
    with kept_memo(tmp_path, "merge") as memo:
        assert memo["a"] == 1  # used again; "b" is not
        memo["c"] = 3
    with kept_memo(tmp_path, "merge") as memo:
        assert dict(memo) == {"a": 1, "c": 3}


def test_a_failed_step_keeps_the_old_memo(tmp_path):
    with kept_memo(tmp_path, "merge") as memo:
        memo["a"] = 1
    with pytest.raises(RuntimeError), kept_memo(tmp_path, "merge") as memo:
        memo["b"] = 2
        raise RuntimeError("the step failed")
    with kept_memo(tmp_path, "merge") as memo:
        assert dict(memo) == {"a": 1}


def test_other_code_starts_an_empty_memo(tmp_path, monkeypatch):
    with kept_memo(tmp_path, "merge") as memo:
        memo["a"] = 1
    monkeypatch.setattr(reuse, "code_digest", lambda: "other code")
    with kept_memo(tmp_path, "merge") as memo:
        assert dict(memo) == {}
