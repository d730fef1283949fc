"""Inspection reports and inspectorate publications named in articles.

Per document, ``extract_inspection_mentions`` finds every sentence that
refers to an inspection report ("an inspection report", "the report said",
"its previous inspection in 2014", "Today she published the report of ...")
and groups the references into distinct inspections:

* A document is read in *units*: an article or embedded article, split
  further at headlines, so each teaser on an archive page is its own unit.
* A reference *introduces* an inspection when it says what the report is
  (a topic after "report on/of/into", a given title, an annual/thematic/
  joint cue, a publication date); other references ("the report said",
  "inspectors found") point back to the unit's current inspection.
* Tense matters: "its previous inspection", "last inspected ... in 2014" or
  an earlier explicit year make a *previous* inspection, a separate one;
  "will be back in 2017" is a plan, not a publication, and is dropped.
* A date belongs to the report only when the text ties it to the report
  (near a publication word, "today's report", "available from 15 December
  2016"); the document's own date is used only through "today", "on
  Thursday", "last month".

``merge_inspections`` then makes one row per inspection across documents,
and ``link_inspection`` ties a span (a quote, a metric) to the inspection
its sentence, paragraph or article is about.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable, Mapping

from pipelines.extract.dates import find_dates
from pipelines.extract.document import find_paragraphs
from pipelines.extract.nlp import parse_is_of
from pipelines.extract.providers import Gazetteer, ProviderMention, load_gazetteer, sentence_spans, slugify
from pipelines.extract.refdata import load_refdata

INSPECTION_TYPES = ("area", "thematic", "joint_thematic", "annual_report", "follow_up", "other")
INSPECTED_PROVIDER_TYPES = {"crc", "nps", "nps_division", "probation_trust", "other"}


@dataclass(frozen=True)
class InspectionMention:
    """One inspection as one document reports it.

    ``char_start``/``char_end`` is the evidence: the sentence that names the
    inspection (``text == document.text[char_start:char_end]``).
    ``references`` are the spans of every sentence that discusses it, used to
    link quotes and metrics. ``status`` is ``current`` (the report the
    article is about) or ``previous`` (an earlier inspection it recalls).
    """

    document_id: str
    char_start: int
    char_end: int
    text: str
    title: str
    inspectorate: str
    inspection_type: str
    area: str | None
    published_date: date | None
    date_precision: str | None
    provider_ids: tuple[str, ...]
    lead_inspector: str | None
    headline_finding: str | None
    status: str = "current"
    inspectorate_ids: tuple[str, ...] = ()
    topic: str | None = None
    given_title: str | None = None
    heading_title: str | None = None
    date_is_explicit: bool = False
    references: tuple[tuple[int, int], ...] = ()
    document_date: date | None = None
    subject_ids: tuple[str, ...] = ()  # providers named as the inspected body, a subset of provider_ids
    subject_name: str | None = None  # the one provider it is an inspection of, when there is one
    subject_explicit: bool = False  # named as inspected, not just the one provider around it

    @property
    def mention_id(self) -> str:
        return f"{self.document_id}:{self.char_start}-{self.char_end}"


# --- reference data ------------------------------------------------------------


@dataclass(frozen=True)
class Inspectorate:
    inspectorate_id: str
    name: str
    slug: str
    aliases: tuple[str, ...]
    chief_titles: tuple[str, ...]
    default: bool = False


@dataclass(frozen=True)
class _Refdata:
    inspectorates: tuple[Inspectorate, ...]
    alias_pattern: re.Pattern
    alias_owner: dict[str, str]
    chief_pattern: re.Pattern
    cues: dict[str, tuple[str, ...]]
    cue_patterns: dict[str, re.Pattern]
    future_before: re.Pattern  # the report is a plan: "the next inspection", "will carry out an inspection"
    previous_before: re.Pattern  # the report is an earlier one: "its previous inspection", "last year's report"
    publication: re.Pattern  # words that tie a date to a report: "published", "available"

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
def _refdata() -> _Refdata:
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
    return _Refdata(
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
        publication=re.compile(rf"\b(?:{words('publication')})\b", re.I),
    )


def _word_alternation(cues: dict[str, tuple[str, ...]], key: str) -> str:
    phrases = sorted(cues.get(key) or (), key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases) or r"(?!x)x"


@functools.lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    return load_gazetteer()


# --- places ----------------------------------------------------------------------

_COMPASS = r"(?:north|south|east|west|north[- ]?east|north[- ]?west|south[- ]?east|south[- ]?west|central|inner|outer)"
NATIONAL_AREA = "England and Wales"


@functools.lru_cache(maxsize=1)
def _known_places() -> tuple[str, ...]:
    places = {NATIONAL_AREA, "England", "Wales", "London"}
    for record in _default_gazetteer().records.values():
        for region in record.region_names:
            places.add(region)
            places.update(p.strip() for p in re.split(r",\s*|\s+and\s+|\s+&\s+", region) if p.strip())
    return tuple(sorted((p for p in places if len(p) > 2 and p[:1].isupper()), key=len, reverse=True))


_PLACE_STOPWORDS = re.compile(r"\b(?:Probation|Prisons?|Inspectorate|Service|Trust|Company|Division|Court|Police|"
                              r"Ministry|Justice|Government|Council|Office|Committee|Centre|Partnership)\b")


def _place_pattern(extra: Iterable[str] = ()) -> tuple[re.Pattern, re.Pattern]:
    """(a place phrase in running text, a bare place name). Place names are
    matched with their capitals; the words around them in any case."""
    known = set(_known_places())
    # Compiling the patterns costs a fifth of a parse; most documents name no
    # place the reference data lacks, and the rest often name the same ones.
    return _compiled_place_patterns(tuple(sorted({e for e in extra if e not in known and not _PLACE_STOPWORDS.search(e)})))


@functools.lru_cache(maxsize=512)
def _compiled_place_patterns(extra: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    places = sorted({*_known_places(), *extra}, key=len, reverse=True)
    place = "|".join(re.escape(p) for p in places)
    compass_lower = _COMPASS
    compass_title = re.sub(r"\b([a-z])", lambda m: m.group(1).upper(), _COMPASS)
    phrase = re.compile(
        rf"\b(?:(?i:in|across|of|for|covering|covered(?:\s+only)?|throughout)\s+(?i:the\s+)?"
        rf"(?:(?P<c1>{compass_lower}|{compass_title})(?:\s+of)?\s+)?(?P<p1>{place})"
        rf"|(?P<c2>{compass_title})\s+(?P<p2>{place})"
        rf"|(?i:pan)-(?P<p3>{place}))(?![\w-])"
    )
    bare = re.compile(rf"(?<![\w-])(?:(?P<c1>{compass_lower}|{compass_title})\s+)?(?P<p1>{place})(?![\w-])")
    return phrase, bare


def _normal_area(compass: str | None, place: str) -> str:
    place = " ".join(w if w.isupper() or w in {"and", "of", "the"} else w[:1].upper() + w[1:] for w in place.split())
    if not compass:
        return place
    compass = re.sub(r"[- ]+", " ", compass.strip()).title()
    return f"{compass} {place}"


# --- cues ------------------------------------------------------------------------

_REPORT_NOUN = re.compile(r"(?<![\w-])(?:(?:re-?)?inspection|report|annual report|review)(?P<plural>s)?(?![\w-])", re.I)
_AGENT = re.compile(r"(?<![\w-])(?:inspectorate|inspectors|watchdogs?|HMIP)(?:['’]s?)?(?![\w-])", re.I)
_LAST_INSPECTED = re.compile(
    r"\b(?:last|previously|earlier|first)\s+(?:inspected|looked\s+at|visited|assessed|reviewed|examined)\b", re.I)
_PASSIVE_INSPECTED = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been|had\s+been|is\s+being)\s+(?:inspected|rated|judged|graded)\b", re.I)
_DISTINCT_BEFORE = re.compile(r"\b(?:separate|another|different|second|other|earlier)\s+(?:[\w-]+\s+)?$", re.I)
# Reports that are not inspection reports.
_OTHER_REPORT = re.compile(
    r"(?:pre-?\s?sentence|court|police|news|media|annual accounts|expenses|progress|case|crime|incident|"
    r"serious further offence|SFO)\s+$",
    re.I,
)
_NOT_REVIEW = re.compile(r"(?:thematic|joint|annual|inspectorate['’]?s?)\s+$", re.I)
_FUTURE_AFTER = re.compile(
    r"^\s+(?:will\s+(?:take\s+place|be\s+(?:published|carried\s+out|held|made))|is\s+(?:due|planned|scheduled)|"
    r"are\s+(?:due|planned|scheduled))\b",
    re.I,
)
_YEARS_AGO = re.compile(r"\b(?:(?:a|one|two|three|four|five|\d+)\s+years?\s+ago|(?:in|during)\s+an?\s+(?:earlier|previous)\s+"
                        r"(?:inspection|visit|report))\b", re.I)
_TODAYS = re.compile(r"\btoday['’]s\b", re.I)
_FINDING_VERB = re.compile(
    r"\b(?:found|finds|find|warned|warns|concluded|concludes|judged|rated|assessed|deteriorated|said|says|"
    r"criticised|revealed|reveals|showed|shows|described|disclosed|praised|identified|branded|condemned|"
    r"highlighted|uncovered)\b",
    re.I,
)
_TOPIC_CUT = re.compile(
    r"\s*(?:[,;:!?]|\.(?:\s|$)|…|\s[-–—]\s|\s\((?=(?:which|who|that|published|covering|covered|see)\b)"
    r"|\s(?:which|that|but|where|when|after|because|found|finds|said|says|published|looking|carried|showed|shows|"
    r"was|were|is|are|has|have|had|will|would|could|should|in\s+(?:19|20)\d\d|on\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b)"
)
_NESTED_TOPIC = re.compile(
    r"^(?:an?|the|its|their|her|his)?\s*(?:(?:recent|new|latest|joint|thematic|inspectorate|follow-up|full|"
    r"independent|unannounced|announced)\s+)*(?:inspection|review|report)\s+(?:of|on|into)\s+",
    re.I,
)
_GIVEN_TITLE = re.compile(
    r"\b(?:[Tt]he|[Tt]oday['’]s|[Ii]ts|[Tt]heir|[Hh]er|[Hh]is)\s+(?:\w+\s+){0,2}?(?:report|review|inspection),\s+"
    r"(?P<title>[A-Z“‘\"'][^;\n]{3,160})"
    r"|\b(?:report|review|inspection)\s*,?\s+(?:entitled|titled|called)\s+(?P<title2>[^;\n]{3,160})"
)
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_RELATIVE_DATE = re.compile(
    r"\b(?:(?P<today>today)|(?P<yesterday>yesterday)|(?P<lastweek>last\s+week)|(?P<thisweek>this\s+week)"
    r"|(?P<thismonth>(?:earlier\s+)?this\s+month)|(?P<lastmonth>last\s+month)"
    r"|(?P<thisyear>(?:earlier\s+)?this\s+year)|(?P<lastyear>last\s+year)"
    r"|(?:on\s+|last\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b",
    re.I,
)
_INSPECTORS_AT_WORK = re.compile(
    r"\s+(?:have\s+|had\s+|has\s+)?(?:also\s+)?(?:found|find|examined|examine|inspected|looked\s+at|visited|rated|"
    r"judged|assessed|concluded|reviewed|scrutinised)\b",
    re.I,
)
_SPEECH_VERB = re.compile(r"\b(?:said|says|say|added|adds|told|tells|warned|warns|explained|stated|wrote|writes|"
                          r"commented|insisted|argued|claimed|according)\b", re.I)
_BULLET = re.compile(r"^\s*(?:[–—•*·▪-]|\d{1,2}[.)])\s+")
_CONTINUE = re.compile(r"(?:Continue\s+Reading|Read\s+more|Read\s+the\s+full\s+(?:story|article|post))\s*[.→»]*\s*$", re.I)

_NAME = r"(?:(?:Dame|Sir|Mr|Mrs|Ms|Miss|Dr|Professor|Prof|Lord|Lady)\.?\s+)?[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?(?:\s+(?:Mac|Mc|O['’])?[A-Z][a-zA-Z'’-]+){1,2}"
_HONORIFIC = re.compile(r"^(?:Dame|Sir|Mr|Mrs|Ms|Miss|Dr|Professor|Prof|Lord|Lady)\.?\s+")


# --- units and sentences ---------------------------------------------------------


@dataclass
class _Unit:
    index: int
    heading: str | None
    section: int | None
    paragraphs: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class _Sentence:
    start: int
    end: int
    text: str
    unit: int
    paragraph: int  # start offset of its paragraph
    bullet_of: int | None = None  # index of the colon-ended sentence a list item continues


def _is_heading(text: str) -> bool:
    stripped = text.strip()
    words = re.findall(r"[^\W_]+", stripped)
    if not words or len(words) > 20 or _BULLET.match(stripped):
        return False
    quoting = re.match(r"^(?P<head>[^.!?:]{3,80}):\s*[“\"‘'].+[”\"’']$", stripped)
    if quoting and len(quoting.group("head").split()) <= 8 and not _SPEECH_VERB.search(quoting.group("head")):
        return True  # a headline quoting the report: 'Through the Gate: "Delivery is poor."'
    return not re.search(r"[.,;:]['’\"”]?$", stripped) or stripped.endswith((":-", "-"))


def _units(document: Any) -> list[_Unit]:
    """Article bodies split at headlines and "Continue reading" links; reader
    comments and page furniture are left out."""
    text = document.text
    paragraphs = [(p.char_start, p.char_end) for p in (getattr(document, "paragraphs", None) or find_paragraphs(text))]
    units: list[_Unit] = []
    current: _Unit | None = None
    for start, end in paragraphs:
        section = _section(document, start)
        if section is not None and section.kind in ("comment", "boilerplate"):
            current = None
            continue
        section_index = section.index if section is not None else None
        body = text[start:end]
        if _is_heading(body) and not _CONTINUE.search(body):
            current = _Unit(len(units), body.strip(), section_index)
            units.append(current)
            continue
        if current is None or current.section != section_index:
            current = _Unit(len(units), None, section_index)
            units.append(current)
        current.paragraphs.append((start, end))
        if _CONTINUE.search(body):
            current = None
    return units


def _section_kind(document: Any, offset: int) -> str | None:
    section = _section(document, offset)
    return section.kind if section is not None else None


def _section(document: Any, offset: int) -> Any:
    try:
        return document.section_at(offset)
    except Exception:
        return None


def _sentences(document: Any, parsed: Any, units: list[_Unit]) -> list[_Sentence]:
    text = document.text
    unit_of = [(start, end, unit.index) for unit in units for start, end in unit.paragraphs]
    result: list[_Sentence] = []
    for start, end in sentence_spans(document, parsed):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        owner = next(((unit, p_start) for p_start, p_end, unit in unit_of if p_start <= start < p_end), None)
        if owner is None:
            continue
        result.append(_Sentence(start, end, text[start:end], owner[0], owner[1]))
    _mark_bullets(text, result)
    return result


def _mark_bullets(text: str, sentences: list[_Sentence]) -> None:
    """What a sentence ending in a colon introduces belongs to it: the list
    items after "Her annual report, published on Thursday:", or the block
    after "HMI Probation's last inspection ... was extremely critical:"."""
    anchor: int | None = None
    block_paragraph: int | None = None
    for i, sentence in enumerate(sentences):
        if anchor is not None and sentence.unit == sentences[anchor].unit:
            if block_paragraph is None and sentence.paragraph != sentences[anchor].paragraph:
                block_paragraph = sentence.paragraph
            in_block = sentence.paragraph == block_paragraph
            in_list = _BULLET.match(text[sentence.paragraph : sentence.end]) or (
                sentence.paragraph == sentences[i - 1].paragraph and sentences[i - 1].bullet_of is not None)
            if in_block or in_list:
                sentence.bullet_of = anchor
                continue
        anchor = i if sentence.text.rstrip().endswith(":") else None
        block_paragraph = None


# --- references ------------------------------------------------------------------


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
    kind: str  # report | agent | inspected ("last inspected") | passive ("was inspected")
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


class _Reader:
    """Reads one document's sentences into inspection references."""

    def __init__(self, document: Any, parsed: Any, provider_mentions: list[ProviderMention], gazetteer: Gazetteer):
        self.document = document
        self.text = document.text
        self.reference = getattr(document, "published_date", None)
        self.refdata = _refdata()
        self.gazetteer = gazetteer
        self.provider_mentions = [m for m in provider_mentions or () if self.text[m.char_start:m.char_end] == m.text]
        self.pos = _pos_by_offset(parsed, self.text)
        self.places, self.bare_places = _place_pattern(_gpe_names(parsed, self.text))

    # -- per sentence -------------------------------------------------------------

    def refs(self, sentence: _Sentence) -> list[_Ref]:
        cues = self._cues(sentence)
        if not cues:
            return []
        dates = self._dates(sentence, cues)
        self._settle_status(sentence, cues, dates)
        groups: dict[str, list[_Cue]] = {}
        for cue in cues:
            groups.setdefault(cue.status, []).append(cue)
        refs = []
        for status, group in groups.items():
            if status == "future":
                continue
            refs.append(self._ref(sentence, status, group, cues, dates))
        return refs

    def _settle_status(self, sentence: _Sentence, cues: list[_Cue], dates: list[tuple[_Date, _Cue]]) -> None:
        """A report dated long before the article, or "two years ago", is an
        earlier inspection; "Inspectors last inspected ...": who inspected
        goes with what they inspected."""
        for value, cue in dates:
            if cue.status == "current" and self._long_before(value) and not self._published_near(sentence, cue):
                cue.status = "previous"
        for cue in cues:
            if cue.status == "current" and _YEARS_AGO.search(self._clause_around(sentence, cue)):
                cue.status = "previous"
        named = [c for c in cues if c.kind != "agent"]
        for cue in cues:
            if cue.kind == "agent" and named:
                cue.status = min(named, key=lambda c: _distance(c, cue.start, cue.end)).status

    def _inspectors_at_work(self, sentence: _Sentence, group: list[_Cue]) -> bool:
        """"inspectors examined 60 cases" at a named CRC is an inspection even
        when no report is mentioned; "inspectors have criticised CRCs" is not."""
        local = any(self._provider_type(m.provider_id, m) in ("crc", "nps_division", "probation_trust", "other")
                    for m in self._inspectable(sentence))
        return local and any(
            cue.kind == "agent" and _INSPECTORS_AT_WORK.match(self.text, cue.end, sentence.end) for cue in group)

    def _provider_type(self, provider_id: str, mention: ProviderMention | None = None) -> str | None:
        record = self.gazetteer.records.get(provider_id) or (mention.discovered if mention else None)
        return record.provider_type if record else None

    def _long_before(self, value: _Date) -> bool:
        """A date more than a year before the article is an earlier inspection,
        not this report's fieldwork ("inspectors visited in September 2018")."""
        if not (self.reference and value.explicit):
            return False
        if value.precision == "year":
            # "in 2017" in an article of early 2018 may still be this report's fieldwork.
            return value.value.year < self.reference.year - 1 or (
                value.value.year < self.reference.year and self.reference.month > 6)
        return (self.reference - value.value).days > 366

    def _published_near(self, sentence: _Sentence, cue: _Cue) -> bool:
        return bool(self.refdata.publication.search(self.text[max(sentence.start, cue.start - 40) : min(sentence.end, cue.end + 40)]))

    def _clause_around(self, sentence: _Sentence, cue: _Cue) -> str:
        before = self.text[max(sentence.start, cue.start - 40) : cue.start]
        after = self.text[cue.end : min(sentence.end, cue.end + 40)]
        before = re.split(r"[;:]|\bbut\b|\bhowever\b", before, flags=re.I)[-1]
        after = re.split(r"[,;:]|\bbut\b|\bhowever\b", after, flags=re.I)[0]
        return f"{before} {after}"

    def _cues(self, sentence: _Sentence) -> list[_Cue]:
        s, offset = sentence.text, sentence.start
        cues: list[_Cue] = []
        for m in _REPORT_NOUN.finditer(s):
            if self._is_report_noun(s, m, offset):
                cues.append(_Cue(offset + m.start(), offset + m.end(), "report", strong=not m.group("plural")))
        for m in _AGENT.finditer(s):
            cues.append(_Cue(offset + m.start(), offset + m.end(), "agent"))
        for m in self.refdata.alias_pattern.finditer(s):
            cues.append(_Cue(offset + m.start(), offset + m.end(), "agent"))
        for m in _LAST_INSPECTED.finditer(s):
            cues.append(_Cue(offset + m.start(), offset + m.end(), "inspected", status="previous", strong=True))
        for m in _PASSIVE_INSPECTED.finditer(s):
            cue = _Cue(offset + m.start(), offset + m.end(), "passive", strong=True)
            if len(self._subjects_before(sentence, cue)) == 1:  # "X and Y were inspected" is no one report
                cues.append(cue)
        # "a series of critical reports" names no one publication.
        cues = [c for c in _dedupe_cues(cues) if c.kind != "report" or c.strong]
        if not cues:
            return []
        for cue in cues:
            if cue.kind not in ("inspected", "passive"):
                cue.status = self._status(sentence, cue)
        return cues

    def _is_report_noun(self, s: str, m: re.Match, offset: int) -> bool:
        word = m.group().lower()
        before = s[: m.start()]
        if word.startswith("review") and not _NOT_REVIEW.search(before):
            return False
        if _OTHER_REPORT.search(before) or self._by_other_author(s, m):
            return False
        # "HM Inspectorate of Probation reports on ..." is a verb, not a report.
        last_word = m.start() + m.group().rfind(" ") + 1 if " " in m.group() else m.start()
        return self.pos.get(offset + last_word) != "VERB"

    def _by_other_author(self, s: str, m: re.Match) -> bool:
        authors = self.refdata.cue_patterns.get("other_authors")
        if authors is None:
            return False
        after = s[m.end() : m.end() + 80]
        by = re.match(r"\s+(?:by|from|of|for)\s+(?:the\s+)?(?:\w+\s+){0,2}?", after)
        if by and authors.match(after, by.end()):
            return True
        before = s[max(0, m.start() - 60) : m.start()]
        return any(re.fullmatch(r"['’]?s?\s+(?:[\w-]+\s+){0,2}", before[a.end() :]) for a in authors.finditer(before))

    def _status(self, sentence: _Sentence, cue: _Cue) -> str:
        before = self.text[max(sentence.start, cue.start - 60) : cue.start]
        after = self.text[cue.end : min(sentence.end, cue.end + 40)]
        if cue.kind == "report" and (self.refdata.future_before.search(before) or _FUTURE_AFTER.match(after)):
            return "future"
        cue.distinct = cue.kind == "report" and bool(_DISTINCT_BEFORE.search(before))
        if cue.kind == "report" and self.refdata.previous_before.search(before):
            return "previous"
        return "current"

    def _ref(self, sentence: _Sentence, status: str, group: list[_Cue], all_cues: list[_Cue],
             dates: list[tuple[_Date, _Cue]]) -> _Ref:
        ref = _Ref(sentence, status, group, strong=any(c.strong for c in group) or self._inspectors_at_work(sentence, group))
        ref.date = _best_date([d for d, cue in dates if cue in group])
        report_cues = [c for c in group if c.kind in ("report", "inspected")]
        ref.topic = self._topic(sentence, report_cues)
        ref.given_title = self._given_title(sentence) if status == "current" else None
        ref.type_cues = self._type_cues(sentence, group)
        ref.inspectorates = self._inspectorates(sentence, group)
        ref.providers = self._providers(sentence, group, all_cues)
        ref.subjects = self._subjects(sentence, group, ref.topic)
        ref.area, ref.area_from_topic = self._area(sentence, ref)
        ref.distinct = any(c.distinct for c in group)
        publication = bool(self.refdata.publication.search(sentence.text)) and any(c.kind == "report" for c in group)
        ref.introduces = bool(ref.topic or ref.given_title or ref.type_cues - {"joint_agent"} or ref.date or publication
                              or ref.subjects or ref.distinct or (status == "previous" and ref.area))
        return ref

    # -- features -------------------------------------------------------------------

    def _topic(self, sentence: _Sentence, cues: list[_Cue]) -> str | None:
        for cue in cues:
            rest = self._skip_authors(self.text[cue.end : sentence.end])
            if cue.kind == "inspected":
                m = re.match(r"\s+(?P<topic>.+)", rest)
            elif cue.kind == "report":
                m = re.match(r",?\s+(?:of|on|into)\s+(?P<topic>.+)", rest)
            else:
                m = None
            if not m:
                continue
            topic = _cut_topic(m.group("topic"))
            if topic and len(topic) > 2:
                return topic
        return None

    def _skip_authors(self, rest: str) -> str:
        """"report by HM Inspectorate of Probation and HM Inspectorate of
        Prisons into X" -> " into X": the author is not the subject."""
        m = re.match(r",?\s+(?:by|from)\s+(?:the\s+)?", rest)
        if not m:
            return rest
        position = m.end()
        while True:
            alias = self.refdata.alias_pattern.match(rest, position)
            if not alias:
                break
            position = alias.end()
            joined = re.match(r"\s*(?:,|and|&)\s*(?:the\s+)?", rest[position:])
            if not joined or not self.refdata.alias_pattern.match(rest, position + joined.end()):
                break
            position += joined.end()
        return rest[position:] if position > m.end() else rest

    def _given_title(self, sentence: _Sentence) -> str | None:
        m = _GIVEN_TITLE.search(sentence.text)
        if not m:
            return None
        raw = (m.group("title") or m.group("title2") or "").strip()
        quoted = re.match(r"[“‘\"']([^”’\"']{3,160})[”’\"']", raw)
        if quoted:
            return quoted.group(1).strip()
        truncated = "…" in raw or raw.rstrip().endswith("...")
        head = re.split(r"…|\.\.\.", raw)[0]
        if ":" in head:
            head = head.split(":")[0]
        elif truncated:
            return None
        head = re.split(r",|;|\.(?:\s|$)|\s(?:which|that|found|finds|said|says|published)\b", head)[0].strip()
        words = head.split()
        if len(words) < 2 or sum(1 for w in words if w[:1].isupper()) < 2:
            return None
        return head

    def _type_cues(self, sentence: _Sentence, group: list[_Cue]) -> frozenset[str]:
        cues = set()
        near = self._near_cues(sentence, group)
        for key in ("annual_report", "thematic", "joint", "follow_up", "area"):
            pattern = self.refdata.cue_patterns.get(key)
            if pattern is not None and pattern.search(near):
                cues.add(key)
        if "joint" not in cues and len(self._inspectorates(sentence, group)) > 1:
            cues.add("joint_agent")
        return frozenset(cues)

    def _near_cues(self, sentence: _Sentence, group: list[_Cue]) -> str:
        """The text around this group's cues (40 characters before, 60 after)."""
        pieces = []
        for cue in group:
            lo, hi = max(sentence.start, cue.start - 40), min(sentence.end, cue.end + 60)
            pieces.append(self.text[lo:hi])
        return " … ".join(pieces)

    def _inspectorates(self, sentence: _Sentence, group: list[_Cue]) -> tuple[str, ...]:
        """Inspectorates the report is attributed to: named as its author
        ("HM Inspectorate of Probation report", "report by X and Y", "the
        findings of X and Y") or as the subject that publishes it."""
        s, offset = sentence.text, sentence.start
        found: list[str] = []
        aliases = list(self.refdata.alias_pattern.finditer(s))
        publishes = self.refdata.publication.search(s)
        for cue in group:
            if cue.kind not in ("report", "inspected"):
                continue
            c_start, c_end = cue.start - offset, cue.end - offset
            for a in aliases:
                gap_before = s[a.end() : c_start]
                gap_after = s[c_end : a.start()]
                if a.end() <= c_start and re.fullmatch(r"(?:['’]s?)?\s+(?:[\w-]+\s+){0,2}", gap_before):
                    found.append(self.refdata.inspectorate_of(a.group()))
                elif a.start() >= c_end and len(gap_after) < 80 and re.search(r"\b(?:by|from|of)\b", gap_after) \
                        and not re.search(r"[.;]", gap_after):
                    found.append(self.refdata.inspectorate_of(a.group()))
                elif publishes and a.end() <= publishes.start() <= c_start:
                    found.append(self.refdata.inspectorate_of(a.group()))
        return tuple(dict.fromkeys(i for i in found if i))

    def _providers(self, sentence: _Sentence, group: list[_Cue], all_cues: list[_Cue]) -> tuple[str, ...]:
        found = []
        for mention in self.provider_mentions:
            if not (sentence.start <= mention.char_start < sentence.end):
                continue
            record = self.gazetteer.records.get(mention.provider_id) or mention.discovered
            if record is None or record.provider_type not in INSPECTED_PROVIDER_TYPES:
                continue
            nearest = min(all_cues, key=lambda c: _distance(c, mention.char_start, mention.char_end))
            if nearest in group and _distance(nearest, mention.char_start, mention.char_end) <= 80:
                found.append(mention.provider_id)
        return tuple(dict.fromkeys(found))

    def _subjects(self, sentence: _Sentence, group: list[_Cue], topic: str | None) -> tuple[str, ...]:
        found: list[str] = []
        if topic:
            start = self.text.find(topic, sentence.start, sentence.end)
            if start >= 0:
                found += [m.provider_id for m in self._inspectable(sentence) if start <= m.char_start < start + len(topic)]
        for cue in group:
            if cue.kind == "passive":
                found += self._subjects_before(sentence, cue)
        return tuple(dict.fromkeys(found))

    def _subjects_before(self, sentence: _Sentence, cue: _Cue) -> list[str]:
        """"The Merseyside CRC was inspected": the provider just before the verb."""
        before = [m for m in self._inspectable(sentence) if m.char_end <= cue.start and cue.start - m.char_end <= 60]
        if not before:
            return []
        nearest = before[-1]
        listed = [m.provider_id for m in before
                  if m is nearest or re.fullmatch(r"\s*(?:,|and|&)\s*(?:the\s+)?", self.text[m.char_end : nearest.char_start])]
        return list(dict.fromkeys(listed))

    def _inspectable(self, sentence: _Sentence) -> list[ProviderMention]:
        found = []
        for mention in self.provider_mentions:
            record = self.gazetteer.records.get(mention.provider_id) or mention.discovered
            if sentence.start <= mention.char_start < sentence.end and record \
                    and record.provider_type in INSPECTED_PROVIDER_TYPES:
                found.append(mention)
        return found

    def providers_in(self, sentence: _Sentence) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.provider_id for m in self._inspectable(sentence)))

    def _area(self, sentence: _Sentence, ref: _Ref) -> tuple[str | None, bool]:
        near = self._place_in(self._near_cues(sentence, ref.cues), national=False)
        if ref.topic:
            area = (self._place_in(ref.topic) or self._place_in(ref.topic, bare=True)
                    or self._provider_region(ref.topic, sentence))
            if area:
                # "inspection of London CRC (which covered only North London ...)"
                if near and _areas_compatible(area, near) and len(_area_words(near)) > len(_area_words(area)):
                    return near, True
                return area, True
        if ref.status == "previous":
            return near, False
        return self._place_in(sentence.text, national=False), False

    def _place_in(self, text: str, national: bool = True, bare: bool = False) -> str | None:
        pattern = self.bare_places if bare else self.places
        for m in pattern.finditer(text):
            groups = m.groupdict()
            place = groups.get("p1") or groups.get("p2") or groups.get("p3")
            compass = groups.get("c1") or groups.get("c2")
            area = _normal_area(compass, place)
            if not national and area in (NATIONAL_AREA, "England"):
                continue
            return area
        return None

    def _provider_region(self, topic: str, sentence: _Sentence) -> str | None:
        start = self.text.find(topic, sentence.start, sentence.end)
        if start < 0:
            return None
        for mention in self.provider_mentions:
            if start <= mention.char_start < start + len(topic):
                record = self.gazetteer.records.get(mention.provider_id) or mention.discovered
                if record and record.region and record.provider_type != "nps":
                    return record.region
        return None

    # -- dates ------------------------------------------------------------------------

    def _dates(self, sentence: _Sentence, cues: list[_Cue]) -> list[tuple[_Date, _Cue]]:
        """Dates the sentence ties to one of its cues (the nearest one)."""
        attached = []
        for start, end, value in self._candidate_dates(sentence):
            before = self.text[max(sentence.start, start - 30) : start]
            if self.refdata.future_before.search(before) or re.search(r"\b(?:since|until|before|by)\s+$", before, re.I):
                continue
            # A date belongs to the report it is nearest to; "inspectors" only
            # takes a date when no report is named.
            reports = [c for c in cues if c.kind != "agent"] or cues
            cue = min(reports, key=lambda c: _distance(c, start, end))
            distance = _distance(cue, start, end)
            between = self.text[min(cue.end, end) : max(cue.start, start)]
            if re.search(r"[.;]\s", between):
                continue
            if self._ties_to_report(sentence, cue, start, end, distance, value, between):
                attached.append((value, cue))
        return attached

    def _ties_to_report(self, sentence: _Sentence, cue: _Cue, start: int, end: int, distance: int, value: _Date,
                        between: str) -> bool:
        """"published in December 2016", "available from 15 December 2016",
        "today's (8 February 2018) report", "Last month the watchdog published
        a report", "its previous inspection in 2014"."""
        lead_in = self.text[max(sentence.start, start - 25) : start]
        published = self.refdata.publication.search(lead_in) or (end <= cue.start and self.refdata.publication.search(between))
        if published or _TODAYS.search(self.text[max(sentence.start, start - 3) : end + 3]):
            return distance <= 90 if cue.kind in ("report", "inspected") else distance <= 25
        if cue.status == "previous" or cue.kind in ("inspected", "passive"):
            return distance <= 50
        if cue.kind == "agent":
            # "when inspectors looked at the CRC's work in 2017": an earlier visit
            return self._long_before(value) and distance <= 50
        if self.refdata.publication.search(self.text[max(sentence.start, cue.start - 30) : min(sentence.end, cue.end + 30)]):
            return distance <= 40 and cue.kind == "report"
        if re.search(r"\(\s*$", lead_in) and distance <= 12:
            return True
        return distance <= 12 and cue.kind == "report" and value.explicit

    def _candidate_dates(self, sentence: _Sentence) -> list[tuple[int, int, _Date]]:
        found = []
        for d in find_dates(sentence.text):
            mention = d.resolve(self.reference)
            if mention.year is None:
                continue
            if mention.month is None and _is_number_not_year(sentence.text, d.char_start, d.char_end):
                continue
            # A month resolved against the article's date is as good as written.
            explicit = d.year is not None or (d.month is not None and self.reference is not None)
            found.append((sentence.start + d.char_start, sentence.start + d.char_end,
                          _Date(mention.as_date(), mention.precision, explicit)))
        if self.reference is not None:
            for m in _RELATIVE_DATE.finditer(sentence.text):
                value = _relative(m, self.reference)
                if value and not any(s <= sentence.start + m.start() < e for s, e, _ in found):
                    found.append((sentence.start + m.start(), sentence.start + m.end(), value))
        return found


