"""A corpus-wide result reused while its corpus and code are unchanged
(pipelines/reuse.py ``reuse``)."""

from __future__ import annotations

from pipelines.reuse import reuse

UNPICKLED: list[str] = []


class _Recorded:
    """A value that notes each time it is unpickled."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __reduce__(self):
        return (_unpickled, (self.name,))


def _unpickled(name: str) -> _Recorded:
    UNPICKLED.append(name)
    return _Recorded(name)


def test_the_same_corpus_reads_the_result_back_without_computing_it(tmp_path):
    assert reuse(tmp_path, "corpus-1", "table", lambda: [1, 2]) == [1, 2]
    assert reuse(tmp_path, "corpus-1", "table", lambda: _must_not_compute()) == [1, 2]


def test_a_changed_corpus_computes_again_without_unpickling_the_stale_result(tmp_path):
    UNPICKLED.clear()
    reuse(tmp_path, "corpus-1", "table", lambda: _Recorded("old"))
    assert reuse(tmp_path, "corpus-2", "table", lambda: "new") == "new"
    assert UNPICKLED == []  # the stale value was skipped, not read and thrown away
    assert reuse(tmp_path, "corpus-2", "table", lambda: "other") == "new"


def test_a_torn_result_is_computed_again(tmp_path):
    reuse(tmp_path, "corpus-1", "table", lambda: list(range(1000)))
    stored = tmp_path / "table.pickle"
    stored.write_bytes(stored.read_bytes()[:-50])
    assert reuse(tmp_path, "corpus-1", "table", lambda: "again") == "again"


def _must_not_compute():
    raise AssertionError("computed although the stored result was current")
