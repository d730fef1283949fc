"""Corpus-level quotation tables: one canonical speaker per person or body
across all documents, one row per quotation, with its group of the same
quotation carried by several documents (``quote_groups``).

Everything here is a pure function of the candidates' content, sorted
first, so the same seeds give the same rows and IDs whatever the order in
which documents were processed.
"""

from __future__ import annotations

import functools
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, MutableMapping
from difflib import SequenceMatcher
from typing import Any

from pipelines.extract.quotes import QuoteCandidate, SpeakerRef
from pipelines.extract.slugs import slugify
from pipelines.resolve.quote_groups import quote_group_names, words_of

__all__ = ["build_quote_tables", "speaker_id"]


def build_quote_tables(
    candidates: Iterable[QuoteCandidate], *, memo: MutableMapping[str, Any] | None = None
) -> tuple[list[dict], list[dict]]:
    """(speakers rows, quotes rows) for every quotation of the corpus.

    ``memo`` carries the quote groups from one build to the next, so a
    rebuild compares again only the quotations a change can reach (the
    speakers take a second or two at 10,000 articles and are made anew)."""
    quotes = _unique_sorted(candidates)
    canonical = _canonical_names([q.speaker for q in quotes if q.speaker is not None])
    speakers = _speaker_rows(quotes, canonical)
    groups = quote_group_names([q.text for q in quotes], memo=memo)
    rows = []
    for quote, group in zip(quotes, groups):
        speaker = quote.speaker
        name = canonical[_speaker_key(speaker)] if speaker else None
        rows.append(
            {
                "quote_id": f"{quote.document_id}:{quote.char_start}-{quote.char_end}",
                "document_id": quote.document_id,
                "section_index": int(quote.section_index),
                "text": quote.text,
                "speaker_id": speaker_id(name) if name else None,
                "speaker": name,
                "speaker_type": speaker.speaker_type if speaker else None,
                "cue": quote.cue,
                "char_start": quote.char_start,
                "char_end": quote.char_end,
                "is_comment": bool(quote.is_comment),
                "inspection_id": None,
                "quote_group_id": group,
            }
        )
    _align_speaker_types(rows, speakers)
    return speakers, rows


def _unique_sorted(candidates: Iterable[QuoteCandidate]) -> list[QuoteCandidate]:
    seen: dict[tuple[str, int, int], QuoteCandidate] = {}
    for candidate in candidates:
        seen.setdefault((candidate.document_id, candidate.char_start, candidate.char_end), candidate)
    return [seen[k] for k in sorted(seen)]


# --- speakers -----------------------------------------------------------------


def speaker_id(name: str) -> str:
    """The name's slug; a name with no letter or digit gets one from its hash."""
    return slugify(name) or "speaker-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


def _speaker_key(speaker: SpeakerRef) -> tuple[str, str]:
    kind = "person" if speaker.speaker_type == "person" else "body"
    identity = speaker.provider_id if kind == "body" and speaker.provider_id else _fold(speaker.name)
    return kind, identity


def _fold(name: str) -> str:
    return " ".join(words_of(name))


def _canonical_names(speakers: list[SpeakerRef]) -> dict[tuple[str, str], str]:
    """Speaker key -> canonical name. A person's shorter name ("Glenys")
    takes the one longer name across the corpus that contains it ("Glenys
    Stacey"); when several longer names contain it, it stays as written."""
    by_key: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for speaker in speakers:
        by_key[_speaker_key(speaker)][speaker.name] += 1
    written = {key: _most_common(names) for key, names in by_key.items()}
    canonical = dict(written)
    people = [key for key in by_key if key[0] == "person"]
    words_of = {key: frozenset(key[1].split()) for key in people}
    # Which names hold each word: a name's longer forms hold all of its words,
    # so they are found without comparing every pair of names in the corpus.
    holding: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for key, words in words_of.items():
        for word in words:
            holding[word].add(key)
    for key in people:
        words = words_of[key]
        containing = set.intersection(*(holding[word] for word in words)) if words else set(people)
        longer = [k for k in people if k in containing and words < words_of[k]]
        maximal = [k for k in longer if not any(words_of[k] < words_of[o] for o in longer)]
        if len(maximal) == 1:
            canonical[key] = written[maximal[0]]
    for key in people:
        known = _known_person(canonical[key])
        if known is not None:
            canonical[key] = known
    return canonical


