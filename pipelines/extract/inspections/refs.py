"""A sentence's references to an inspection, the cues that make them, and their dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pipelines.extract.inspections.sentences import _Sentence


@dataclass(frozen=True)
class _Date:
    value: date
    precision: str
    explicit: bool  # written in the text with its year, or tied to the text's own "today"

    def key(self) -> tuple[int, int | None]:
        return (self.value.year, self.value.month if self.precision in ("month", "day") else None)


@dataclass
class _Cue:
    start: int
    end: int
    kind: str  # report | agent | inspected ("last inspected") | passive ("was inspected") | listed (units listed)
    status: str = "current"
    strong: bool = False
    distinct: bool = False  # "a separate report"


@dataclass
class _Ref:
    sentence: _Sentence
    status: str
    cues: list[_Cue]
    introduces: bool = False
    topic: str | None = None
    given_title: str | None = None
    type_cues: frozenset[str] = frozenset()
    inspectorates: tuple[str, ...] = ()
    area: str | None = None
    area_from_topic: bool = False
    date: _Date | None = None
    providers: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()  # the providers inspected: named in the topic or as "X was inspected"
    strong: bool = False
    distinct: bool = False

    @property
    def span(self) -> tuple[int, int]:
        return (self.sentence.start, self.sentence.end)