def _distance(cue: _Cue, start: int, end: int) -> int:
    if end <= cue.start:
        return cue.start - end
    if start >= cue.end:
        return start - cue.end
    return 0


def _is_number_not_year(text: str, start: int, end: int) -> bool:
    """"2,000" or "£2015" or "2018-19"'s "19" are not years."""
    return bool(re.search(r"[£$,.]$", text[max(0, start - 1) : start]) or re.match(r"[,.]\d", text[end : end + 2]))


def _relative(m: re.Match, reference: date) -> _Date | None:
    if m.group("today"):
        return _Date(reference, "day", True)
    if m.group("yesterday"):
        return _Date(reference - timedelta(days=1), "day", True)
    if m.group("thisweek"):
        return _Date(reference, "month", False)
    if m.group("lastweek"):
        return _Date((reference - timedelta(days=7)).replace(day=1), "month", False)
    if m.group("thismonth"):
        return _Date(reference.replace(day=1), "month", False)
    if m.group("lastmonth"):
        first = reference.replace(day=1) - timedelta(days=1)
        return _Date(first.replace(day=1), "month", False)
    if m.group("thisyear"):
        return _Date(date(reference.year, 1, 1), "year", False)
    if m.group("lastyear"):
        return _Date(date(reference.year - 1, 1, 1), "year", False)
    if m.group("weekday"):
        target = _WEEKDAYS[m.group("weekday").lower()]
        back = (reference.weekday() - target) % 7
        return _Date(reference - timedelta(days=back), "day", True)
    return None


