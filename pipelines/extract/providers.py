"""Provider mention finding and the providers tables.

A provider is an organisation that delivers or owns probation services (a
CRC, the NPS or one of its divisions, a probation trust, an owner company,
the Probation Service, its regions and PDUs, a youth offending service,
HMPPS). The register itself is read by ``provider_register.py``.
Mentions come from these sources, in order of trust:

1. aliases from ``refdata/providers.yaml``, matched tolerantly (case of
   generic words, spacing, commas between place names, "&" for "and");
2. a bare contract-area name ("Thames Valley") where the sentence presents
   it as a CRC ("a neighbouring CRC, Thames Valley", "London and Thames
   Valley CRCs");
3. a definite generic reference ("the CRC", "the Community Rehabilitation
   Company (CRC)") resolved to the CRC the document is about, when it names
   one;
4. a fallback for organisations the text presents as providers but the
   reference data does not know ("Anytown CRC", "run by Acme Justice"),
   registered as discovered providers so every mention has a providers row;
5. patterns for PDUs, youth offending services, places and "the probation
   service" (``provider_patterns.py``), read against the article's date.

Every mention satisfies ``document.text[char_start:char_end] == text``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

from rapidfuzz import fuzz, process

from pipelines.extract.nlp import parse_is_of
from pipelines.extract.provider_aliases import (
    AliasMatcher,
    Entry,
    Match,
    Token,
    alias_key,
    gap_class,
    make_entry,
    token_key,
    tokenise,
)
from pipelines.extract.provider_patterns import (
    NOT_PLACE,
    PatternFinder,
    ProviderMention,
    discovered,
    document_date,
    in_era,
    in_headline,
    national_mentions,
    sentence_bounds,
    slugify,
)
from pipelines.extract.provider_register import ProviderRecord, Register, load_register

PROVIDER_TYPES = ("crc", "nps", "nps_division", "probation_trust", "owner_company", "region", "pdu",
                  "youth_offending_service", "agency", "other")
SECTORS = ("private", "public", "voluntary", "mixed", "unknown")

__all__ = ["PROVIDER_TYPES", "SECTORS", "Gazetteer", "ProviderMention", "ProviderRecord", "build_provider_tables",
           "find_provider_mentions", "load_gazetteer", "sentence_spans", "slugify"]


# --- the gazetteer --------------------------------------------------------------

_CRC_NOUN = re.compile(r"(?:CRC|[Cc]ommunity [Rr]ehabilitation [Cc]ompany)(?![\w-])")
_CRC_PLURAL = re.compile(r"(?:CRCs|CRC['’]s|[Cc]ommunity [Rr]ehabilitation [Cc]ompanies)(?![\w-])")
# Words allowed between "CRC" and the area it is said to cover.
_CONTEXT_FILLERS = {"in", "for", "covering", "of", "the", "north", "south", "east", "west", "northern",
                    "southern", "eastern", "western", "central", "inner", "outer", "greater"}
_QUANTIFIERS = {"each", "every", "any", "no", "one", "a", "an", "another", "other"}


@dataclass
class Gazetteer(Register):
    records: dict[str, ProviderRecord]
    loose_words: frozenset[str] = frozenset()
    region_blockers: tuple[str, ...] = ()
    non_providers: tuple[str, ...] = ()
    settings: dict = field(default_factory=dict)  # the top-level keys of providers.yaml
    _matcher: AliasMatcher = field(init=False, repr=False)
    _by_alias: dict[str, str] = field(init=False, repr=False)
    _by_token_key: dict[str, str] = field(init=False, repr=False)
    _crc_regions: dict[frozenset[str], str] = field(init=False, repr=False)
    _region_tokens: frozenset[str] = field(init=False, repr=False)
    _non_provider_keys: set[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_alias, self._by_token_key = {}, {}
        entries: list[Entry] = []
        for record in self.records.values():
            for alias in (record.name, *record.aliases):
                self._by_alias.setdefault(alias_key(alias), record.provider_id)
                self._by_token_key.setdefault(token_key(alias), record.provider_id)
                entry = make_entry(alias, record.provider_id)
                if entry:
                    entries.append(entry)
        self._crc_regions = {}
        region_tokens: set[str] = set()
        for record in self.records.values():
            if record.provider_type != "crc":
                continue
            for region in record.region_names:
                entry = make_entry(region, record.provider_id, "context")
                if entry:
                    entries.append(entry)
                    region_tokens.update(entry.norms)
                self._crc_regions.setdefault(_place_key(region), record.provider_id)
        for phrase in self.region_blockers:
            entry = make_entry(phrase, None, "blocker")
            if entry:
                entries.append(entry)
        self._region_tokens = frozenset(region_tokens)
        loose = set(self.loose_words) or {"probation", "service", "trust", "community", "rehabilitation",
                                          "company", "division", "and", "of", "the"}
        self._matcher = AliasMatcher(entries, loose)
        self._non_provider_keys = {token_key(n) for n in self.non_providers}
        self._index_places()

    # -- public API ------------------------------------------------------------

    def find_mentions(self, text: str, sentences: list[tuple[int, int]] | None = None) -> list[ProviderMention]:
        """Reference-data providers named in ``text``: aliases, and bare CRC
        areas where the sentence presents them as a CRC. Offsets index ``text``."""
        try:
            return self._find(text, sentences or _regex_sentences(text))
        except Exception:  # never fail a document over one odd string
            return []

    def resolve(self, name: str) -> str | None:
        """provider_id for an organisation name as written, or None."""
        if not name or not name.strip():
            return None
        key = alias_key(name)
        if key in self._by_alias:
            return self._by_alias[key]
        tokens_of_name = token_key(re.sub(r"\s*\([^)]*\)\s*$", "", name))
        if tokens_of_name in self._by_token_key:
            return self._by_token_key[tokens_of_name]
        by_area = self._resolve_area_name(name)
        if by_area:
            return by_area
        if len(tokens_of_name) >= 8:
            best = process.extractOne(tokens_of_name, list(self._by_token_key), scorer=fuzz.ratio, score_cutoff=93)
            if best:
                return self._by_token_key[best[0]]
        return None

    def is_non_provider(self, name: str) -> bool:
        return token_key(name) in self._non_provider_keys

    def is_ambiguous_area(self, name: str) -> bool:
        """"Yorkshire CRC" could be South Yorkshire or West Yorkshire."""
        key = _place_key(re.sub(r"\s+(?:CRC|Community Rehabilitation Company|Probation Trust)$", "", name.strip()))
        return bool(key) and sum(1 for k in self._crc_regions if key < k) > 1

    # -- internals -------------------------------------------------------------

    def _find(self, text: str, sentences: list[tuple[int, int]]) -> list[ProviderMention]:
        tokens = tokenise(text)
        mentions: list[ProviderMention] = []
        i = 0
        while i < len(tokens):
            match = self._best_match(text, tokens, i, sentences)
            if match is None:
                i += 1
                continue
            if match.entry.kind != "blocker":
                end = _extend_with_abbreviation(text, match.char_end, match.entry.provider_id, self)
                mentions.append(ProviderMention(match.entry.provider_id, match.char_start, end,
                                                text[match.char_start:end]))
                while i < len(tokens) and tokens[i].start < end:
                    i += 1
                continue
            i = match.last + 1
        return mentions

    def _best_match(self, text: str, tokens: list[Token], i: int, sentences) -> Match | None:
        for match in self._matcher.candidates(text, tokens, i):
            if match.entry.kind != "context" or self._context_says_crc(text, tokens, match, sentences):
                return match
        return None

    def _context_says_crc(self, text: str, tokens: list[Token], match: Match, sentences) -> bool:
        lo, hi = sentence_bounds(sentences, match.char_start, len(text))
        return self._crc_noun_before(text, tokens, match, lo) or self._crc_noun_after(text, tokens, match, hi)

    def _crc_noun_before(self, text: str, tokens: list[Token], match: Match, lo: int) -> bool:
        """"a neighbouring CRC, Thames Valley" / "the CRC in north London"."""
        j = match.first - 1
        skipped = 0
        while j >= 0 and tokens[j].start >= lo and tokens[j].norm in _CONTEXT_FILLERS and skipped < 3:
            j -= 1
            skipped += 1
        if j < 0 or tokens[j].start < lo or tokens[j].text != "CRC" and tokens[j].norm != "company":
            return False
        between = text[tokens[j].end : match.char_start]
        if re.search(r"[.;!?()]", between):
            return False
        noun_start = tokens[j].start
        if tokens[j].norm == "company":
            head = text[max(lo, noun_start - 40) : tokens[j].end]
            if not re.search(r"(?:[Cc]ommunity [Rr]ehabilitation|probation) [Cc]ompany$", head):
                return False
            noun_start = tokens[j - 2].start if j >= 2 else noun_start
        before = [t for t in tokens if lo <= t.start < noun_start][-1:]
        return not (before and before[0].norm in _QUANTIFIERS)

    def _crc_noun_after(self, text: str, tokens: list[Token], match: Match, hi: int) -> bool:
        """"London and Thames Valley CRCs" / "the Thames Valley area CRC"."""
        j = match.last + 1
        steps = 0
        while j < len(tokens) and tokens[j].end <= hi and steps < 10:
            gap = text[tokens[j - 1].end : tokens[j].start]
            if gap_class(gap) not in ("space", "comma"):
                return False
            rest = text[tokens[j].start : hi]
            if _CRC_NOUN.match(rest) or _CRC_PLURAL.match(rest):
                return gap_class(gap) == "space"  # "London, CRC staff said" is no CRC name
            if tokens[j].norm not in self._region_tokens and tokens[j].norm not in {"and", "area", "areas"}:
                return False
            j += 1
            steps += 1
        return False

    def _resolve_area_name(self, name: str) -> str | None:
        """"Devon, Dorset and Cornwall CRC" -> the CRC whose area has the same
        place words, in any order."""
        m = re.match(r"^(?:the\s+)?(.+?)\s+(?:CRC|Community Rehabilitation Company)(?:\s*\(CRC\))?$", name.strip(), re.I)
        if not m:
            return None
        key = _place_key(m.group(1))
        if not key:
            return None
        if key in self._crc_regions:
            return self._crc_regions[key]
        # "Greater Manchester CRC": part of exactly one contract area's name.
        containing = {v for k, v in self._crc_regions.items() if key < k}
        if len(containing) == 1:
            return containing.pop()
        if containing:
            return None
        choices = {" ".join(sorted(k)): v for k, v in self._crc_regions.items()}
        best = process.extractOne(" ".join(sorted(key)), list(choices), scorer=fuzz.ratio, score_cutoff=90)
        return choices[best[0]] if best else None


def _place_key(area: str) -> frozenset[str]:
    return frozenset(t.norm for t in tokenise(area) if t.norm not in {"and", "the", "of"})


def _extend_with_abbreviation(text: str, end: int, provider_id: str | None, gazetteer: Gazetteer) -> int:
    """Take in a trailing "(NPS)" / "(CRC)" that abbreviates the same name, so
    "National Probation Service (NPS)" is one mention, not two."""
    m = re.match(r"[ \t]*\(([A-Z][A-Za-z&' ]{1,14})\)", text[end:])
    if not m or provider_id is None:
        return end
    abbreviation = m.group(1).strip()
    record = gazetteer.records.get(provider_id)
    generic = {"crc": {"CRC"}, "nps": {"NPS"}, "nps_division": {"NPS"}, "pdu": {"PDU"},
               "youth_offending_service": {"YOS", "YOT", "YJS"}}.get(record.provider_type if record else "", set())
    if abbreviation in generic or gazetteer.resolve(abbreviation) == provider_id:
        return end + m.end()
    return end


def _regex_sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(r"(?<=[.!?…])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n\s*\n", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def sentence_spans(document: Any, parsed: Any = None) -> list[tuple[int, int]]:
    """Sentence spans of the document: spaCy's when the parse is of the same
    text, else a punctuation split. Paragraph ends always end a sentence."""
    text = document.text
    spans: list[tuple[int, int]] = []
    try:
        if parse_is_of(parsed, text) and parsed.has_annotation("SENT_START"):
            spans = [(s.start_char, s.end_char) for s in parsed.sents]
    except Exception:
        spans = []
    if not spans:
        spans = _regex_sentences(text)
    paragraphs = [(p.char_start, p.char_end) for p in getattr(document, "paragraphs", None) or []]
    if not paragraphs:
        return spans
    cut = []
    for start, end in spans:
        for p_start, p_end in paragraphs:
            lo, hi = max(start, p_start), min(end, p_end)
            if lo < hi:
                cut.append((lo, hi))
    return sorted(set(cut))


# --- generic references and the fallback ----------------------------------------

_GENERIC_CRC = re.compile(
    r"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:same\s+)?"
    r"(?P<noun>CRC|[Cc]ommunity [Rr]ehabilitation [Cc]ompany(?:\s*\(CRC\))?)(?![\w-])"
)
# "the CRC contracts" means CRCs in general, not one company.
_GENERIC_BLOCK = re.compile(
    r"['’]?s?\s+(?:contracts?|model|market|system|programme|sector|landscape|owners?|providers?|"
    r"bidders?|regime|structure|areas?|estate|network|staff\s+(?:across|nationally))\b"
)

_PLACE_WORD = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*"
_FALLBACK_AREA = re.compile(
    rf"(?P<name>{_PLACE_WORD}(?:(?:,[ \t]*|[ \t]+(?:and|&)[ \t]+|[ \t]+(?:of[ \t]+(?:the[ \t]+)?)?){_PLACE_WORD}){{0,6}})"
    r"[ \t]+(?P<kind>CRC|Community Rehabilitation Company|Probation Trust)(?![\w-])(?!['’]?s\b)"
)
_OWNER_NAME = r"(?P<name>[A-Z][\w&'’.-]*(?:[ \t]+(?:&[ \t]+)?[A-Z][\w&'’.-]*){0,3})"
_FALLBACK_OWNER = [
    re.compile(r"\b(?:probation|rehabilitation)\s+(?:company|provider|firm|contractor|operator)\s+" + _OWNER_NAME),
    re.compile(
        r"\b(?:run|owned|operated|managed|bought|acquired|taken over)\s+by\s+(?:the\s+)?"
        r"(?:(?:private|outsourcing|support[- ]services|services|justice|US|French|German|Australian|UK)\s+)*"
        r"(?:company|firm|group|giant|contractor|consortium|partnership|provider|joint venture)?\s*" + _OWNER_NAME
    ),
]
_PROBATION_CONTEXT = re.compile(r"\b(?:CRCs?|[Cc]ommunity [Rr]ehabilitation|[Pp]robation)\b")


def find_provider_mentions(document: Any, parsed: Any, gazetteer: Gazetteer) -> list[ProviderMention]:
    """Every provider mention in the document (``parsed`` is one spaCy Doc of
    ``document.text``; it is only read, never re-run)."""
    try:
        return _find_provider_mentions(document, parsed, gazetteer)
    except Exception:
        try:
            return gazetteer.find_mentions(document.text)
        except Exception:
            return []


def _find_provider_mentions(document: Any, parsed: Any, gazetteer: Gazetteer) -> list[ProviderMention]:
    text = document.text
    sentences = sentence_spans(document, parsed)
    mentions = gazetteer.find_mentions(text, sentences)
    taken = _Spans(mentions)
    persons = _person_spans(parsed, text)
    for mention in _fallback_mentions(text, sentences, gazetteer, persons):
        if taken.add(mention):
            mentions.append(mention)
    on = document_date(document, gazetteer, mentions)
    for mention in PatternFinder(text, sentences, gazetteer, on, mentions).all():
        # A place pattern names the provider more precisely than the national
        # name inside it: "Hampshire Probation Service" (2012) is the trust.
        inside = [m for m in mentions if _record_type(gazetteer, m) == "nps"
                  and mention.char_start <= m.char_start and m.char_end <= mention.char_end]
        if inside:
            mentions = [m for m in mentions if m not in inside]
            taken = _Spans(mentions)
        if taken.add(mention):
            mentions.append(mention)
    mentions = in_era(gazetteer, mentions, on)
    mentions.sort(key=lambda m: (m.char_start, m.char_end))
    for mention in _generic_crc_mentions(document, sentences, mentions, gazetteer):
        if taken.add(mention):
            mentions.append(mention)
    for mention in national_mentions(text, gazetteer, on, mentions):
        if taken.add(mention):
            mentions.append(mention)
    mentions.sort(key=lambda m: (m.char_start, m.char_end))
    return mentions


class _Spans:
    def __init__(self, mentions: Iterable[ProviderMention]) -> None:
        self.spans = [(m.char_start, m.char_end) for m in mentions]

    def add(self, mention: ProviderMention) -> bool:
        if any(mention.char_start < end and start < mention.char_end for start, end in self.spans):
            return False
        self.spans.append((mention.char_start, mention.char_end))
        return True


def _person_spans(parsed: Any, text: str) -> list[tuple[int, int]]:
    try:
        if not parse_is_of(parsed, text):
            return []
        return [(e.start_char, e.end_char) for e in parsed.ents if e.label_ == "PERSON"]
    except Exception:
        return []


def _generic_crc_mentions(document: Any, sentences, mentions: list[ProviderMention],
                          gazetteer: Gazetteer) -> list[ProviderMention]:
    """"the CRC" in an article about one CRC is that CRC: the nearest CRC
    named before it in the same section, else the document's dominant CRC."""
    text = document.text
    crc_mentions = [m for m in mentions if _record_type(gazetteer, m) == "crc"]
    if not crc_mentions:
        return []
    dominant = _dominant(crc_mentions)
    found = []
    for m in _GENERIC_CRC.finditer(text):
        if _GENERIC_BLOCK.match(text, m.end()) or _in_boilerplate(document, m.start()):
            continue
        if _followed_by_mention(text, m.end(), mentions):
            continue
        provider_id = _nearest_before(document, crc_mentions, m.start()) or dominant
        if provider_id:
            start, end = m.start("noun"), m.end("noun")
            found.append(ProviderMention(provider_id, start, end, text[start:end]))
    return found


