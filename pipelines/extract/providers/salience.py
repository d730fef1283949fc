"""Which provider an article named last before a point: one rule for every
extractor that resolves a back-reference ("the CRC", "the company")."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

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
