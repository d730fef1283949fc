"""The per-document records the quotation rules share: paragraphs, speech events,
attributions, name mentions and readings of noun phrases."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipelines.extract.quotes.candidate import SpeakerRef
from pipelines.extract.quotes.lexicon import SpeakingBody, name_particles
from pipelines.extract.quotes.marks import _Marked
from pipelines.read.document import Section, Span


@dataclass
class _Para:
    index: int
    span: Span
    section: Section
    quotes: list[_Marked]
    headline: bool = False
    breaks: list[int] = field(default_factory=list)  # sentence starts inside the paragraph


@dataclass(frozen=True)
class _Event:
    """A speech or finding verb with the speaker it attributes words to."""

    token_i: int
    char: int
    cue: str
    finding: bool  # a finding verb ("found", "judged") rather than a speech verb
    speaker: SpeakerRef | None
    para: int
    section: int
    in_headline: bool
    spokesperson: bool = False  # spoken by "a spokesman for X": X speaks, through a person
    anonymous: bool = False  # a subject the text gives but names no one by ("staff", "one officer")


@dataclass(frozen=True)
class _Attribution:
    speaker: SpeakerRef | None = None
    cue: str | None = None
    finding: bool = False
    anonymous: bool = False

    @classmethod
    def of(cls, event: _Event) -> _Attribution:
        return cls(event.speaker, event.cue, event.finding, event.anonymous)


@dataclass(frozen=True)
class _NameMention:
    tokens: tuple[str, ...]
    char: int
    gender: str | None
    role: str | None
    organisation: str | None


@dataclass(frozen=True)
class _Reading:
    """What a noun phrase naming a speaker turned out to be."""

    kind: str  # person | provider | body | org | role | none
    name_tokens: tuple[str, ...] = ()
    gender: str | None = None
    role: str | None = None
    organisation: str | None = None
    body: SpeakingBody | None = None
    provider_id: str | None = None
    org_name: str | None = None
    document: bool = False  # a body read from one of its documents ("the report")


_NONE = _Reading("none")
# Pronouns and determiners are English grammar, not the domain's words, so
# they stay here; the particles of names are reference data.
_PERSON_PRONOUNS = {"he": "male", "him": "male", "she": "female", "her": "female"}
_THING_PRONOUNS = {"it", "they", "them"}
_RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our"}
_NAME_PARTICLES = name_particles()  # refdata/speaker_titles.yaml
_FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
_CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"}