def _best_date(dates: Iterable[_Date]) -> _Date | None:
    rank = {"day": 3, "month": 2, "year": 1}
    ordered = sorted(dates, key=lambda d: (not d.explicit, -rank.get(d.precision, 0)))
    return ordered[0] if ordered else None


def _dedupe_cues(cues: list[_Cue]) -> list[_Cue]:
    cues.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[_Cue] = []
    for cue in cues:
        if kept and cue.start < kept[-1].end:
            if cue.kind == "report" and kept[-1].kind == "agent":
                kept[-1] = cue
            continue
        kept.append(cue)
    return kept


def _cut_topic(raw: str) -> str | None:
    raw = raw.strip()
    for _ in range(3):
        nested = _NESTED_TOPIC.match(raw)
        if not nested:
            break
        raw = raw[nested.end():]
    m = _TOPIC_CUT.search(raw)
    topic = raw[: m.start()] if m else raw
    topic = re.sub(r"^(?:the|a|an)\s+", "", topic.strip(), flags=re.I).strip(" '\"“”‘’")
    if not topic or not re.search(r"[A-Za-z]{3}", topic):
        return None
    if not _content_words(topic) - _GENERIC_TOPIC_WORDS:
        return None  # "one probation area", "its work": says nothing about which report
    return topic