def _record_type(gazetteer: Gazetteer, mention: ProviderMention) -> str | None:
    record = gazetteer.records.get(mention.provider_id) or mention.discovered
    return record.provider_type if record else None


def _dominant(mentions: list[ProviderMention]) -> str | None:
    counts = Counter(m.provider_id for m in mentions).most_common()
    if len(counts) == 1 or counts[0][1] > sum(c for _, c in counts) / 2:
        return counts[0][0]
    return None


def _nearest_before(document: Any, mentions: list[ProviderMention], offset: int) -> str | None:
    section = _section_of(document, offset)
    before = [m for m in mentions if m.char_end <= offset and _section_of(document, m.char_start) == section]
    return before[-1].provider_id if before else None


def _section_of(document: Any, offset: int) -> int | None:
    try:
        section = document.section_at(offset)
    except Exception:
        return None
    return section.index if section else None


def _in_boilerplate(document: Any, offset: int) -> bool:
    try:
        section = document.section_at(offset)
    except Exception:
        return False
    return bool(section and section.kind == "boilerplate")


def _followed_by_mention(text: str, end: int, mentions: list[ProviderMention]) -> bool:
    """"the CRC in north London": the area mention already names it."""
    window = text[end : end + 30]
    m = re.match(r"[ \t]*(?:,|in|for|covering)[ \t]+(?:the[ \t]+)?(?:\w+[ \t]+)?", window)
    return bool(m) and any(end < x.char_start <= end + m.end() + 1 for x in mentions)