def _known_person(name: str) -> str | None:
    """The canonical name of an office holder of the reference data written
    as ``name``: the same name, a form it is also known by ("Dame Glenys
    Stacey"), or a misspelling of a full name ("Glenys Stacy"); None otherwise."""
    folded = _fold(name)
    exact, full = _known_people()
    if folded in exact:
        return exact[folded]
    words = folded.split()
    if len(words) < 2:
        return None
    close = {
        canonical
        for other, canonical in full.items()
        if len(other.split()) == len(words)
        and other.split()[0][:1] == words[0][:1]
        and _at_least(SequenceMatcher(None, other, folded, autojunk=False), _MISSPELLING_RATIO)
    }
    return close.pop() if len(close) == 1 else None


_MISSPELLING_RATIO = 0.9


def _at_least(matcher: SequenceMatcher, ratio: float) -> bool:
    # The quick ratios are upper bounds of ratio() (difflib's contract):
    # most pairs are ruled out without the full comparison.
    return matcher.real_quick_ratio() >= ratio and matcher.quick_ratio() >= ratio and matcher.ratio() >= ratio


@functools.lru_cache(maxsize=1)
def _known_people() -> tuple[dict[str, str], dict[str, str]]:
    """(every folded form -> canonical name, folded full name -> canonical name)
    of the office holders in the reference data."""
    from pipelines.extract.quotes.offices import offices

    exact: dict[str, str] = {}
    full: dict[str, str] = {}
    for office in offices():
        for holder in office.holders:
            full[_fold(holder.name)] = holder.name
            for form in (holder.name, *holder.also_known_as):
                exact.setdefault(_fold(form), holder.name)
    return exact, full


def _most_common(names: Counter) -> str:
    return sorted(names.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))[0][0]


def _speaker_rows(quotes: list[QuoteCandidate], canonical: dict[tuple[str, str], str]) -> list[dict]:
    refs: dict[str, list[SpeakerRef]] = defaultdict(list)
    for quote in quotes:
        if quote.speaker is not None:
            refs[canonical[_speaker_key(quote.speaker)]].append(quote.speaker)
    rows = []
    for name in sorted(refs, key=speaker_id):
        seen = refs[name]
        organisation, provider_id = _organisation(seen)
        rows.append(
            {
                "speaker_id": speaker_id(name),
                "name": name,
                "speaker_type": _majority([s.speaker_type for s in seen]),
                "role": _most_specific_role([s.role for s in seen if s.role]),
                "organisation": organisation,
                "provider_id": provider_id,
            }
        )
    return _merge_slug_collisions(rows)


def _majority(values: list[str]) -> str:
    counts = Counter(values)
    return sorted(counts, key=lambda v: (-counts[v], v))[0]


def _most_specific_role(roles: list[str]) -> str | None:
    """The role with the most words ("HM Chief Inspector of Probation" over
    "chief inspector"); capitalised forms win ties, being the formal title."""
    if not roles:
        return None
    return sorted(set(roles), key=lambda r: (-len(r.split()), not r[:1].isupper(), -len(r), r))[0]


def _organisation(seen: list[SpeakerRef]) -> tuple[str | None, str | None]:
    provider_ids = Counter(s.provider_id for s in seen if s.provider_id)
    organisations = Counter(s.organisation for s in seen if s.organisation)
    organisation = _most_common(organisations) if organisations else None
    provider_id = None
    if organisation is not None:
        provider_id = next((s.provider_id for s in seen if s.organisation == organisation and s.provider_id), None)
    if provider_id is None and provider_ids:
        provider_id = sorted(provider_ids, key=lambda p: (-provider_ids[p], p))[0]
    return organisation, provider_id


def _merge_slug_collisions(rows: list[dict]) -> list[dict]:
    """Two spellings with one slug ("MTC Novo" / "MTC-Novo") are one speaker."""
    merged: dict[str, dict] = {}
    for row in rows:
        merged.setdefault(row["speaker_id"], row)
    return [merged[k] for k in sorted(merged)]


def _align_speaker_types(rows: list[dict], speakers: list[dict]) -> None:
    """A quotation's speaker_type is its speaker's, so the two tables agree."""
    types = {s["speaker_id"]: (s["speaker_type"], s["name"]) for s in speakers}
    for row in rows:
        if row["speaker_id"] in types:
            row["speaker_type"], row["speaker"] = types[row["speaker_id"]]
