"""The quotation extractor's words, read once from refdata: speech and finding verbs,
honorifics, role words, bodies that speak."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pipelines.refdata import load_refdata


@dataclass(frozen=True)
class SpeakingBody:
    """A body that speaks ("the Ministry of Justice said"), from refdata/bodies.yaml."""

    name: str
    speaker_type: str
    aliases: tuple[str, ...]
    generic_aliases: tuple[str, ...]


@dataclass(frozen=True)
class _Lexicon:
    cue_lemmas: frozenset[str]
    finding_lemmas: frozenset[str]
    prepositional_cues: tuple[tuple[str, ...], ...]
    name_introducers: tuple[str, ...]
    title_nouns: tuple[str, ...]
    honorifics: dict[str, str | None]
    name_suffixes: frozenset[str]
    role_words: frozenset[str]
    spokesperson_words: frozenset[str]
    organisation_words: frozenset[str]
    role_prepositions: frozenset[str]
    bodies: tuple[SpeakingBody, ...]
    body_aliases: re.Pattern  # proper names of bodies, case-insensitive
    body_by_alias: dict[str, SpeakingBody]
    body_by_generic: dict[tuple[str, ...], SpeakingBody]


def _key(word: str) -> str:
    """Comparison form of a word: case-folded, curly apostrophe straightened,
    trailing full stop dropped ("Mr." == "mr")."""
    return word.replace("’", "'").casefold().rstrip(".")


def _word_keys(text: str) -> tuple[str, ...]:
    return tuple(_key(w) for w in re.findall(r"[^\W_]+|['’&]", text))


@functools.lru_cache(maxsize=1)
def bodies() -> tuple[SpeakingBody, ...]:
    """Every body of refdata/bodies.yaml: the one reader of that file."""
    return tuple(
        SpeakingBody(
            name=row["name"],
            speaker_type=row["speaker_type"],
            aliases=tuple(row.get("aliases") or ()),
            generic_aliases=tuple(row.get("generic_aliases") or ()),
        )
        for row in load_refdata("bodies")["bodies"]
    )


@dataclass(frozen=True)
class Honorific:
    """A form of address ("Dame", "Mr") and the gender it implies, if any."""

    word: str
    gender: str | None


@functools.lru_cache(maxsize=1)
def honorifics() -> tuple[Honorific, ...]:
    """The honorifics of refdata/speaker_titles.yaml, as written there."""
    return tuple(Honorific(str(h["word"]), h.get("gender")) for h in load_refdata("speaker_titles")["honorifics"])


@functools.lru_cache(maxsize=1)
def name_particles() -> frozenset[str]:
    """The name_particles of refdata/speaker_titles.yaml ("de", "van"), lower case."""
    return frozenset(str(w).lower() for w in load_refdata("speaker_titles")["name_particles"])


@functools.lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    verbs = load_refdata("speech_verbs")
    titles = load_refdata("speaker_titles")
    speaking = bodies()
    by_alias = {_key(a): b for b in reversed(speaking) for a in (b.name, *b.aliases)}
    by_generic: dict[tuple[str, ...], SpeakingBody] = {}
    for body in speaking:
        for alias in body.generic_aliases:
            by_generic.setdefault(_word_keys(alias), body)
    aliases = sorted({a for b in speaking for a in (b.name, *b.aliases)}, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(a).replace("'", "['’]") for a in aliases) + r")(?![\w-])",
        re.IGNORECASE,
    )
    return _Lexicon(
        cue_lemmas=frozenset(_key(v) for v in (*verbs["speech_verbs"], *verbs["finding_verbs"])),
        finding_lemmas=frozenset(_key(v) for v in verbs["finding_verbs"]),
        prepositional_cues=tuple(tuple(c.casefold().split()) for c in verbs["prepositional_cues"]),
        name_introducers=tuple(w.casefold() for w in verbs["name_introducers"]),
        title_nouns=tuple(w.casefold() for w in verbs.get("title_nouns") or ()),
        honorifics={_key(h.word): h.gender for h in honorifics()},
        name_suffixes=frozenset(_key(s) for s in titles["name_suffixes"]),
        role_words=frozenset(_key(w) for w in titles["role_words"]),
        spokesperson_words=frozenset(_key(w) for w in titles["spokesperson_words"]),
        organisation_words=frozenset(_key(w) for w in titles["organisation_words"]),
        role_prepositions=frozenset(_key(w) for w in titles["role_prepositions"]),
        bodies=speaking,
        body_aliases=pattern,
        body_by_alias=by_alias,
        body_by_generic=by_generic,
    )