def _fallback_mentions(text: str, sentences, gazetteer: Gazetteer, persons) -> list[ProviderMention]:
    found: list[ProviderMention] = []
    for m in _FALLBACK_AREA.finditer(text):
        mention = _area_fallback(text, m, gazetteer)
        if mention:
            found.append(mention)
    for pattern in _FALLBACK_OWNER:
        for m in pattern.finditer(text):
            mention = _owner_fallback(text, m, sentences, gazetteer, persons)
            if mention:
                found.append(mention)
    return found


def _area_fallback(text: str, m: re.Match, gazetteer: Gazetteer) -> ProviderMention | None:
    if in_headline(text, m.start()):
        return None  # title case makes every word look like a place
    words = m.group("name").split()
    while words and words[0].strip(",") in NOT_PLACE:
        words = words[1:]
    if not words or words[0] in {"and", "&", "of", "the"}:
        return None
    if any(w.strip(",") in NOT_PLACE for w in words):
        return None
    name = " ".join(words).strip(", ")
    start = m.start("name") + m.group("name").index(words[0])
    end = m.end("kind")
    kind = m.group("kind")
    surface = text[start:end]
    provider_id = gazetteer.resolve(surface)
    if provider_id:
        return ProviderMention(provider_id, start, end, surface)
    if gazetteer.is_ambiguous_area(surface):
        return None
    if kind == "Probation Trust":
        record = discovered(f"{name} Probation Trust", "probation_trust", "public", name, surface)
    else:
        record = discovered(f"{name} CRC", "crc", "unknown", name, surface)
    return ProviderMention(record.provider_id, start, end, surface, discovered=record)


