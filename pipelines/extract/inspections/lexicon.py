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
    report_noun: re.Pattern  # "inspection", "annual report", "reviews" (group plural): a report cue
    review_kind_before: re.Pattern  # "thematic ", "the Inspectorate's ": a review right after is a report
    future_after: re.Pattern  # "will take place", "is due" right after a report noun: a plan
    distinct_before: re.Pattern  # "a separate ": the report noun after names another report
    nested_topic: re.Pattern  # "the recent inspection of ": a topic that is a report itself, then its topic
    given_title: re.Pattern  # "its report, Name" or "a report entitled Name" (groups title, title2)
    title_end: re.Pattern  # ", which", " found": where a given title's words end
    topic_cut: re.Pattern  # ", which", " found", " in 2016": where a report's topic ends
    date_bound_before: re.Pattern  # "since ", "by ": the date after is a bound, not the report's date
    possessive_previous: re.Pattern  # "the division's last ", "most recent ": an earlier inspection of the same subject
    name_end: re.Pattern  # " said" at a name's end: the sentence's verb, not the name
    not_name: re.Pattern  # "Chief", "Probation": a title's words, not an inspector's name
    generic_topic_words: frozenset[str]  # a topic of only these says nothing about which report
    topic_stopwords: frozenset[str]  # left out when two topics are compared
    visit_nouns: tuple[str, ...]  # (in an earlier) "visit": an earlier inspection
    title_templates: dict[str, str]  # the report series' titles by kind: "An inspection of probation services in: {place}"

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
    # Longest first, so the longest phrase wins; then alphabetical, so the
    # pattern is the same in every process (a set's order is not).
    ordered = sorted(set(p for p in phrases if p), key=lambda p: (-len(p), p))
    if not ordered:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<![\w-])(?:" + "|".join(_phrase_pattern(p) for p in ordered) + r")(?![\w-])", flags)


# The kinds of title make_title (titles.py) builds; each needs its template.
TITLE_KINDS = ("annual_report", "annual_report_youth", "thematic", "joint_thematic", "sfo_review", "youth",
               "local", "provider", "follow_up", "other_inspectorate", "theme")


def _title_templates(templates: dict) -> dict[str, str]:
    missing = [kind for kind in TITLE_KINDS if kind not in templates]
    if missing:
        raise ValueError(f"refdata/inspectorates.yaml: title_templates lacks {', '.join(missing)}")
    return {kind: str(templates[kind]) for kind in TITLE_KINDS}


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
        **_report_word_patterns(data.get("report_words") or {}, words),
        generic_topic_words=frozenset((data.get("topic_words") or {}).get("generic") or ()),
        topic_stopwords=frozenset((data.get("topic_words") or {}).get("stopwords") or ()),
        visit_nouns=tuple((data.get("report_words") or {}).get("visit_nouns") or ()),
        title_templates=_title_templates(data.get("title_templates") or {}),
    )


# Determiners and possessives before a report noun ("its report, Name") are
# grammar, not the domain's words, and stay here; so do the years and
# weekdays that end a topic ("in 2016", "on Monday").
_TITLE_OWNER = r"(?:[Tt]he|[Tt]oday['’]s|[Ii]ts|[Tt]heir|[Hh]er|[Hh]is)"
_NESTED_DETERMINER = r"(?:an?|the|its|their|her|his)"
_TOPIC_DATE = r"in\s+(?:19|20)\d\d|on\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"


def _report_word_patterns(lists: dict[str, list[str]], previous_words) -> dict[str, re.Pattern]:
    """The patterns of report_words: each list's words as written and in its order."""
    def written(key: str) -> str:
        return "|".join(re.escape(w) for w in lists.get(key) or ()) or r"(?!x)x"

    def spaced(key: str) -> str:
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in lists.get(key) or ()) or r"(?!x)x"

    nouns = written("nouns")
    return dict(
        report_noun=re.compile(rf"(?<![\w-])(?:{written('noun_forms')}|{nouns})(?P<plural>s)?(?![\w-])", re.I),
        review_kind_before=re.compile(rf"(?:{written('review_kinds')})(?:['’]?s?)\s+$", re.I),
        future_after=re.compile(rf"^\s+(?:{spaced('future_after')})\b", re.I),
        distinct_before=re.compile(rf"\b(?:{written('distinct')})\s+(?:[\w-]+\s+)?$", re.I),
        nested_topic=re.compile(
            rf"^{_NESTED_DETERMINER}?\s*(?:(?:{written('adjectives')})\s+)*(?:{nouns})\s+(?:of|on|into)\s+", re.I),
        given_title=re.compile(
            rf"\b{_TITLE_OWNER}\s+(?:\w+\s+){{0,2}}?(?:{nouns}),\s+(?P<title>[A-Z“‘\"'][^;\n]{{3,160}})"
            rf"|\b(?:{nouns})\s*,?\s+(?:{written('title_verbs')})\s+(?P<title2>[^;\n]{{3,160}})"),
        title_end=re.compile(rf",|;|\.(?:\s|$)|\s(?:{written('title_ends')})\b"),
        topic_cut=re.compile(
            rf"\s*(?:[,;:!?]|\.(?:\s|$)|…|\s[-–—]\s|\s\((?=(?:{written('topic_asides')})\b)"
            rf"|\s(?:{written('topic_ends')}|{_TOPIC_DATE})\b)"),
        date_bound_before=re.compile(rf"\b(?:{written('date_bounds')})\s+$", re.I),
        possessive_previous=re.compile(
            rf"\b(?:the|this)\s+[\w-]+['’]s\s+(?:{previous_words('previous')}|{spaced('possessive_previous')})\s+$", re.I),
        name_end=re.compile(rf"\s+(?:{written('name_ends')})$"),
        not_name=re.compile(rf"\b(?:{written('not_name')})\b"),
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
