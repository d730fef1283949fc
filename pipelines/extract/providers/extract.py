"""Provider mentions in one document.

A provider is an organisation that delivers or owns probation services (a
CRC, the NPS or one of its divisions, a probation trust, an owner company,
the Probation Service, its regions and PDUs, a youth offending service,
HMPPS). Mentions come from five sources, in order of trust:

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
5. patterns for PDUs, youth offending services, places (``patterns``) and a
   lower-case "the probation service" (``era``), read against the article's
   date, which also decides what the national service's name means.

Every mention satisfies ``document.text[char_start:char_end] == text``.

This module runs the five sources over one document context."""

from __future__ import annotations

import bisect
from typing import Iterable

from pipelines.extract.context import DocumentContext
from pipelines.extract.providers.era import document_date, in_era, national_mentions
from pipelines.extract.providers.fallback import _fallback_mentions
from pipelines.extract.providers.gazetteer import Gazetteer
from pipelines.extract.providers.generic import _generic_crc_mentions
from pipelines.extract.providers.patterns import PatternFinder
from pipelines.extract.providers.records import ProviderMention
from pipelines.extract.providers.spans import Spans


def find_provider_mentions(context: DocumentContext) -> list[ProviderMention]:
    """Every provider mention in the document, sorted by position."""
    document, text, sentences, gazetteer = context.document, context.text, context.sentences, context.gazetteer
    mentions = gazetteer.find_mentions(text, sentences)
    taken = Spans(mentions)
    persons = _person_spans(context.parsed)
    for mention in _fallback_mentions(text, sentences, gazetteer, persons):
        if taken.add(mention):
            mentions.append(mention)
    on = document_date(document, gazetteer, mentions)
    mentions = _with_patterns(PatternFinder(text, sentences, gazetteer, on, mentions).all(), mentions, taken, gazetteer)
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


def _with_patterns(found: Iterable[ProviderMention], mentions: list[ProviderMention], taken: Spans,
                   gazetteer: Gazetteer) -> list[ProviderMention]:
    """``mentions`` and the pattern mentions that overlap none of them. A place
    pattern names the provider more precisely than the national name inside
    it ("Hampshire Probation Service" in 2012 is the trust), so that national
    mention gives way. National mentions are found by bisection: a document
    may hold thousands of each."""
    national = sorted((m for m in mentions if gazetteer.type_of(m) == "nps"), key=lambda m: m.char_start)
    starts = [m.char_start for m in national]
    dropped: set[ProviderMention] = set()
    added: list[ProviderMention] = []
    for mention in found:
        first, last = bisect.bisect_left(starts, mention.char_start), bisect.bisect_right(starts, mention.char_end)
        for inside in national[first:last]:
            if inside.char_end <= mention.char_end and inside not in dropped:
                dropped.add(inside)
                taken.remove(inside)
        if taken.add(mention):
            added.append(mention)
    return [m for m in mentions if m not in dropped] + added


def _person_spans(parsed) -> list[tuple[int, int]]:
    if parsed is None:
        return []
    return [(e.start_char, e.end_char) for e in parsed.ents if e.label_ == "PERSON"]