def _pos_by_offset(parsed: Any, text: str) -> dict[int, str]:
    try:
        if not parse_is_of(parsed, text):
            return {}
        return {t.idx: t.pos_ for t in parsed}
    except Exception:
        return {}


def _gpe_names(parsed: Any, text: str) -> tuple[str, ...]:
    try:
        if not parse_is_of(parsed, text):
            return ()
        return tuple(sorted({e.text for e in parsed.ents if e.label_ in ("GPE", "LOC") and len(e.text) > 2
                             and e.text[:1].isupper() and "\n" not in e.text}))
    except Exception:
        return ()


# --- clustering within a document ------------------------------------------------


@dataclass
class _Cluster:
    status: str
    unit: int
    refs: list[_Ref] = field(default_factory=list)
    inherited_subjects: tuple[str, ...] = ()  # "the division's last inspection": the article's subject

    def add(self, ref: _Ref) -> None:
        self.refs.append(ref)

    @property
    def introducing(self) -> list[_Ref]:
        return [r for r in self.refs if r.introduces]

    @property
    def topic(self) -> str | None:
        return next((r.topic for r in self.introducing if r.topic), None)

    @property
    def given_title(self) -> str | None:
        return next((r.given_title for r in self.refs if r.given_title), None)

    @property
    def type_cues(self) -> frozenset[str]:
        return frozenset().union(*(r.type_cues for r in self.refs)) if self.refs else frozenset()

    @property
    def inspectorates(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i for r in self.refs for i in r.inspectorates))

    @property
    def area(self) -> str | None:
        from_topic = [r.area for r in self.refs if r.area and r.area_from_topic]
        if from_topic:
            return from_topic[0]
        others = [r.area for r in self.refs if r.area]
        return _best_area(others)

    @property
    def date(self) -> _Date | None:
        dates = [r.date for r in self.refs if r.date]
        explicit = [d for d in dates if d.explicit]
        return _best_date(explicit or dates)

    @property
    def providers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*(p for r in self.refs for p in (*r.subjects, *r.providers)),
                                    *self.inherited_subjects]))

    @property
    def subjects(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p for r in self.refs for p in r.subjects)) or self.inherited_subjects

    @property
    def strong(self) -> bool:
        return any(r.strong for r in self.refs) or bool(self.introducing)

    def described(self, default_inspectorate: str) -> bool:
        return bool(self.topic or self.given_title or self.date or self.type_cues or self.area or self.subjects
                    or set(self.inspectorates) - {default_inspectorate})

    def conflicts(self, other: "_Cluster | _Ref") -> bool:
        return _conflict(self.features(), _features(other))

    def features(self) -> dict:
        return _features(self)


