"""The inspectorates and the cue phrases of inspection reports, read once from refdata."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable

from pipelines.extract.slugs import slugify
from pipelines.refdata import load_refdata


@dataclass(frozen=True)
class Inspectorate:
    inspectorate_id: str
    name: str
    slug: str
    aliases: tuple[str, ...]
    chief_titles: tuple[str, ...]
    default: bool = False


@dataclass(frozen=True)
class InspectionLexicon:
    inspectorates: tuple[Inspectorate, ...]
    alias_pattern: re.Pattern
    alias_owner: dict[str, str]
    chief_pattern: re.Pattern
    cues: dict[str, tuple[str, ...]]
    cue_patterns: dict[str, re.Pattern]
    future_before: re.Pattern  # the report is a plan: "the next inspection", "will carry out an inspection"
    previous_before: re.Pattern  # the report is an earlier one: "its previous inspection", "last year's report"
    looking_back: re.Pattern  # a clause recalling an earlier report opens here: "since an inspection in 2016"
    listing: re.Pattern  # several units inspected, in one list: "inspecting the probation units in A, B and C"
    publication: re.Pattern  # words that tie a date to a report: "published", "available"
    agent: re.Pattern  # who writes inspection reports: "inspectors", "the watchdog's"
    other_report_before: re.Pattern  # ends a text just before "report" of another kind: "pre-sentence "
    not_area: re.Pattern  # a word that makes a capitalised phrase an organisation: "Police", "Trust"
    provider_eras: dict[str, tuple[int | None, int | None]]  # provider_type -> (first year, last year)
    speech_verb: re.Pattern  # "said", "told": the sentence reports speech
    finding_verb: re.Pattern  # "found", "concluded": the sentence states a finding
    inspectors_at_work: re.Pattern  # after who inspects: "(have) found", "looked at" (matched from the cue's end)
    last_inspected: re.Pattern  # "last inspected", "previously rated": an earlier inspection
    passive_inspected: re.Pattern  # "was inspected", "has been rated": the subject before it was inspected
    not_place_start: frozenset[str]  # capitalised words before "Youth Offending Service" that are not its place

    @property
    def default(self) -> Inspectorate:
        return next((i for i in self.inspectorates if i.default), self.inspectorates[0])

    def by_id(self, inspectorate_id: str) -> Inspectorate | None:
        return next((i for i in self.inspectorates if i.inspectorate_id == inspectorate_id), None)

    def inspectorate_of(self, alias_text: str) -> str | None:
        return self.alias_owner.get(_fold_first(alias_text))


def _fold_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _phrase_pattern(phrase: str) -> str:
    """A lowercase-first phrase also matches when capitalised (sentence start)."""
    body = re.escape(phrase).replace(r"\ ", r"\s+")
    if phrase[:1].islower():
        body = f"[{phrase[0]}{phrase[0].upper()}]" + body[1:]
    return body


def _alternation(phrases: Iterable[str], flags: int = 0) -> re.Pattern:
    ordered = sorted(set(p for p in phrases if p), key=len, reverse=True)
    if not ordered:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<![\w-])(?:" + "|".join(_phrase_pattern(p) for p in ordered) + r")(?![\w-])", flags)


@functools.lru_cache(maxsize=1)
def lexicon() -> InspectionLexicon:
    """The inspectorates and cues of refdata/inspectorates.yaml, typed (this module is the one reader of that file)."""
    data = load_refdata("inspectorates") or {}
    inspectorates = tuple(
        Inspectorate(
            inspectorate_id=row["inspectorate_id"],
            name=row["name"],
            slug=row.get("slug") or slugify(row["name"]),
            aliases=tuple(row.get("aliases") or ()),
            chief_titles=tuple(row.get("chief_titles") or ()),
            default=bool(row.get("default")),
        )
        for row in data.get("inspectorates") or ()
    ) or (Inspectorate("hmi-probation", "HM Inspectorate of Probation", "hmip", (), (), True),)
    owner = {}
    for inspectorate in inspectorates:
        for alias in (inspectorate.name, *inspectorate.aliases):
            owner.setdefault(_fold_first(alias), inspectorate.inspectorate_id)
    cues = {key: tuple(values or ()) for key, values in (data.get("cues") or {}).items()}
    cue_patterns = {key: _alternation(values, re.IGNORECASE) for key, values in cues.items()}
    cue_patterns["other_authors"] = _alternation(cues.get("other_authors", ()))
    words = functools.partial(_word_alternation, cues)
    verbs = data.get("report_verbs") or {}
    return InspectionLexicon(
        inspectorates=inspectorates,
        alias_pattern=_alternation(owner_alias for i in inspectorates for owner_alias in (i.name, *i.aliases)),
        alias_owner=owner,
        chief_pattern=_alternation(t for i in inspectorates for t in i.chief_titles),
        cues=cues,
        cue_patterns=cue_patterns,
        future_before=re.compile(
            rf"\b(?:{words('future_adjectives')})\s+(?:[\w-]+\s+)?$"
            rf"|\b(?:{words('future_verbs')})\s+(?:(?!that\b|remember\b|recall\b)[\w-]+\s+){{0,4}}$",
            re.I,
        ),
        previous_before=re.compile(
            rf"\b(?:{words('previous')})\s+(?:[\w-]+\s+){{0,2}}$|\blast\s+year['’]s\s+(?:[\w-]+\s+){{0,3}}$", re.I),
        listing=re.compile(
            rf"\b(?:{words('listing_lead')})\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}?(?:{words('listed_units')})\s+"
            rf"(?:in|of|at|for|across)\s+(?P<list>{_LISTED}(?:,\s+{_LISTED})*,?\s+(?:and|&)\s+{_LISTED})",
            re.I),
        looking_back=re.compile(rf"\b(?:{words('looking_back')})\s+(?:[\w'’-]+\s+){{0,3}}$", re.I),
        publication=re.compile(rf"\b(?:{words('publication')})\b", re.I),
        agent=re.compile(rf"(?<![\w-])(?:{words('agents')})(?:['’]s?)?(?![\w-])", re.I),
        other_report_before=re.compile(rf"(?:{words('other_reports')})\s+$", re.I),
        provider_eras={kind: tuple(years) for kind, years in (data.get("provider_eras") or {}).items()},
        not_area=re.compile(r"\b(?:" + "|".join(re.escape(w) for w in data.get("not_area_words") or ()) + r")\b"),
        speech_verb=_verb_pattern(verbs.get("speech")),
        finding_verb=_verb_pattern(verbs.get("finding")),
        inspectors_at_work=re.compile(
            rf"\s+(?:have\s+|had\s+|has\s+)?(?:also\s+)?(?:{_word_alternation(verbs, 'inspecting')})\b", re.I),
        last_inspected=re.compile(
            rf"\b(?:last|previously|earlier|first)\s+(?:{_word_alternation(verbs, 'inspected_earlier')})\b", re.I),
        passive_inspected=re.compile(
            rf"\b(?:was|were|has\s+been|have\s+been|had\s+been|is\s+being)\s+"
            rf"(?:{_word_alternation(verbs, 'inspected_as')})\b", re.I),
        not_place_start=frozenset(data.get("not_place_start") or ()),
    )


def inspectorates() -> tuple[Inspectorate, ...]:
    """The inspectorates of refdata/inspectorates.yaml (this module is the one reader of that file)."""
    return lexicon().inspectorates


def _verb_pattern(forms: Iterable[str] | None) -> re.Pattern:
    if not forms:
        return re.compile(r"(?!x)x")
    return re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b", re.I)


# One name in a list of places: capitalised words ("North Manchester").
_LISTED = r"(?-i:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)"


def _word_alternation(cues: dict[str, Iterable[str]], key: str) -> str:
    phrases = sorted(cues.get(key) or (), key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases) or r"(?!x)x"
