"""The noun a figure counts ("six recommendations"), from the parse or the text."""

from __future__ import annotations

import re

from pipelines.extract.metrics.patterns import (
    _CONTENT_POS,
    _HYPHENATED_NOUN,
    _MODIFIER_POS,
    _NOT_NOMINAL,
    _NOUN_POS,
    _next_word_start,
)
from pipelines.extract.metrics.state import _MetricState
from pipelines.extract.numbers import Quantity


def _counted_noun(ctx: _MetricState, q: Quantity, sentence: tuple[int, int]):
    """The noun a figure counts: '28,750 offenders' -> offenders; 'eight
    out of 10 Community Rehabilitation Companies' -> Companies; 'over half of
    the cases' -> cases. None when the figure stands alone."""
    if q.form == "ratio":
        # "14 points out of a possible 24": the noun between the terms is counted.
        inner = re.match(r"(\s+[^\W\d_]+){1,2}?\s+out\b", ctx.text[q.core_end : q.char_end])
        if inner:
            word = ctx.token_at(q.core_end + inner.start(1) + len(inner.group(1)) - 1)
            if word is not None and word.pos_ in _NOUN_POS:
                return word
    last = ctx.token_at(max(q.core_end, q.char_end) - 1) if q.form == "ratio" else ctx.token_at(q.core_end - 1)
    if last is None:
        return None
    hyphenated = _HYPHENATED_NOUN.match(ctx.text, q.char_end)
    if hyphenated:
        # "a 2,000-word report", "a 12-month sentence": the figure measures
        # the noun after the hyphen, not the noun the phrase modifies.
        word = ctx.token_at(hyphenated.start(1))
        if word is not None and word.idx == hyphenated.start(1) and word.pos_ in _NOUN_POS:
            return word
    head = _compound_head(last.head, stop=last.i + 8)
    if (
        last.dep_ in ("nummod", "quantmod", "compound")
        and (head.pos_ in _NOUN_POS or (last.dep_ == "nummod" and head.pos_ not in _NOT_NOMINAL))
        and head.idx >= q.char_end
        and head.i - last.i <= 8
        and head.idx < sentence[1]
        and all(_may_modify(t) for t in last.doc[last.i + 1 : head.i])
    ):
        return head
    return _walk_to_noun(ctx, q, sentence)


def _compound_head(tok, stop: int):
    """'32 London boroughs': the parser may hang the number on 'London'.
    The walk ends once past ``stop``, where no head is wanted: walking a run
    of compounds as long as the sentence ("CRC CRC CRC ...") for every figure
    in it is quadratic."""
    while tok.dep_ == "compound" and tok.head.i > tok.i and tok.i <= stop:
        tok = tok.head
    return tok


def _may_modify(tok) -> bool:
    return tok.pos_ in _MODIFIER_POS or tok.tag_ == "VBN" or tok.text in ("-", "–")


def _walk_to_noun(ctx: _MetricState, q: Quantity, sentence: tuple[int, int]):
    tok = ctx.token_at(_next_word_start(ctx.text, q.char_end))
    if tok is None or tok.idx < q.char_end:
        return None  # the parser joined the figure's end to the next word ("12m.")
    doc, i, steps = tok.doc, tok.i, 0
    allow_of = q.form in ("fraction", "ratio") or q.unit == "percent"
    while i < len(doc) and doc[i].idx < sentence[1] and steps < 8:
        t = doc[i]
        if t.lower_ == "of" and allow_of and steps == 0:
            pass
        elif (t.pos_ == "DET" or t.dep_ == "poss") and allow_of and steps <= 1:
            pass  # "of the cases", "of its cases"
        elif t.pos_ in _NOUN_POS and t.dep_ != "compound":
            return t
        elif not _may_modify(t) or (t.pos_ == "PUNCT" and t.text not in ("-", "–")):
            return None
        i += 1
        steps += 1
    return None


def _compounds(noun) -> list:
    """The compound modifiers of a noun, outermost first ('Community
    Rehabilitation' of 'Companies')."""
    found = []
    for child in noun.lefts:
        if child.dep_ == "compound":
            found.extend(_compounds(child))
            found.append(child)
    return found


def _singular(token) -> str:
    """Lemma, singular even for proper nouns ('Companies' -> 'company')."""
    word = token.lemma_.lower() or token.lower_
    if token.tag_ in ("NNPS", "NNS") and word == token.lower_:
        if word.endswith("ies") and len(word) > 4:
            return word[:-3] + "y"
        if word.endswith("s") and not word.endswith("ss"):
            return word[:-1]
    return word


def _noun_key(noun, modifiers: bool = False) -> str:
    """'Community Rehabilitation Companies' -> 'community rehabilitation company';
    with ``modifiers``, adjectives too ('serious further offence')."""
    if noun is None:
        return ""
    before = _compounds(noun)
    if modifiers:
        before = sorted(before + [c for c in noun.lefts if c.dep_ == "amod"], key=lambda t: t.i)
    # Only content words: the parser can hang "in-3" of "1-in-3 cases" on the noun.
    words = [c.lower_ for c in before if c.is_alpha and c.pos_ in _CONTENT_POS] + [_singular(noun)]
    return " ".join(w for w in words if w)


def _noun_phrase_text(ctx: _MetricState, noun, q: Quantity) -> str | None:
    if noun is None:
        return None
    starts = [noun.idx] + [c.idx for c in _compounds(noun) if c.idx >= q.char_end]
    return ctx.text[min(starts) : noun.idx + len(noun.text)] or None


def _noun_of_number_phrase(ctx: _MetricState, q: Quantity, sentence: tuple[int, int]):
    """'The number of offices has been reduced from 40 to 27' -> offices:
    the noun of a 'number/total of X' earlier in the figure's sentence."""
    figure = ctx.token_at(q.core_start)
    if figure is None:
        return None
    for tok in reversed(figure.doc[figure.sent.start : figure.i]):
        if tok.idx < sentence[0] or tok.lower_ not in ("number", "total", "count"):
            continue
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                nouns = [c for c in prep.children if c.dep_ == "pobj"]
                if nouns:
                    return nouns[0]
    return None


def _elided_noun(ctx: _MetricState, q: Quantity, sentence: tuple[int, int]):
    """'258,157 offenders ... – 151,788 under CRC supervision': a bare
    figure after a counted one in the same sentence counts the same thing."""
    for other in reversed(ctx.figures_in(sentence)):
        if other.core_start >= q.core_start:
            continue
        if other.unit == q.unit:
            key = (other, sentence)
            if key not in ctx.counted_nouns:
                ctx.counted_nouns[key] = _counted_noun(ctx, other, sentence)
            if ctx.counted_nouns[key] is not None:
                return ctx.counted_nouns[key]
    return None