def _features(item: "_Cluster | _Ref") -> dict:
    types = set(item.type_cues) - {"area", "joint_agent"}
    return {
        "topic": item.topic,
        "title": item.given_title,
        "types": types,
        "area": item.area,
        "date": item.date,
        "inspectorates": set(item.inspectorates),
        "subjects": set(item.subjects),
    }


def _conflict(a: dict, b: dict) -> bool:
    if a["title"] and b["title"] and _similarity(a["title"], b["title"]) < 0.5:
        return True
    if a["topic"] and b["topic"] and _similarity(a["topic"], b["topic"]) < 0.34 and not _areas_compatible(a["area"], b["area"], strict=True):
        return True
    if a["types"] and b["types"] and not (a["types"] & b["types"]):
        return True
    if a["area"] and b["area"] and not _areas_compatible(a["area"], b["area"]):
        return True
    if a["date"] and b["date"] and a["date"].explicit and b["date"].explicit and not _dates_compatible(a["date"], b["date"]):
        return True
    if a["inspectorates"] and b["inspectorates"] and a["inspectorates"] != b["inspectorates"]:
        return True
    if a["subjects"] and b["subjects"] and not a["subjects"] & b["subjects"]:
        return True  # an inspection of another provider
    return False


def _dates_compatible(a: _Date | None, b: _Date | None) -> bool:
    if a is None or b is None:
        return True
    ka, kb = a.key(), b.key()
    if ka[0] != kb[0]:
        return False
    return ka[1] is None or kb[1] is None or ka[1] == kb[1]


# Cached: the corpus-wide merge compares the same areas and topics many times.
@functools.lru_cache(maxsize=65536)
def _area_words(area: str) -> frozenset[str]:
    return frozenset({w for w in re.findall(r"[a-z]+", area.lower()) if w not in {"and", "the", "of"}})


def _areas_compatible(a: str | None, b: str | None, strict: bool = False) -> bool:
    if not a or not b:
        return not strict
    wa, wb = _area_words(a), _area_words(b)
    return wa == wb if strict else (wa <= wb or wb <= wa)


_GENERIC_TOPIC_WORDS = {"one", "this", "that", "it", "its", "their", "his", "her", "them", "which", "area", "areas",
                        "findings", "offenders", "people", "staff", "country", "company", "organisation", "some",
                        "all", "each", "every", "these", "those", "two", "three", "recent", "latest", "new", "first"}

_STOPWORDS = {"the", "a", "an", "of", "on", "in", "into", "and", "for", "to", "inspection", "report", "probation",
              "services", "service", "work", "hm", "inspectorate", "joint", "thematic"}


@functools.lru_cache(maxsize=65536)
def _content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOPWORDS)


def _similarity(a: str, b: str) -> float:
    wa, wb = _content_words(a), _content_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / max(len(wa), len(wb))


def _cluster_document(units: list[_Unit], refs: list[_Ref], default_inspectorate: str) -> list[_Cluster]:
    current_by_unit: dict[int, _Cluster] = {}
    clusters: list[_Cluster] = []
    previous: list[_Cluster] = []
    for ref in refs:
        if ref.status == "previous":
            _add_previous(previous, ref)
            continue
        unit_cluster = current_by_unit.get(ref.sentence.unit)
        if unit_cluster is None:
            unit_cluster = _Cluster("current", ref.sentence.unit)
            clusters.append(unit_cluster)
        elif ref.introduces and unit_cluster.introducing and (ref.distinct or unit_cluster.conflicts(ref)):
            unit_cluster = _Cluster("current", ref.sentence.unit)
            clusters.append(unit_cluster)
        unit_cluster.add(ref)
        current_by_unit[ref.sentence.unit] = unit_cluster
    merged = _merge_within_document([c for c in clusters if c.strong], default_inspectorate)
    if merged:
        for cluster in previous:
            _inherit_from_current(cluster, merged[0])
    kept_previous = [c for c in previous if c.date or c.area or c.topic or c.providers]
    return merged + kept_previous


# "the division's last inspection" (not "its": that may be the inspectorate's).
_POSSESSIVE_PREVIOUS = re.compile(r"\b(?:the|this)\s+[\w-]+['’]s\s+(?:previous|last|earlier|prior|most\s+recent)\s+$", re.I)


def _inherit_from_current(previous: _Cluster, current: _Cluster) -> None:
    """"the division's last inspection" is an earlier inspection of what the
    article's report inspected."""
    if previous.subjects or previous.area:
        return
    for ref in previous.refs:
        text = ref.sentence.text
        for cue in ref.cues:
            before = text[: cue.start - ref.sentence.start]
            if _POSSESSIVE_PREVIOUS.search(before):
                previous.inherited_subjects = current.subjects
                return


def _add_previous(previous: list[_Cluster], ref: _Ref) -> None:
    for cluster in reversed(previous):
        if not cluster.conflicts(ref):
            cluster.add(ref)
            return
    cluster = _Cluster("previous", ref.sentence.unit)
    cluster.add(ref)
    previous.append(cluster)


def _merge_within_document(clusters: list[_Cluster], default_inspectorate: str) -> list[_Cluster]:
    """Units of one document that report the same inspection (the three
    embedded articles of a blog post) become one cluster; an undescribed
    unit ("the report said ...") joins the document's main inspection."""
    described = [c for c in clusters if c.described(default_inspectorate)]
    undescribed = [c for c in clusters if not c.described(default_inspectorate)]
    result: list[_Cluster] = []
    for cluster in described:
        target = next((r for r in result if not r.conflicts(cluster) and _same_inspection(r, cluster)), None)
        if target is None:
            result.append(cluster)
        else:
            target.refs.extend(cluster.refs)
    if not result and undescribed:
        result.append(undescribed.pop(0))
    for cluster in undescribed:
        result[0].refs.extend(cluster.refs)
    for cluster in result:
        cluster.refs.sort(key=lambda r: r.sentence.start)
    return result


def _same_inspection(a: _Cluster, b: _Cluster) -> bool:
    if a.given_title and b.given_title:
        return _similarity(a.given_title, b.given_title) >= 0.5
    if a.subjects and b.subjects:
        return bool(set(a.subjects) & set(b.subjects))
    if a.topic and b.topic and _similarity(a.topic, b.topic) >= 0.5:
        return True
    if a.area and b.area and _areas_compatible(a.area, b.area):
        return True
    if a.date and b.date and a.date.key() == b.date.key() and a.date.precision != "year":
        return True
    return bool(set(a.providers) & set(b.providers)) and not (a.topic and b.topic)


# --- from clusters to mentions -------------------------------------------------------


def extract_inspection_mentions(
    document: Any, parsed: Any, mentions: list[ProviderMention] | None = None, gazetteer: Gazetteer | None = None
) -> list[InspectionMention]:
    """Every inspection report or inspectorate publication the document
    reports or names. ``parsed`` is one spaCy Doc of ``document.text`` made
    by the caller; ``mentions`` are the document's provider mentions."""
    try:
        return _extract(document, parsed, mentions or [], gazetteer or _default_gazetteer())
    except Exception:
        return []


