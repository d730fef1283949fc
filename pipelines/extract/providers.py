"""Provider reference data, mention finding, and the providers tables.

A provider is an organisation that delivers or owns probation services (a
CRC, the NPS or one of its divisions, a probation trust, an owner company).
Mentions come from four sources, in order of trust:

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
   registered as discovered providers so every mention has a providers row.

Every mention satisfies ``document.text[char_start:char_end] == text``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, NamedTuple

from rapidfuzz import fuzz, process

from pipelines.extract.context import DocumentContext
from pipelines.extract.model import SourceDocument
from pipelines.extract.refdata import load_refdata
from pipelines.extract.slugs import slugify
from pipelines.extract.sentences import punctuation_sentences, sentence_around



@dataclass(frozen=True)
class ProviderRecord:
    provider_id: str
    name: str
    aliases: tuple[str, ...]
    provider_type: str
    sector: str
    owner_provider_id: str | None
    region: str | None
    note: str | None = None
    region_names: tuple[str, ...] = ()
    owners: tuple[tuple[str, int | None, int | None], ...] = ()
    partners: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProviderMention:
    """One mention of a provider: ``text == document.text[char_start:char_end]``.

    ``discovered`` carries the record of a provider found only in the text
    (not in the reference data), so the providers table can register it.
    """

    provider_id: str
    char_start: int
    char_end: int
    text: str
    discovered: ProviderRecord | None = field(default=None, compare=False)


# --- tokens -----------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+|&")


class _Token(NamedTuple):
    """A word of a text (a named tuple: documents have thousands)."""

    text: str
    start: int
    end: int

    @property
    def norm(self) -> str:
        return "and" if self.text == "&" else self.text.casefold()


def _tokenise(text: str) -> list[_Token]:
    return [_Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _is_acronym(token: str) -> bool:
    return sum(1 for c in token if c.isupper()) >= 2


def _alias_key(alias: str) -> str:
    return re.sub(r"\s+", " ", alias).strip().casefold()


def _token_key(name: str) -> str:
    return " ".join(t.norm for t in _tokenise(name))


# --- alias matching ------------------------------------------------------------

# Gap between two tokens of a match, classified; a match may not cross a
# sentence end or a blank line.
_GAP_CLASSES = (
    ("space", re.compile(r"[ \t]*\n?[ \t]*")),
    ("comma", re.compile(r"[ \t]*,[ \t]*\n?[ \t]*")),
    ("apostrophe", re.compile(r"['’]")),
    ("hyphen", re.compile(r"[ \t]*[-/][ \t]*")),
    ("dot", re.compile(r"\.[ \t]*")),
)


def _gap_class(gap: str) -> str | None:
    for name, pattern in _GAP_CLASSES:
        if pattern.fullmatch(gap):
            return name
    return None


@dataclass(frozen=True)
class _Entry:
    """One alias, tokenised. ``kind`` is alias, context (a bare CRC region)
    or blocker (a place phrase that must never match as a provider)."""

    provider_id: str | None
    tokens: tuple[str, ...]
    gaps: tuple[str | None, ...]
    kind: str = "alias"

    @property
    def norms(self) -> tuple[str, ...]:
        return tuple("and" if t == "&" else t.casefold() for t in self.tokens)


def _entry(alias: str, provider_id: str | None, kind: str = "alias") -> _Entry | None:
    toks = _tokenise(alias)
    if not toks:
        return None
    gaps = tuple(_gap_class(alias[a.end : b.start]) for a, b in zip(toks, toks[1:]))
    return _Entry(provider_id, tuple(t.text for t in toks), gaps, kind)


@dataclass(frozen=True)
class _Match:
    entry: _Entry
    first: int  # token index
    last: int  # token index, inclusive
    char_start: int
    char_end: int


class _AliasMatcher:
    """Longest-first token matching of many aliases at once."""

    def __init__(self, entries: Iterable[_Entry], loose_words: set[str]) -> None:
        self.loose_words = loose_words
        self.by_first: dict[str, list[_Entry]] = {}
        for entry in entries:
            self.by_first.setdefault(entry.norms[0], []).append(entry)
        for bucket in self.by_first.values():
            bucket.sort(key=lambda e: (-len(e.tokens), e.kind != "blocker", e.provider_id or ""))

    def candidates(self, text: str, tokens: list[_Token], i: int) -> list[_Match]:
        found = []
        for entry in self.by_first.get(tokens[i].norm, ()):
            end = i + len(entry.tokens)
            if end <= len(tokens) and self._fits(text, tokens, i, entry):
                found.append(_Match(entry, i, end - 1, tokens[i].start, tokens[end - 1].end))
        return found

    def _fits(self, text: str, tokens: list[_Token], i: int, entry: _Entry) -> bool:
        for k, alias_token in enumerate(entry.tokens):
            token = tokens[i + k]
            if token.norm != entry.norms[k] or not self._case_fits(token.text, alias_token, k):
                return False
            if k and not self._gap_fits(text[tokens[i + k - 1].end : token.start], entry, k):
                return False
        return True

    def _case_fits(self, found: str, alias: str, position: int) -> bool:
        if _is_acronym(alias):
            return found == alias
        if not alias[:1].isupper():
            return True
        if position == 0 or alias.casefold() not in self.loose_words:
            return found[:1].isupper()
        return True

    def _gap_fits(self, gap: str, entry: _Entry, k: int) -> bool:
        found = _gap_class(gap)
        wanted = entry.gaps[k - 1]
        if found == "space":
            return True
        if found == "comma":
            # Commas separate place names ("Kent, Surrey and Sussex"), never a
            # place from the institution word ("London, CRC staff").
            return wanted == "comma" or entry.norms[k] not in self.loose_words | {"crc", "nps"}
        return found is not None and found == wanted


# --- the gazetteer --------------------------------------------------------------

_CRC_NOUN = re.compile(r"(?:CRC|[Cc]ommunity [Rr]ehabilitation [Cc]ompany)(?![\w-])")
_CRC_PLURAL = re.compile(r"(?:CRCs|CRC['’]s|[Cc]ommunity [Rr]ehabilitation [Cc]ompanies)(?![\w-])")
# Words allowed between "CRC" and the area it is said to cover.
_CONTEXT_FILLERS = {"in", "for", "covering", "of", "the", "north", "south", "east", "west", "northern",
                    "southern", "eastern", "western", "central", "inner", "outer", "greater"}
_QUANTIFIERS = {"each", "every", "any", "no", "one", "a", "an", "another", "other"}


@dataclass
class Gazetteer:
    records: dict[str, ProviderRecord]
    loose_words: frozenset[str] = frozenset()
    region_blockers: tuple[str, ...] = ()
    non_providers: tuple[str, ...] = ()
    _matcher: _AliasMatcher = field(init=False, repr=False)
    _by_alias: dict[str, str] = field(init=False, repr=False)
    _by_token_key: dict[str, str] = field(init=False, repr=False)
    _crc_regions: dict[frozenset[str], str] = field(init=False, repr=False)
    _region_tokens: frozenset[str] = field(init=False, repr=False)
    _non_provider_keys: set[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_alias, self._by_token_key = {}, {}
        entries: list[_Entry] = []
        for record in self.records.values():
            for alias in (record.name, *record.aliases):
                self._by_alias.setdefault(_alias_key(alias), record.provider_id)
                self._by_token_key.setdefault(_token_key(alias), record.provider_id)
                entry = _entry(alias, record.provider_id)
                if entry:
                    entries.append(entry)
        self._crc_regions = {}
        region_tokens: set[str] = set()
        for record in self.records.values():
            if record.provider_type != "crc":
                continue
            for region in record.region_names:
                entry = _entry(region, record.provider_id, "context")
                if entry:
                    entries.append(entry)
                    region_tokens.update(entry.norms)
                self._crc_regions.setdefault(_place_key(region), record.provider_id)
        for phrase in self.region_blockers:
            entry = _entry(phrase, None, "blocker")
            if entry:
                entries.append(entry)
        self._region_tokens = frozenset(region_tokens)
        loose = set(self.loose_words) or {"probation", "service", "trust", "community", "rehabilitation",
                                          "company", "division", "and", "of", "the"}
        self._matcher = _AliasMatcher(entries, loose)
        self._non_provider_keys = {_token_key(n) for n in self.non_providers}

    # -- public API ------------------------------------------------------------

    def find_mentions(self, text: str, sentences: list[tuple[int, int]] | None = None) -> list[ProviderMention]:
        """Reference-data providers named in ``text``: aliases, and bare CRC
        areas where the sentence presents them as a CRC. Offsets index ``text``."""
        return self._find(text, sentences or punctuation_sentences(text))

    def resolve(self, name: str) -> str | None:
        """provider_id for an organisation name as written, or None."""
        if not name or not name.strip():
            return None
        key = _alias_key(name)
        if key in self._by_alias:
            return self._by_alias[key]
        token_key = _token_key(re.sub(r"\s*\([^)]*\)\s*$", "", name))
        if token_key in self._by_token_key:
            return self._by_token_key[token_key]
        by_area = self._resolve_area_name(name)
        if by_area:
            return by_area
        if len(token_key) >= 8:
            best = process.extractOne(token_key, list(self._by_token_key), scorer=fuzz.ratio, score_cutoff=93)
            if best:
                return self._by_token_key[best[0]]
        return None

    def is_non_provider(self, name: str) -> bool:
        return _token_key(name) in self._non_provider_keys

    def is_ambiguous_area(self, name: str) -> bool:
        """"Yorkshire CRC" could be South Yorkshire or West Yorkshire."""
        key = _place_key(re.sub(r"\s+(?:CRC|Community Rehabilitation Company|Probation Trust)$", "", name.strip()))
        return bool(key) and sum(1 for k in self._crc_regions if key < k) > 1

    # -- internals -------------------------------------------------------------

    def _find(self, text: str, sentences: list[tuple[int, int]]) -> list[ProviderMention]:
        tokens = _tokenise(text)
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

    def _best_match(self, text: str, tokens: list[_Token], i: int, sentences) -> _Match | None:
        for match in self._matcher.candidates(text, tokens, i):
            if match.entry.kind != "context" or self._context_says_crc(text, tokens, match, sentences):
                return match
        return None

    def _context_says_crc(self, text: str, tokens: list[_Token], match: _Match, sentences) -> bool:
        lo, hi = sentence_around(sentences, match.char_start, len(text))
        return self._crc_noun_before(text, tokens, match, lo) or self._crc_noun_after(text, tokens, match, hi)

    def _crc_noun_before(self, text: str, tokens: list[_Token], match: _Match, lo: int) -> bool:
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

    def _crc_noun_after(self, text: str, tokens: list[_Token], match: _Match, hi: int) -> bool:
        """"London and Thames Valley CRCs" / "the Thames Valley area CRC"."""
        j = match.last + 1
        steps = 0
        while j < len(tokens) and tokens[j].end <= hi and steps < 10:
            gap = text[tokens[j - 1].end : tokens[j].start]
            if _gap_class(gap) not in ("space", "comma"):
                return False
            rest = text[tokens[j].start : hi]
            if _CRC_NOUN.match(rest) or _CRC_PLURAL.match(rest):
                return _gap_class(gap) == "space"  # "London, CRC staff said" is no CRC name
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
    return frozenset(t.norm for t in _tokenise(area) if t.norm not in {"and", "the", "of"})


def _extend_with_abbreviation(text: str, end: int, provider_id: str | None, gazetteer: Gazetteer) -> int:
    """Take in a trailing "(NPS)" / "(CRC)" that abbreviates the same name, so
    "National Probation Service (NPS)" is one mention, not two."""
    m = re.match(r"[ \t]*\(([A-Z][A-Za-z&' ]{1,14})\)", text[end:])
    if not m or provider_id is None:
        return end
    abbreviation = m.group(1).strip()
    record = gazetteer.records.get(provider_id)
    generic = {"crc": "CRC", "nps": "NPS", "nps_division": "NPS"}.get(record.provider_type if record else "")
    if abbreviation == generic or gazetteer.resolve(abbreviation) == provider_id:
        return end + m.end()
    return end


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
_NOT_PLACE = {
    "The", "A", "An", "This", "That", "These", "Those", "Each", "Every", "Any", "All", "No", "Its", "Their",
    "Our", "Your", "His", "Her", "Other", "Another", "Local", "Private", "Public", "Neighbouring", "New",
    "Former", "Failing", "Troubled", "Struggling", "Largest", "Smallest", "Probation", "Community",
    "Rehabilitation", "Inspectors", "Inspection", "Report", "Says", "Said", "Under", "When", "While", "After",
    "Before", "Since", "In", "At", "On", "For", "From", "By", "With", "But", "And", "Or", "If", "As", "Of",
    "Which", "What", "Why", "How", "Where", "Two", "Three", "Four", "Five", "Six", "One", "Some", "Many",
    "Most", "Both", "Several", "Regional", "National", "Individual", "Current", "Existing", "Poor",
    "Outsourced", "Privately", "Owned", "Run", "Latest", "Second", "Third", "First", "Fourth", "Last",
    "Services", "Service", "Say", "Says", "Crisis", "Failing", "Failed", "Warns", "Warned", "Is", "Are", "Was",
    "Were", "Has", "Have", "Not", "Staff", "Chief", "Inspector", "Inspectorate", "Company", "Companies",
}
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


def find_provider_mentions(context: DocumentContext) -> list[ProviderMention]:
    """Every provider mention in the document, sorted by position."""
    document, text, sentences, gazetteer = context.document, context.text, context.sentences, context.gazetteer
    mentions = gazetteer.find_mentions(text, sentences)
    taken = _Spans(mentions)
    persons = _person_spans(context.parsed)
    for mention in _fallback_mentions(text, sentences, gazetteer, persons):
        if taken.add(mention):
            mentions.append(mention)
    mentions.sort(key=lambda m: (m.char_start, m.char_end))
    for mention in _generic_crc_mentions(document, sentences, mentions, gazetteer):
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


def _person_spans(parsed) -> list[tuple[int, int]]:
    if parsed is None:
        return []
    return [(e.start_char, e.end_char) for e in parsed.ents if e.label_ == "PERSON"]


def _generic_crc_mentions(document: SourceDocument, sentences, mentions: list[ProviderMention],
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


def _nearest_before(document: SourceDocument, mentions: list[ProviderMention], offset: int) -> str | None:
    section = _section_of(document, offset)
    before = [m for m in mentions if m.char_end <= offset and _section_of(document, m.char_start) == section]
    return before[-1].provider_id if before else None


def _section_of(document: SourceDocument, offset: int) -> int | None:
    section = document.section_at(offset)
    return section.index if section else None


def _in_boilerplate(document: SourceDocument, offset: int) -> bool:
    section = document.section_at(offset)
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
    if _in_headline(text, m.start()):
        return None  # title case makes every word look like a place
    words = m.group("name").split()
    while words and words[0].strip(",") in _NOT_PLACE:
        words = words[1:]
    if not words or words[0] in {"and", "&", "of", "the"}:
        return None
    if any(w.strip(",") in _NOT_PLACE for w in words):
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
        record = _discovered(f"{name} Probation Trust", "probation_trust", "public", name, surface)
    else:
        record = _discovered(f"{name} CRC", "crc", "unknown", name, surface)
    return ProviderMention(record.provider_id, start, end, surface, discovered=record)


# Twenty words never take more; a longer line is body text, however it ends.
_MAX_HEADLINE_CHARS = 400


def _in_headline(text: str, offset: int) -> bool:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    end = end if end >= 0 else len(text)
    if end - start > _MAX_HEADLINE_CHARS:
        return False
    line = text[start:end].strip()
    return len(line.split()) <= 20 and not re.search(r"[.!?:;,]['’\"”)]?$", line)


def _owner_fallback(text: str, m: re.Match, sentences, gazetteer: Gazetteer, persons) -> ProviderMention | None:
    name = m.group("name").rstrip(".’'")
    start = m.start("name")
    end = start + len(name)
    lo, hi = sentence_around(sentences, start, len(text))
    if not _PROBATION_CONTEXT.search(text[lo:hi]):
        return None
    if any(s < end and start < e for s, e in persons) or name.split()[0] in _NOT_PLACE:
        return None
    if gazetteer.is_non_provider(name) or re.search(r"\b(?:Inspectorate|Ministry|Department|Council|Police|"
                                                   r"Committee|Office|Court|Parliament|Government|Union)\b", name):
        return None
    provider_id = gazetteer.resolve(name)
    if provider_id:
        return ProviderMention(provider_id, start, end, name)
    record = _discovered(name, "other", "unknown", None, text[m.start():end])
    return ProviderMention(record.provider_id, start, end, name, discovered=record)


def _discovered(name: str, provider_type: str, sector: str, region: str | None, surface: str) -> ProviderRecord:
    return ProviderRecord(
        provider_id=slugify(name),
        name=name,
        aliases=(),
        provider_type=provider_type,
        sector=sector,
        owner_provider_id=None,
        region=region,
        note=f"Not in the reference data; found in the text as '{surface}'.",
    )


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
    }


# --- loading -----------------------------------------------------------------------

def load_gazetteer() -> Gazetteer:
    data = load_refdata("providers") or {}
    templates = data.get("alias_templates") or {}
    records = {}
    for row in data.get("providers") or []:
        record = _record_from_row(row, templates)
        records.setdefault(record.provider_id, record)
    return Gazetteer(
        records,
        loose_words=frozenset(w.casefold() for w in data.get("loose_words") or ()),
        region_blockers=tuple(data.get("region_blockers") or ()),
        non_providers=tuple(data.get("non_providers") or ()),
    )


def _record_from_row(row: dict, templates: dict[str, list[str]]) -> ProviderRecord:
    region_names = tuple(row.get("region_names") or ())
    fills = [*region_names, *(row.get("abbreviations") or ())]
    generated = [t.format(region=fill) for fill in fills for t in templates.get(row["provider_type"], ())]
    aliases = tuple(dict.fromkeys(a for a in (row["name"], *(row.get("aliases") or ()), *generated) if a))
    owners = tuple((o["provider_id"], o.get("from"), o.get("to")) for o in row.get("owners") or ())
    return ProviderRecord(
        provider_id=row["provider_id"],
        name=row["name"],
        aliases=aliases,
        provider_type=row["provider_type"],
        sector=row.get("sector") or "unknown",
        owner_provider_id=row.get("owner_provider_id"),
        region=row.get("region"),
        note=row.get("note"),
        region_names=region_names,
        owners=owners,
        partners=tuple(row.get("partners") or ()),
    )
