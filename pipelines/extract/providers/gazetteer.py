"""The register of providers (read by ``register.py`` from the three refdata
files), and the mentions of its aliases and contract areas in a text. The
date-dependent look-ups come from ``register.Register``."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from pipelines.extract.providers.matching import _AliasMatcher, _Entry, _entry, _gap_class, _Match
from pipelines.extract.providers.records import ProviderMention, ProviderRecord
from pipelines.extract.providers.register import (
    Register,
    capitals_optional,
    load_register,
    place_key,
    place_qualifiers,
    type_nouns,
)
from pipelines.extract.providers.tokens import _alias_key, _Token, _token_key, _tokenise
from pipelines.extract.sentences import punctuation_sentences, sentence_around

_CRC = type_nouns()["crc"]
_CRC_NOUN = re.compile(rf"(?:{re.escape(_CRC.abbreviation)}|{capitals_optional(_CRC.noun)})(?![\w-])")
# The plural ("CRCs", "Community Rehabilitation Companies") is English grammar of the register's noun.
_CRC_PLURAL = re.compile(
    rf"(?:{re.escape(_CRC.abbreviation)}s|{re.escape(_CRC.abbreviation)}['’]s"
    rf"|{capitals_optional(re.sub(r'y$', 'ies', _CRC.noun))})(?![\w-])"
)
_TRUST = type_nouns()["probation_trust"]
# "Yorkshire CRC", "Devon, Dorset and Cornwall Community Rehabilitation Company (CRC)": an area and its noun.
_AREA_NOUN_END = re.compile(
    rf"\s+(?:{re.escape(_CRC.abbreviation)}|{re.escape(_CRC.noun)}|{re.escape(_TRUST.noun)})$")
_CRC_AREA_NAME = re.compile(
    rf"^(?:the\s+)?(.+?)\s+(?:{re.escape(_CRC.abbreviation)}|{re.escape(_CRC.noun)})(?:\s*\({re.escape(_CRC.abbreviation)}\))?$",
    re.I)
# Words allowed between "CRC" and the area it is said to cover: the
# prepositions and article are grammar; the parts of a place ("north",
# "greater") are the reference data's, one token each.
_QUALIFIERS = place_qualifiers()
_CONTEXT_FILLERS = {"in", "for", "covering", "of", "the",
                    *(w for w in _QUALIFIERS.compass if "-" not in w), *_QUALIFIERS.adjectives}
# Determiners that make "CRC" any CRC, not one: grammar, not the domain's words.
_QUANTIFIERS = {"each", "every", "any", "no", "one", "a", "an", "another", "other"}


@dataclass
class Gazetteer(Register):
    records: dict[str, ProviderRecord]
    loose_words: frozenset[str] = frozenset()
    region_blockers: tuple[str, ...] = ()
    non_providers: tuple[str, ...] = ()
    settings: dict = field(default_factory=dict)  # the top-level keys of providers.yaml
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
                self._crc_regions.setdefault(place_key(region), record.provider_id)
        for phrase in self.region_blockers:
            entry = _entry(phrase, None, "blocker")
            if entry:
                entries.append(entry)
        self._region_tokens = frozenset(region_tokens)
        loose = set(self.loose_words) or {"probation", "service", "trust", "community", "rehabilitation",
                                          "company", "division", "and", "of", "the"}
        self._matcher = _AliasMatcher(entries, loose)
        self._non_provider_keys = {_token_key(n) for n in self.non_providers}
        self._index_places()

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
            # The tolerance is for the generic words ("Community Rehabilitation
            # Centre"); a place spelt differently is another place
            # (Warrington is not Darlington).
            if best and self._same_places(token_key, best[0]):
                return self._by_token_key[best[0]]
        return None

    def _same_places(self, written: str, registered: str) -> bool:
        """Every word of ``written`` is in ``registered`` or is a generic word,
        perhaps misspelt ("Comunity"): only those may differ."""
        words = set(registered.split())
        return all(
            word in words or any(fuzz.ratio(word, loose) >= 85 for loose in self.loose_words)
            for word in set(written.split())
        )

    def type_of(self, mention: ProviderMention) -> str | None:
        """The provider type of a mention: its register row's, else the record
        of the provider the text revealed."""
        record = self.records.get(mention.provider_id) or mention.discovered
        return record.provider_type if record else None

    def is_non_provider(self, name: str) -> bool:
        return _token_key(name) in self._non_provider_keys

    def is_ambiguous_area(self, name: str) -> bool:
        """"Yorkshire CRC" could be South Yorkshire or West Yorkshire."""
        key = place_key(_AREA_NOUN_END.sub("", name.strip()))
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
        m = _CRC_AREA_NAME.match(name.strip())
        if not m:
            return None
        key = place_key(m.group(1))
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


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The register's gazetteer, built once per process: building its
    matcher costs a tenth of a second or more, and a build asks for it in the
    extraction, the provider tables and the inspection lexicon. It is never
    changed after it is built."""
    records, settings = load_register()
    return Gazetteer(
        records,
        loose_words=frozenset(w.casefold() for w in settings.get("loose_words") or ()),
        region_blockers=tuple(settings.get("region_blockers") or ()),
        non_providers=tuple(settings.get("non_providers") or ()),
        settings=settings,
    )