def _extract(document: Any, parsed: Any, mentions: list[ProviderMention], gazetteer: Gazetteer) -> list[InspectionMention]:
    if not getattr(document, "text", None):
        return []
    units = _units(document)
    sentences = _sentences(document, parsed, units)
    reader = _Reader(document, parsed, mentions, gazetteer)
    refs: list[_Ref] = []
    for i, sentence in enumerate(sentences):
        if sentence.bullet_of is not None:
            anchors = [r for r in refs if r.sentence is sentences[sentence.bullet_of]]
            anchors.sort(key=lambda r: max(c.end for c in r.cues))  # the report named nearest the colon
            refs.extend(_bullet_ref(sentence, anchor, reader.providers_in(sentence)) for anchor in anchors[-1:])
            found = reader.refs(sentence)
            refs.extend(r for r in found if r.status == "previous")
            continue
        refs.extend(reader.refs(sentence))
    default_id = _refdata().default.inspectorate_id
    clusters = _cluster_document(units, refs, default_id)
    builder = _MentionBuilder(document, units, sentences, reader)
    built: list[InspectionMention] = []
    used: set[tuple[int, int]] = set()
    for cluster in sorted(clusters, key=lambda c: c.refs[0].sentence.start):
        mention = builder.build(cluster, used)
        if mention:
            built.append(mention)
            used.add((mention.char_start, mention.char_end))
    return built


def _bullet_ref(sentence: _Sentence, anchor: _Ref, providers: tuple[str, ...]) -> _Ref:
    """A list item under "Her annual report, published on Thursday:" speaks for
    the report; it adds its providers and sentence, nothing that could split it."""
    return _Ref(sentence, anchor.status, anchor.cues, providers=providers, strong=False)


class _MentionBuilder:
    def __init__(self, document: Any, units: list[_Unit], sentences: list[_Sentence], reader: _Reader):
        self.document = document
        self.text = document.text
        self.units = units
        self.sentences = sentences
        self.reader = reader
        self.refdata = reader.refdata

    def build(self, cluster: _Cluster, used: set[tuple[int, int]]) -> InspectionMention | None:
        evidence = (cluster.introducing or cluster.refs)[0]
        span = self._evidence_span(evidence, used)
        if span is None:
            return None
        inspectorate_ids = self._inspectorate_ids(cluster)
        inspection_type = self._type(cluster)
        area = self._area(cluster, inspection_type)
        date_ = cluster.date
        providers = tuple(sorted(cluster.providers))
        heading = self._heading_title(cluster)
        inspectorate_name = _inspectorate_label(inspectorate_ids)
        subject, subject_explicit = self._subject_name(cluster)
        title = make_title(
            inspection_type=inspection_type, inspectorate=inspectorate_name, topic=cluster.topic,
            subject=subject, subject_explicit=subject_explicit,
            given_title=cluster.given_title, heading_title=heading, area=area,
            year=date_.value.year if date_ else None, joint="joint" in cluster.type_cues or len(inspectorate_ids) > 1,
        )
        return InspectionMention(
            document_id=self.document.document_id,
            char_start=span[0],
            char_end=span[1],
            text=self.text[span[0]:span[1]],
            title=title,
            inspectorate=inspectorate_name,
            inspection_type=inspection_type,
            area=area,
            published_date=date_.value if date_ else None,
            date_precision=date_.precision if date_ else None,
            provider_ids=providers,
            lead_inspector=self._lead_inspector(cluster) if cluster.status == "current" else None,
            headline_finding=self._headline_finding(cluster),
            status=cluster.status,
            inspectorate_ids=inspectorate_ids,
            topic=cluster.topic,
            given_title=cluster.given_title,
            heading_title=heading,
            date_is_explicit=bool(date_ and date_.explicit),
            references=tuple(sorted({r.span for r in cluster.refs})),
            document_date=getattr(self.document, "published_date", None),
            subject_ids=tuple(cluster.subjects),
            subject_name=subject,
            subject_explicit=subject_explicit,
        )

    def _evidence_span(self, ref: _Ref, used: set[tuple[int, int]]) -> tuple[int, int] | None:
        if ref.span not in used:
            return ref.span
        # Two inspections named in one sentence: narrow to this one's phrase.
        cue = ref.cues[0]
        end = min(ref.sentence.end, cue.end + 60)
        m = re.search(r"[,;]", self.text[cue.end:end])
        end = cue.end + m.start() if m else end
        start = cue.start
        while start > ref.sentence.start and self.text[start - 1] not in ",;":
            start -= 1
        while start < end and self.text[start].isspace():
            start += 1
        return (start, end) if (start, end) not in used and end > start else None

    def _inspectorate_ids(self, cluster: _Cluster) -> tuple[str, ...]:
        named = list(cluster.inspectorates)
        default = self.refdata.default.inspectorate_id
        if not named:
            return (default,)
        order = [i.inspectorate_id for i in self.refdata.inspectorates]
        return tuple(sorted(dict.fromkeys(named), key=lambda i: order.index(i) if i in order else len(order)))

    def _type(self, cluster: _Cluster) -> str:
        cues = cluster.type_cues
        joint = "joint" in cues or len(cluster.inspectorates) > 1
        if "annual_report" in cues:
            return "annual_report"
        if "follow_up" in cues:
            return "follow_up"
        local = cluster.area or "area" in cues or any(
            self._provider_type(p) in ("crc", "nps_division", "probation_trust") for p in cluster.providers)
        if cluster.topic and not self._topic_is_local(cluster):
            return "joint_thematic" if joint else "thematic"
        if local:
            return "area"
        if joint:
            return "joint_thematic"
        if "thematic" in cues:
            return "thematic"
        return "other"

    def _subject_name(self, cluster: _Cluster) -> tuple[str | None, bool]:
        """The one provider an inspection is of, by its canonical name, and
        whether the text names it as inspected (else it is the only local
        provider named around the inspection, or in an article about one area)."""
        explicit = not cluster.inherited_subjects or any(r.subjects for r in cluster.refs)
        subjects = [p for p in cluster.subjects if self._provider_type(p) != "nps"] or list(cluster.subjects)
        if not subjects:
            explicit = False
            subjects = [p for p in cluster.providers if self._provider_type(p) in ("crc", "nps_division")]
        if not subjects and cluster.area and not cluster.topic and cluster.status == "current":
            dominant = self._dominant_local_provider()
            if dominant and _areas_compatible(cluster.area, self._region(dominant)):
                subjects = [dominant]
        if len(subjects) != 1:
            return None, False
        return self._name(subjects[0]), explicit

    def _dominant_local_provider(self) -> str | None:
        counts = Counter(m.provider_id for m in self.reader.provider_mentions
                         if self._provider_type(m.provider_id) in ("crc", "nps_division")
                         and _section_kind(self.document, m.char_start) in (None, "article", "embedded_article"))
        ranked = counts.most_common(2)
        if not ranked or len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return None
        return ranked[0][0]

    def _region(self, provider_id: str) -> str | None:
        record = self.reader.gazetteer.records.get(provider_id)
        return record.region if record else None

    def _name(self, provider_id: str) -> str | None:
        record = self.reader.gazetteer.records.get(provider_id)
        if record:
            return record.name
        return next((m.discovered.name for m in self.reader.provider_mentions
                     if m.provider_id == provider_id and m.discovered), None)

    def _topic_is_local(self, cluster: _Cluster) -> bool:
        return any(r.area_from_topic for r in cluster.refs)

    def _provider_type(self, provider_id: str) -> str | None:
        record = self.reader.gazetteer.records.get(provider_id)
        if record:
            return record.provider_type
        discovered = next((m.discovered for m in self.reader.provider_mentions
                           if m.provider_id == provider_id and m.discovered), None)
        return discovered.provider_type if discovered else None

    def _area(self, cluster: _Cluster, inspection_type: str) -> str | None:
        if inspection_type == "annual_report":
            return cluster.area or NATIONAL_AREA
        if inspection_type in ("thematic", "joint_thematic"):
            return cluster.area if self._topic_is_local(cluster) else None
        if cluster.area:
            return cluster.area
        regions = [self.reader.gazetteer.records[p].region for p in cluster.providers
                   if p in self.reader.gazetteer.records and self._provider_type(p) != "nps"]
        return regions[0] if regions else None

    def _heading_title(self, cluster: _Cluster) -> str | None:
        unit = self.units[cluster.unit] if cluster.unit < len(self.units) else None
        if unit is None or not unit.heading:
            return None
        heading = unit.heading.split(":")[0].strip() if ":" in unit.heading else unit.heading.strip()
        heading = heading.strip(" '\"“”‘’-–")
        return heading if len(heading.split()) >= 2 else None

    def _unit_sentences(self, cluster: _Cluster) -> list[_Sentence]:
        units = {r.sentence.unit for r in cluster.refs}
        return [s for s in self.sentences if s.unit in units]

    def _lead_inspector(self, cluster: _Cluster) -> str | None:
        for sentence in self._unit_sentences(cluster):
            name = _inspector_name(sentence.text, self.refdata.chief_pattern)
            if name:
                return name
        return None

    def _headline_finding(self, cluster: _Cluster) -> str | None:
        if cluster.status == "previous":
            ref = next((r for r in cluster.refs if _FINDING_VERB.search(r.sentence.text)
                        or re.search(r"\bwhen\b", r.sentence.text)), None)
            return ref.sentence.text if ref else None
        lede = next((s for s in self.sentences if s.unit == cluster.unit), None)
        if lede and len(lede.text.split()) >= 8 and _FINDING_VERB.search(lede.text) and not lede.text.endswith(":"):
            return lede.text
        ref = next((r for r in cluster.refs if _FINDING_VERB.search(r.sentence.text)
                    and len(r.sentence.text.split()) >= 6 and not r.sentence.text.endswith(":")), None)
        return ref.sentence.text if ref else (cluster.introducing or cluster.refs)[0].sentence.text


