"""Tying a span (a quote, a metric) to the inspection its sentence, paragraph or
article is about."""

from __future__ import annotations

from typing import Mapping

from pipelines.extract.inspections.mention import InspectionMention
from pipelines.read.model import SourceDocument


def link_inspection(
    document: SourceDocument,
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
    previous one; a tie stays unlinked. An earlier inspection recalled in a
    clause ("since an inspection in 2016") does not claim the words before it.
    """
    return _link(document, char_start, char_end, mentions, inspection_ids)


def _link(document: SourceDocument, char_start: int, char_end: int, mentions: list[InspectionMention],
          inspection_ids: Mapping[str, str]) -> str | None:
    known = [m for m in mentions if m.mention_id in inspection_ids]
    if not known:
        return None
    in_sentence = [m for m in known if any(s < char_end and char_start < e and _claims(m, s, e, char_start)
                                           for s, e in m.references)]
    chosen = _pick(in_sentence, inspection_ids)
    if chosen:
        return chosen
    # An earlier inspection claims only what follows its mention in the
    # paragraph ("Inspectors last inspected London in 2014. Things were better
    # then."): "Around 17% ..." before it is about the report of the day.
    current = [m for m in known if m.status == "current"]
    paragraph = _paragraph_span(document, char_start)
    if paragraph:
        in_paragraph = [m for m in known if any(
            paragraph[0] <= s < paragraph[1] and (m.status == "current" or s < char_start) and _claims(m, s, e, char_start)
            for s, e in m.references)]
        chosen = _pick(in_paragraph, inspection_ids)
        if chosen:
            return chosen
    section = document.section_at(char_start)
    if section is not None and section.kind not in ("article", "embedded_article"):
        return None
    if section is not None:
        # One current report discussed in the span's section (an archive
        # page's teaser, an embedded article) is the one its quotes are about.
        in_section = {inspection_ids[m.mention_id] for m in current
                      if any(section.char_start <= s < section.char_end for s, _ in m.references)}
        if len(in_section) == 1:
            return in_section.pop()
        if in_section:
            return None
    ids = {inspection_ids[m.mention_id] for m in current}
    return ids.pop() if len(ids) == 1 else None


def _claims(mention: InspectionMention, start: int, end: int, char_start: int) -> bool:
    """Whether the sentence ``start``-``end`` speaks of ``mention`` at
    ``char_start``: not before a clause that only recalls it ("nearly 30,000
    offenders ... has made progress since an inspection in 2016")."""
    return not any(start <= clause < end and char_start < clause for clause in mention.looking_back)


def _pick(candidates: list[InspectionMention], inspection_ids: Mapping[str, str]) -> str | None:
    ids = {inspection_ids[m.mention_id] for m in candidates}
    if len(ids) == 1:
        return ids.pop()
    current = {inspection_ids[m.mention_id] for m in candidates if m.status == "current"}
    return current.pop() if len(current) == 1 else None


def _paragraph_span(document: SourceDocument, offset: int) -> tuple[int, int] | None:
    for paragraph in getattr(document, "paragraphs", None) or ():
        if paragraph.char_start <= offset < paragraph.char_end:
            return (paragraph.char_start, paragraph.char_end)
    return None
