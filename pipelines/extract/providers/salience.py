"""Which provider an article named last before a point, and which one it is
about: one home for the rules every extractor uses to resolve a back-reference
("the CRC", "the company") or an inspection's unnamed subject."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from typing import Literal

from pipelines.extract.providers.records import ProviderMention
from pipelines.read.model import SourceDocument


def named_before(
    document: SourceDocument, mentions: Sequence[ProviderMention], offset: int, starts: Sequence[int] | None = None
) -> list[ProviderMention]:
    """The mentions (sorted by start) that start before ``offset`` in its
    section, in order: the last is the provider named nearest before it. An
    earlier section (another article, a comment) is another context.
    ``starts`` are the mentions' starts, when the caller keeps them."""
    starts = [m.char_start for m in mentions] if starts is None else starts
    section = document.section_at(offset)
    floor = section.char_start if section is not None else 0
    return list(mentions[bisect.bisect_left(starts, floor) : bisect.bisect_left(starts, offset)])


# The sections that are the article's own text (a section-less document is all its own).
_OWN_TEXT = (None, "article", "embedded_article")


def dominant(
    mentions: Sequence[ProviderMention],
    *,
    quorum: Literal["majority", "plurality"],
    document: SourceDocument | None = None,
) -> str | None:
    """The provider the article is about among ``mentions`` (the caller picks
    the provider types that compete), or None.

    Two rules, kept apart because they answer different questions:
    ``quorum="majority"``: the provider of more than half the mentions ("the
    CRC" of an article about two CRCs named about as often is neither);
    ``quorum="plurality"``: the one named most, none on a tie (the subject of
    an inspection among a CRC and the NPS division beside it). With a
    ``document``, only mentions in its own text count (not its reader
    comments or page furniture)."""
    if document is not None:
        mentions = [m for m in mentions if _section_kind(document, m.char_start) in _OWN_TEXT]
    counts = Counter(m.provider_id for m in mentions).most_common()
    if not counts:
        return None
    if quorum == "majority":
        return counts[0][0] if counts[0][1] > sum(c for _, c in counts) / 2 else None
    return None if len(counts) > 1 and counts[0][1] == counts[1][1] else counts[0][0]


def _section_kind(document: SourceDocument, offset: int) -> str | None:
    section = document.section_at(offset)
    return section.kind if section is not None else None