def _owner_fallback(text: str, m: re.Match, sentences, gazetteer: Gazetteer, persons) -> ProviderMention | None:
    name = m.group("name").rstrip(".’'")
    start = m.start("name")
    end = start + len(name)
    lo, hi = sentence_bounds(sentences, start, len(text))
    if not _PROBATION_CONTEXT.search(text[lo:hi]):
        return None
    if any(s < end and start < e for s, e in persons) or name.split()[0] in NOT_PLACE:
        return None
    if gazetteer.is_non_provider(name) or re.search(r"\b(?:Inspectorate|Ministry|Department|Council|Police|"
                                                   r"Committee|Office|Court|Parliament|Government|Union)\b", name):
        return None
    provider_id = gazetteer.resolve(name)
    if provider_id:
        return ProviderMention(provider_id, start, end, name)
    record = discovered(name, "other", "unknown", None, text[m.start():end])
    return ProviderMention(record.provider_id, start, end, name, discovered=record)


# --- tables ------------------------------------------------------------------------

def build_provider_tables(
    gazetteer: Gazetteer, mentions_by_document: dict[str, list[ProviderMention]]
) -> tuple[list[dict], list[dict]]:
    """(providers rows, provider_mentions rows). Every reference provider has a
    row (mention_count 0 when unmentioned) and so does every discovered one."""
    records = dict(gazetteer.records)
    surfaces: dict[str, list[str]] = {}
    counts: Counter[str] = Counter()
    mention_rows: dict[str, dict] = {}
    for document_id in sorted(mentions_by_document):
        for mention in mentions_by_document[document_id] or ():
            mention_id = f"{document_id}:{mention.char_start}-{mention.char_end}"
            if mention_id in mention_rows:
                continue
            if mention.provider_id not in records and mention.discovered is not None:
                records[mention.provider_id] = mention.discovered
            if mention.provider_id not in records:
                continue
            counts[mention.provider_id] += 1
            surfaces.setdefault(mention.provider_id, []).append(mention.text)
            mention_rows[mention_id] = {
                "mention_id": mention_id,
                "document_id": document_id,
                "provider_id": mention.provider_id,
                "char_start": mention.char_start,
                "char_end": mention.char_end,
                "text": mention.text,
            }
    providers = [_provider_row(records[pid], counts[pid], surfaces.get(pid, []), gazetteer)
                 for pid in sorted(records)]
    mentions = sorted(mention_rows.values(), key=lambda r: (r["document_id"], r["char_start"], r["char_end"]))
    return providers, mentions


def _provider_row(record: ProviderRecord, count: int, surfaces: list[str], gazetteer: Gazetteer) -> dict:
    aliases = list(dict.fromkeys([*record.aliases, *(s for s in surfaces if record.provider_id not in gazetteer.records)]))
    if record.name not in aliases:
        aliases.insert(0, record.name)
    return {
        "provider_id": record.provider_id,
        "name": record.name,
        "aliases": aliases,
        "provider_type": record.provider_type,
        "sector": record.sector,
        "owner_provider_id": record.owner_provider_id,
        "region": record.region,
        "mention_count": count,
        "note": record.note,
        "valid_from": record.valid_from,
        "valid_to": record.valid_to,
        "successor_provider_id": record.successor_provider_id,
        "parent_provider_id": record.parent_provider_id,
        "source": record.source,
        "local_authorities": list(record.local_authorities),
    }


# --- loading -----------------------------------------------------------------------

def load_gazetteer() -> Gazetteer:
    records, settings = load_register()
    return Gazetteer(
        records,
        loose_words=frozenset(w.casefold() for w in settings.get("loose_words") or ()),
        region_blockers=tuple(settings.get("region_blockers") or ()),
        non_providers=tuple(settings.get("non_providers") or ()),
        settings=settings,
    )
