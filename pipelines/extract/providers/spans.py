"""The spans already taken by a document's provider mentions.

A document can hold thousands of mentions (a text of 50,000 short lines), so
the spans are kept sorted and found by bisection: checking every new mention
against every earlier one made the work quadratic in the document.
"""

from __future__ import annotations

import bisect
from typing import Iterable

from pipelines.extract.providers.records import ProviderMention


class Spans:
    """Disjoint character spans, sorted; ``ends`` is sorted too because the
    spans do not overlap."""

    def __init__(self, mentions: Iterable[ProviderMention] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for mention in mentions:
            self.add(mention)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.ends, start)  # the first span ending after ``start``
        return i < len(self.starts) and self.starts[i] < end

    def add(self, mention: ProviderMention) -> bool:
        """Take the mention's span unless it overlaps a taken one."""
        if self.overlaps(mention.char_start, mention.char_end):
            return False
        i = bisect.bisect_right(self.ends, mention.char_start)
        self.starts.insert(i, mention.char_start)
        self.ends.insert(i, mention.char_end)
        return True

    def remove(self, mention: ProviderMention) -> None:
        i = bisect.bisect_left(self.starts, mention.char_start)
        if i < len(self.starts) and (self.starts[i], self.ends[i]) == (mention.char_start, mention.char_end):
            del self.starts[i], self.ends[i]