def _inspector_name(text: str, chief_pattern: re.Pattern) -> str | None:
    for m in chief_pattern.finditer(text):
        before = text[: m.start()]
        after = text[m.end() :]
        named_after = re.match(rf",?\s+(?P<name>{_NAME})", after)
        named_before = re.search(rf"(?P<name>{_NAME}),?\s+(?:the\s+)?(?:HM\s+|Her\s+Majesty['’]s\s+)?$", before)
        for candidate in (named_after, named_before):
            if candidate:
                name = _HONORIFIC.sub("", candidate.group("name").strip())
                name = re.sub(r"\s+(?:said|says|has|had|was|is|added)$", "", name)
                if len(name.split()) >= 2 and not re.search(r"\b(?:HM|Chief|Inspector|Probation|Prisons)\b", name):
                    return name
    return None


def _inspectorate_label(inspectorate_ids: tuple[str, ...]) -> str:
    refdata = _refdata()
    names = [refdata.by_id(i).name for i in inspectorate_ids if refdata.by_id(i)]
    return " and ".join(names) if names else refdata.default.name


def make_title(*, inspection_type: str, inspectorate: str, topic: str | None, given_title: str | None,
               heading_title: str | None, area: str | None, year: int | None, joint: bool,
               subject: str | None = None, subject_explicit: bool = True) -> str:
    """A descriptive title when the text gives none: "Inspection of London
    probation services (2014)", "Joint inspection of integrated offender
    management (IOM)", "HM Inspectorate of Probation annual report (2019)"."""
    suffix = f" ({year})" if year else ""
    if given_title:
        return given_title
    if inspection_type == "annual_report":
        return f"{inspectorate} annual report{suffix}"
    local = inspection_type in ("area", "follow_up", "other")
    if subject and local and (subject_explicit or not topic):
        return f"Inspection of {subject}{suffix}"
    if topic:
        topic = _tidy_topic(topic)
        if joint:
            return f"Joint inspection of {topic}"
        if inspection_type == "thematic":
            return f"{topic[:1].upper()}{topic[1:]} (thematic inspection)"
        dated = suffix if inspection_type in ("area", "follow_up", "other") else ""
        return f"Inspection of {topic}{dated}"
    if heading_title and joint:
        return f"{heading_title} (joint inspection)"
    if area:
        return f"Inspection of probation services in {area}{suffix}"
    return f"{inspectorate} inspection{suffix}"


def _tidy_topic(topic: str) -> str:
    topic = re.sub(r"\s+", " ", topic).strip()
    topic = re.sub(r"\bthe\s+(north|south|east|west)(?:\s+of)?\s+([A-Z]\w+)", lambda m: f"{m.group(1).title()} {m.group(2)}", topic)
    return topic


# --- one row per inspection across documents ------------------------------------------


@dataclass
class _Group:
    """Mentions taken to be one inspection, with what matching a new mention
    needs kept up to date as mentions join (not recomputed per comparison)."""

    position: int
    mentions: list[InspectionMention] = field(default_factory=list)
    document_ids: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)
    subjects: set[str] = field(default_factory=set)
    providers: set[str] = field(default_factory=set)
    areas: list[str] = field(default_factory=list)  # one per mention: the row's area is the best supported
    distinct_areas: dict[str, None] = field(default_factory=dict)
    area_words: set[frozenset[str]] = field(default_factory=set)
    given_titles: list[str] = field(default_factory=list)
    topics: dict[str, None] = field(default_factory=dict)  # distinct, in order
    date: InspectionMention | None = None

    def add(self, mention: InspectionMention) -> None:
        self.mentions.append(mention)
        self.document_ids.add(mention.document_id)
        if mention.inspection_type != "other":
            self.types.add(mention.inspection_type)
        self.subjects.update(mention.subject_ids)
        self.providers.update(mention.provider_ids)
        if mention.area:
            self.areas.append(mention.area)
            self.distinct_areas[mention.area] = None
            self.area_words.add(_area_words(mention.area))
        if mention.given_title:
            self.given_titles.append(mention.given_title)
        if mention.topic or mention.given_title:
            self.topics[mention.topic or mention.given_title] = None
        if mention.published_date and (self.date is None or _date_rank(mention) < _date_rank(self.date)):
            self.date = mention

    @property
    def month(self) -> int | None:
        """The month of the group's date, None when only its year is known."""
        return self.date.published_date.month if self.date and self.date.date_precision != "year" else None


def _date_rank(mention: InspectionMention) -> tuple:
    """The group's date is its best-dated mention: explicit, then most precise."""
    rank = {"day": 3, "month": 2, "year": 1}
    return (not mention.date_is_explicit, -rank.get(mention.date_precision or "", 0), mention.document_id,
            mention.char_start)


class _GroupIndex:
    """Groups by everything a match needs, so a mention is compared only with
    the groups it could join (``_match_score`` is not None), not with every
    inspection of the corpus. Two mentions both dated must share a year (and
    a month when both have one); otherwise a match needs evidence: a shared
    subject, an area or topic word in common, or both being annual reports."""

    def __init__(self) -> None:
        self.groups: list[_Group] = []
        self.dated: dict[tuple, dict[int | None, set[int]]] = {}  # (inspectorates, year) -> month -> groups
        self.by_feature: dict[tuple, set[int]] = {}  # (inspectorates, kind, value) -> groups
        self.group_month: dict[int, int | None] = {}

    def best_group(self, mention: InspectionMention) -> _Group | None:
        """The best-scoring group, the earliest made on a tie of scores."""
        best: _Group | None = None
        best_score = -1.0
        tied = False
        for position in self._candidates(mention):  # in the order groups were made
            score = _match_score(self.groups[position], mention)
            if score is None:
                continue
            if score > best_score:
                best, best_score, tied = self.groups[position], score, False
            elif score == best_score:
                tied = True
        if tied and mention.published_date is None:
            return None  # fits several dated inspections equally: left on its own, not guessed
        return best

    def add(self, mention: InspectionMention, group: _Group | None) -> _Group:
        if group is None:
            group = _Group(position=len(self.groups))
            self.groups.append(group)
        group.add(mention)
        key = frozenset(mention.inspectorate_ids)
        if group.date is not None:
            months = self.dated.setdefault((key, group.date.published_date.year), {})
            old = self.group_month.get(group.position, "unindexed")
            if old != group.month:
                if old != "unindexed":
                    months[old].discard(group.position)
                months.setdefault(group.month, set()).add(group.position)
                self.group_month[group.position] = group.month
        for feature in _evidence_features(mention):
            self.by_feature.setdefault((key, *feature), set()).add(group.position)
        return group

    def _candidates(self, mention: InspectionMention) -> list[int]:
        key = frozenset(mention.inspectorate_ids)
        found: set[int] = set()
        if mention.published_date:
            months = self.dated.get((key, mention.published_date.year), {})
            if mention.date_precision == "year":
                for positions in months.values():
                    found.update(positions)
            else:
                found.update(months.get(mention.published_date.month, ()))
                found.update(months.get(None, ()))
        for feature in _evidence_features(mention, querying=True):
            for position in self.by_feature.get((key, *feature), ()):
                # A dated group of another year cannot match a dated mention.
                if not (mention.published_date and self.groups[position].date):
                    found.add(position)
        return sorted(found)


def _evidence_features(mention: InspectionMention, querying: bool = False) -> list[tuple[str, str]]:
    """What a group and a mention must share for the mention to score any
    evidence: a subject, an area word (areas are compatible only when one's
    words contain the other's), a topic word (similar topics share words),
    or the annual report type. An area with no words is compatible with any
    area, hence the wildcard."""
    features = [("subject", s) for s in mention.subject_ids]
    if mention.area:
        words = _area_words(mention.area)
        features += [("area", w) for w in words]
        if querying:
            features.append(("area", "*"))
            if not words:
                features.append(("any-area", ""))
        else:
            features.append(("any-area", ""))
            if not words:
                features.append(("area", "*"))
    topic = mention.topic or mention.given_title
    if topic:
        features += [("topic", w) for w in _content_words(topic)]
    if mention.inspection_type == "annual_report":
        features.append(("type", "annual_report"))
    return features


def merge_inspections(
    mentions_by_document: Mapping[str, list[InspectionMention]],
) -> tuple[list[dict], dict[str, str]]:
    """One row per inspection; the same report in several documents is one
    row listing them all. Returns (rows, {mention_id: inspection_id})."""
    mentions = [m for document_id in sorted(mentions_by_document) for m in mentions_by_document[document_id] or ()]
    index = _GroupIndex()
    # Dated mentions first: a date is the strongest identity an inspection has.
    for mention in sorted(mentions, key=lambda m: (m.published_date is None, m.document_id, m.char_start)):
        index.add(mention, index.best_group(mention))
    rows: list[dict] = []
    mapping: dict[str, str] = {}
    used_ids = _UniqueIds()
    for group in sorted(index.groups, key=lambda g: min((m.document_id, m.char_start) for m in g.mentions)):
        row = _row(group)
        row["inspection_id"] = used_ids.claim(row["inspection_id"])
        rows.append(row)
        for mention in group.mentions:
            mapping[mention.mention_id] = row["inspection_id"]
    rows.sort(key=lambda r: r["inspection_id"])
    return rows, mapping


