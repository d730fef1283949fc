"""A document read in units (an article, split further at headlines) and sentences."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from pipelines.extract.context import DocumentContext
from pipelines.extract.inspections.cues import _BULLET
from pipelines.extract.inspections.lexicon import lexicon
from pipelines.read.layout import continue_link
from pipelines.read.model import SourceDocument


@dataclass
class _Unit:
    index: int
    heading: str | None
    section: int | None
    paragraphs: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class _Sentence:
    start: int
    end: int
    text: str
    unit: int
    paragraph: int  # start offset of its paragraph
    bullet_of: int | None = None  # index of the colon-ended sentence a list item continues


def _is_heading(text: str) -> bool:
    stripped = text.strip()
    words = re.findall(r"[^\W_]+", stripped)
    if not words or len(words) > 20 or _BULLET.match(stripped):
        return False
    quoting = re.match(r"^(?P<head>[^.!?:]{3,80}):\s*[“\"‘'].+[”\"’']$", stripped)
    if quoting and len(quoting.group("head").split()) <= 8 and not lexicon().speech_verb.search(quoting.group("head")):
        return True  # a headline quoting the report: 'Through the Gate: "Delivery is poor."'
    return not re.search(r"[.,;:]['’\"”]?$", stripped) or stripped.endswith((":-", "-"))


def _units(context: DocumentContext) -> list[_Unit]:
    """Article bodies split at headlines and "Continue reading" links; reader
    comments and page furniture are left out."""
    document, text = context.document, context.text
    units: list[_Unit] = []
    current: _Unit | None = None
    for start, end in ((p.char_start, p.char_end) for p in context.paragraphs):
        section = document.section_at(start)
        if section is not None and section.kind in ("comment", "boilerplate"):
            current = None
            continue
        section_index = section.index if section is not None else None
        body = text[start:end]
        if _is_heading(body) and not continue_link().search(body):
            current = _Unit(len(units), body.strip(), section_index)
            units.append(current)
            continue
        if current is None or current.section != section_index:
            current = _Unit(len(units), None, section_index)
            units.append(current)
        current.paragraphs.append((start, end))
        if continue_link().search(body):
            current = None
    return units


def _section_kind(document: SourceDocument, offset: int) -> str | None:
    section = document.section_at(offset)
    return section.kind if section is not None else None


def _sentences(context: DocumentContext, units: list[_Unit]) -> list[_Sentence]:
    text = context.text
    owners = sorted((start, end, unit.index) for unit in units for start, end in unit.paragraphs)
    owner_starts = [start for start, _end, _unit in owners]
    result: list[_Sentence] = []
    for start, end in context.sentences:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        i = bisect.bisect_right(owner_starts, start) - 1
        if i < 0 or start >= owners[i][1]:
            continue  # outside every unit: a comment or page furniture
        p_start, _p_end, unit = owners[i]
        result.append(_Sentence(start, end, text[start:end], unit, p_start))
    _mark_bullets(text, result)
    return result


def _mark_bullets(text: str, sentences: list[_Sentence]) -> None:
    """What a sentence ending in a colon introduces belongs to it: the list
    items after "Her annual report, published on Thursday:", or the block
    after "HMI Probation's last inspection ... was extremely critical:"."""
    anchor: int | None = None
    block_paragraph: int | None = None
    for i, sentence in enumerate(sentences):
        if anchor is not None and sentence.unit == sentences[anchor].unit:
            if block_paragraph is None and sentence.paragraph != sentences[anchor].paragraph:
                block_paragraph = sentence.paragraph
            in_block = sentence.paragraph == block_paragraph
            in_list = _BULLET.match(text[sentence.paragraph : sentence.end]) or (
                sentence.paragraph == sentences[i - 1].paragraph and sentences[i - 1].bullet_of is not None)
            if in_block or in_list:
                sentence.bullet_of = anchor
                continue
        anchor = i if sentence.text.rstrip().endswith(":") else None
        block_paragraph = None
