"""Which body a rating is about: a provider of the register where it can be
told, else the place as the text writes it.

A rated body is named in one of four ways: a provider mention the gazetteer
found; a place tied to a body noun ("Derby's service", "the probation service
for Leicester, Leicestershire and Rutland", "youth offending service in
Cardiff"); a place in a named list ("Six services 'Good' - Brent, Bury and
Rochdale, ..."); or a generic body ("the CRC", "the service", "its"), which is
the document's main provider.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pipelines.extract.providers import Gazetteer, ProviderMention, ProviderRecord
from pipelines.extract.ratings.vocabulary import BodyKind, Vocabulary
from pipelines.refdata.ratings import ratings_data

_TOKEN = re.compile(r"[^\W_]+")
# Words of a provider's name that say what it is, not where it is.
_TYPE_WORDS = frozenset(ratings_data().type_words)
_STEM = 6  # "Northumberland" and "Northumbria" share a stem of at least this many letters


def tokens(text: str) -> frozenset[str]:
    return frozenset(t.casefold() for t in _TOKEN.findall(text))


def place_tokens(text: str) -> frozenset[str]:
    return frozenset(t for t in tokens(text) if t not in _TYPE_WORDS)


@dataclass(frozen=True)
class Body:
    """A rated body: its provider where known, and its place as written."""

    provider_id: str | None
    area: str | None
    char_start: int  # where the text names it (evidence starts there when earlier than the cue)
    char_end: int


class Resolver:
    """Resolves the bodies of one document against the register."""

    def __init__(self, text: str, mentions: list[ProviderMention], gazetteer: Gazetteer, vocab: Vocabulary) -> None:
        self.text = text
        self.mentions = mentions
        self.gazetteer = gazetteer
        self.vocab = vocab
        self.records: dict[str, ProviderRecord] = dict(gazetteer.records)
        for mention in mentions:
            if mention.discovered is not None:
                self.records.setdefault(mention.provider_id, mention.discovered)
        self.main = self._main_provider()
        # The kinds of body the document talks about, to choose between a
        # place's youth offending service and its PDU.
        self.kind_hint = Counter(
            k.kind for m in vocab.body.finditer(text) if (k := vocab.kind(m.group(0))) is not None
        )
        for mention in mentions:
            record = self.record(mention.provider_id)
            for kind in vocab.kinds.values():
                if record is not None and record.provider_type in kind.provider_types:
                    self.kind_hint[kind.kind] += 1

    def record(self, provider_id: str | None) -> ProviderRecord | None:
        return self.records.get(provider_id) if provider_id else None

    def kind_of(self, provider_id: str) -> BodyKind | None:
        record = self.record(provider_id)
        return next((k for k in self.vocab.kinds.values() if record and record.provider_type in k.provider_types), None)

    def _main_provider(self) -> str | None:
        """The local provider the document names most (earliest on a tie):
        what "the service" or "the CRC" means in it."""
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        for mention in self.mentions:
            record = self.record(mention.provider_id)
            if record is None or record.provider_type in self.vocab.national_types:
                continue
            counts[mention.provider_id] += 1
            first.setdefault(mention.provider_id, mention.char_start)
        if not counts:
            return None
        return max(counts, key=lambda pid: (counts[pid], -first[pid]))

    def generic(self, start: int, end: int) -> Body | None:
        if self.main is None:
            return None
        return Body(self.main, self.area_of(self.main), start, end)

    def mention(self, mention: ProviderMention) -> Body:
        return Body(mention.provider_id, self.area_of(mention.provider_id, mention.text), mention.char_start,
                    mention.char_end)

    def area_of(self, provider_id: str, written: str | None = None) -> str | None:
        """The place of a provider as the text writes it ("Essex" of "Essex
        Youth Offending Service (YOS)"), else as its register name does."""
        record = self.record(provider_id)
        for name in (written, record.name if record else None):
            place = _place_words(name or "")
            if place:
                return place
        return record.region if record else None

    def place(self, place: str, kind: BodyKind | None, start: int, end: int) -> Body:
        """A place written beside a body noun (or in a named list) -> the
        provider of that kind there, or just the place."""
        return Body(self._provider_at(place, kind), place, start, end)

    def _provider_at(self, place: str, kind: BodyKind | None) -> str | None:
        found = self._provider_named(place, kind)
        # "Salford City Council's youth justice service" is Salford's.
        shorter = " ".join(w for w in place.split() if w.casefold() not in self.vocab.place_generic_words)
        if found is None and shorter and shorter != place:
            found = self._provider_named(shorter, kind)
        return found

    def _provider_named(self, place: str, kind: BodyKind | None) -> str | None:
        wanted = place_tokens(place)
        if not wanted:
            return None
        every_type = frozenset(t for k in self.vocab.kinds.values() for t in k.provider_types)
        if kind is None and self.kind_hint:
            # "Derby's service" in an article about PDUs is Derby's PDU.
            usual = self.vocab.kinds[self.kind_hint.most_common(1)[0][0]]
            return self._provider_of_kind(place, wanted, usual, usual.provider_types)
        return self._provider_of_kind(place, wanted, kind, kind.provider_types if kind else every_type)

    def _provider_of_kind(self, place: str, wanted: frozenset[str], kind: BodyKind | None,
                          types: frozenset[str]) -> str | None:
        # 1. A provider the document itself names there (also those found only in the text).
        named = [m.provider_id for m in self.mentions if wanted <= place_tokens(m.text)]
        typed = [pid for pid in named if (r := self.record(pid)) is not None and r.provider_type in types]
        if typed or named:
            return (typed or named)[0]
        # 2. The register: the provider of that kind whose place is this one,
        # or the only one whose place contains it ("Derby" -> Derby City PDU).
        found = self._by_place(wanted, types)
        if found:
            return found
        # 3. The register's own spellings of the kind's names.
        for template in kind.templates if kind else ():
            provider_id = self.gazetteer.resolve(template.format(place=place))
            record = self.record(provider_id)
            # The gazetteer forgives spelling; a place must not become another
            # ("Ambridge" is not Bridgend): every word of it is in the name.
            if record is not None and record.provider_type in types and wanted <= self._place_words_of(record):
                return provider_id
        # 4. The document's provider, when the place is another name of its
        # area: a county named for a CRC named after the police area.
        main = self.record(self.main)
        if main is not None and main.region and _same_stem(wanted, place_tokens(main.region)):
            return self.main
        return None

    def _place_words_of(self, record: ProviderRecord) -> frozenset[str]:
        words = set(place_tokens(record.name))
        for name in (*record.aliases, *record.region_names):
            words |= place_tokens(name)
        return frozenset(words)

    def _by_place(self, wanted: frozenset[str], types: frozenset[str]) -> str | None:
        exact: list[ProviderRecord] = []
        containing: list[ProviderRecord] = []
        for record in self.gazetteer.records.values():
            if record.provider_type not in types:
                continue
            places = [place_tokens(record.name), *(place_tokens(r) for r in record.region_names)]
            if any(p == wanted for p in places):
                exact.append(record)
            elif any(wanted < p for p in places):
                containing.append(record)
        for candidates in (exact, containing):
            if len(candidates) == 1:
                return candidates[0].provider_id
            if candidates:
                return self._by_hint(candidates)
        return None

    def _by_hint(self, candidates: list[ProviderRecord]) -> str | None:
        """Several kinds of body share the place (Essex CRC, Essex Youth
        Offending Service): the kind the document talks about decides."""
        def weight(record: ProviderRecord) -> int:
            return sum(n for kind, n in self.kind_hint.items() if record.provider_type in self.vocab.kinds[kind].provider_types)

        ranked = sorted(candidates, key=weight, reverse=True)
        if weight(ranked[0]) > (weight(ranked[1]) if len(ranked) > 1 else -1):
            return ranked[0].provider_id
        return None


def _place_words(name: str) -> str:
    words = re.sub(r"\([^)]*\)|['’]s\b", " ", name).split()
    while words and (words[0].casefold().strip(",.") in _TYPE_WORDS or not _TOKEN.search(words[0])):
        words.pop(0)
    while words and (words[-1].casefold().strip(",.") in _TYPE_WORDS or not _TOKEN.search(words[-1])):
        words.pop()
    return " ".join(words)


def _same_stem(a: frozenset[str], b: frozenset[str]) -> bool:
    return len(a) == 1 and len(b) == 1 and _common_prefix(next(iter(a)), next(iter(b))) >= _STEM


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n