def _match_score(group: _Group, mention: InspectionMention) -> float | None:
    """None when the mention cannot be this inspection; else how well it fits."""
    # Every mention of a group has the same inspectorates (a mention only
    # joins a group that has its own), so the first one speaks for all.
    if set(group.mentions[0].inspectorate_ids) != set(mention.inspectorate_ids):
        return None
    if mention.document_id in group.document_ids:
        return None  # the extractor already told one document's inspections apart
    types = group.types
    if mention.inspection_type != "other" and types and mention.inspection_type not in types and not (
        {mention.inspection_type} | types <= {"area", "follow_up"}):
        return None
    score = 0.0
    dated = group.date
    if dated and not mention.published_date and not _plausible_for(mention, dated.published_date):
        return None
    if dated and mention.published_date:
        key_a = (dated.published_date.year, group.month)
        key_b = (mention.published_date.year, mention.published_date.month if mention.date_precision != "year" else None)
        if key_a[0] != key_b[0] or (key_a[1] and key_b[1] and key_a[1] != key_b[1]):
            return None
        score += 3 if key_a[1] and key_b[1] else 1
    group_subjects = group.subjects
    if group_subjects and mention.subject_ids and not group_subjects & set(mention.subject_ids):
        return None
    if group_subjects & set(mention.subject_ids):
        score += 1
    given = group.given_titles
    if given and mention.given_title and _similarity(given[0], mention.given_title) < 0.5:
        return None
    if mention.area and group.areas:
        exact = _area_words(mention.area) in group.area_words
        if exact:
            score += 2
        elif any(_areas_compatible(a, mention.area) for a in group.distinct_areas):
            score += 0.5
        else:
            return None
    topics = group.topics
    mine = mention.topic or mention.given_title
    if topics and mine:
        best = max(_similarity(t, mine) for t in topics)
        if best >= 0.5:
            score += 2 * best
        elif not (mention.area and group.areas):
            return None
    if set(mention.provider_ids) & group.providers:
        score += 0.5
    if group.types == {"annual_report"} and mention.inspection_type == "annual_report":
        score += 1
    evidence = score - (3 if dated and mention.published_date and score >= 3 else 0)
    if not (dated and mention.published_date) and evidence < 1:
        return None
    if dated and mention.published_date and score < 2 and not mention.area and not topics:
        return None
    return score


def _plausible_for(mention: InspectionMention, published: date) -> bool:
    """An undated mention in a dated article can only be a report published
    before the article; the report an article is about is a recent one."""
    if mention.document_date is None:
        return True
    if published > mention.document_date:
        return False
    return mention.status != "current" or (mention.document_date - published).days <= 400


def _row(group: _Group) -> dict:
    mentions = group.mentions
    first = sorted(mentions, key=lambda m: (m.status != "current", m.document_id, m.char_start))
    dated = group.date
    published = dated.published_date if dated else None
    precision = dated.date_precision if dated else None
    inspection_type = _most_common([m.inspection_type for m in mentions if m.inspection_type != "other"]) or "other"
    area = _best_area(group.areas)
    inspectorate = mentions[0].inspectorate
    title = _best_title(first, inspection_type, inspectorate, area, published)
    return {
        "inspection_id": _inspection_id(mentions[0].inspectorate_ids, inspection_type, area, published, precision,
                                        first, title),
        "title": title,
        "inspectorate": inspectorate,
        "inspection_type": inspection_type,
        "area": area,
        "published_date": published,
        "date_precision": precision,
        "provider_ids": sorted({p for m in mentions for p in m.provider_ids}),
        "lead_inspector": _most_common([m.lead_inspector for m in first if m.lead_inspector]),
        "headline_finding": next((m.headline_finding for m in first if m.headline_finding), None),
        "document_ids": sorted({m.document_id for m in mentions}),
    }


def _most_common(values: list[str]) -> str | None:
    if not values:
        return None
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in values if counts[v] == best)


def _best_area(areas: list[str]) -> str | None:
    """The most specific area the others agree with ("North London" over
    "London"), else the most frequent."""
    if not areas:
        return None
    counts = Counter(areas)
    def support(area: str) -> int:
        return sum(n for other, n in counts.items() if _areas_compatible(area, other))
    return max(counts, key=lambda a: (support(a), len(_area_words(a)), counts[a], a))


def _best_title(ordered: list[InspectionMention], inspection_type: str, inspectorate: str, area: str | None,
                published: date | None) -> str:
    given = next((m.given_title for m in ordered if m.given_title), None)
    topic = next((m.topic for m in ordered if m.topic and m.status == "current"), None) or next(
        (m.topic for m in ordered if m.topic), None)
    heading = next((m.heading_title for m in ordered if m.heading_title), None)
    joint = any("joint" in m.title.lower() for m in ordered) or " and " in inspectorate
    named = sorted((m for m in ordered if m.subject_name), key=lambda m: not m.subject_explicit)
    subject = named[0] if named else None
    return make_title(inspection_type=inspection_type, inspectorate=inspectorate, topic=topic, given_title=given,
                      heading_title=heading, area=area, year=published.year if published else None, joint=joint,
                      subject=subject.subject_name if subject else None,
                      subject_explicit=bool(subject and subject.subject_explicit))


def _inspection_id(inspectorate_ids: tuple[str, ...], inspection_type: str, area: str | None, published: date | None,
                   precision: str | None, ordered: list[InspectionMention], title: str) -> str:
    refdata = _refdata()
    prefix = "-".join(refdata.by_id(i).slug for i in inspectorate_ids if refdata.by_id(i)) or refdata.default.slug
    if inspection_type == "annual_report":
        key = "annual-report"
    elif area and inspection_type in ("area", "follow_up", "other"):
        key = slugify(area)
    else:
        key = _short_slug(next((m.given_title or m.topic for m in ordered if m.given_title or m.topic), None) or title)
    parts = [prefix]
    if published:
        parts.append(f"{published.year:04d}")
        if precision in ("month", "day"):
            parts.append(f"{published.month:02d}")
    parts.append(key)
    return "-".join(p for p in parts if p)


def _short_slug(text: str, words: int = 8) -> str:
    return "-".join(slugify(text).split("-")[:words])


class _UniqueIds:
    """Inspection ids made unique with a numeric suffix (-2, -3, ...); the
    next suffix to try is remembered, so many inspections sharing a base id
    (every year's annual report) cost no rescan."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.next_suffix: dict[str, int] = {}

    def claim(self, candidate: str) -> str:
        result, n = candidate, self.next_suffix.get(candidate, 2)
        if result in self.used:
            result = f"{candidate}-{n}"
            while result in self.used:
                n += 1
                result = f"{candidate}-{n}"
            n += 1
        self.next_suffix[candidate] = n
        self.used.add(result)
        return result


# --- linking quotes and metrics to inspections ----------------------------------------


def link_inspection(
    document: Any,
    char_start: int,
    char_end: int,
    mentions: list[InspectionMention],
    inspection_ids: Mapping[str, str],
) -> str | None:
    """The inspection a span of ``document`` (a quote, a metric) is about.

    ``mentions`` are the document's inspection mentions and
    ``inspection_ids`` the mapping returned by ``merge_inspections``. In
    order: an inspection discussed in the same sentence; else in the same
    paragraph; else, when the document reports exactly one current
    inspection and the span is in its article body (not a reader comment
    or page furniture), that one. Otherwise None. Where a sentence or
    paragraph discusses several, the current inspection wins over a
    previous one; a tie stays unlinked.
    """
    return _link(document, char_start, char_end, mentions, inspection_ids)


def _link(document: Any, char_start: int, char_end: int, mentions: list[InspectionMention],
          inspection_ids: Mapping[str, str]) -> str | None:
    known = [m for m in mentions if m.mention_id in inspection_ids]
    if not known:
        return None
    in_sentence = [m for m in known if any(s < char_end and char_start < e for s, e in m.references)]
    chosen = _pick(in_sentence, inspection_ids)
    if chosen:
        return chosen
    paragraph = _paragraph_span(document, char_start)
    if paragraph:
        in_paragraph = [m for m in known if any(paragraph[0] <= s < paragraph[1] for s, _ in m.references)]
        chosen = _pick(in_paragraph, inspection_ids)
        if chosen:
            return chosen
    section = _section(document, char_start)
    if section is not None and section.kind not in ("article", "embedded_article"):
        return None
    current = {inspection_ids[m.mention_id] for m in known if m.status == "current"}
    return current.pop() if len(current) == 1 else None


def _pick(candidates: list[InspectionMention], inspection_ids: Mapping[str, str]) -> str | None:
    ids = {inspection_ids[m.mention_id] for m in candidates}
    if len(ids) == 1:
        return ids.pop()
    current = {inspection_ids[m.mention_id] for m in candidates if m.status == "current"}
    return current.pop() if len(current) == 1 else None


def _paragraph_span(document: Any, offset: int) -> tuple[int, int] | None:
    for paragraph in getattr(document, "paragraphs", None) or ():
        if paragraph.char_start <= offset < paragraph.char_end:
            return (paragraph.char_start, paragraph.char_end)
    return None


class InspectionLinker:
    """``link_inspection`` over a corpus: built once from the documents, their
    inspection mentions and ``merge_inspections``'s mapping."""

    def __init__(self, documents: Mapping[str, Any], mentions_by_document: Mapping[str, list[InspectionMention]],
                 inspection_ids: Mapping[str, str]):
        self.documents = documents
        self.mentions_by_document = mentions_by_document
        self.inspection_ids = inspection_ids

    def link(self, document_id: str, char_start: int, char_end: int) -> str | None:
        document = self.documents.get(document_id)
        if document is None:
            return None
        return link_inspection(document, char_start, char_end, self.mentions_by_document.get(document_id) or [],
                               self.inspection_ids)
