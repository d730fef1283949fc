"""The provider a figure is about: named in its own clause, or referred back to."""

from __future__ import annotations

import re

from pipelines.extract.metrics.filters import _ends_with_any
from pipelines.extract.metrics.lexicon import _vocab
from pipelines.extract.metrics.nouns import _noun_key
from pipelines.extract.metrics.patterns import _SUBJECT_DEPS
from pipelines.extract.metrics.state import _MetricState
from pipelines.extract.numbers import Quantity
from pipelines.extract.providers import ProviderMention
from pipelines.extract.providers.salience import named_before

# Clausal dependents that start a clause of their own: a provider named in
# one ("..., while the NPS is performing better") is not what the figure is about.
_CLAUSE_DEPS = {"advcl", "ccomp", "parataxis", "relcl", "acl", "csubj", "xcomp", "conj", "pcomp"}
_MAX_PROVIDER_DISTANCE = 6


def _provider(ctx: _MetricState, q: Quantity, sentence: tuple[int, int], noun) -> tuple[str | None, str | None]:
    """The provider a figure is about: a provider named in the figure's own
    clause, closest in the parse; else the provider an anaphor ('the
    company', 'It ...') refers back to; else none."""
    figure = ctx.token_at(q.core_start)
    if figure is None:
        return None, None
    in_sentence = ctx.mentions_in(sentence)
    candidates = [m for m in in_sentence if _may_be_about(ctx, m, q, figure, noun)]
    if candidates:
        best = min(candidates, key=lambda m: (_distance(ctx, figure, m), abs(m.char_start - q.core_start)))
        if _distance(ctx, figure, best) <= _MAX_PROVIDER_DISTANCE:
            return best.provider_id, best.text
        return None, None
    if in_sentence and _anaphor_noun_types(ctx, sentence) is None:
        return None, None
    antecedent = _anaphoric_provider(ctx, sentence, figure)
    return (antecedent.provider_id, antecedent.text) if antecedent else (None, None)


def _may_be_about(ctx: _MetricState, mention: ProviderMention, q: Quantity, figure, noun) -> bool:
    tok = _mention_token(ctx, mention)
    if tok is None:
        return False
    verb = _governing_verb(figure)
    if not _in_clause(tok, verb, figure):
        return False
    if _owned_by_other_figure(ctx, tok, q, figure):
        return False
    if noun is not None and _coordinated(_phrase_head(tok), noun):
        return False  # "a new National Probation Service and 21 privately-owned CRCs"
    if noun is not None and _ends_with_any(_noun_key(noun), _vocab().provider_classes):
        return _is_subject_of_object(tok, verb, figure)
    return True


def _mention_token(ctx: _MetricState, mention: ProviderMention):
    return ctx.token_at(mention.char_end - 1)


def _phrase_head(tok):
    while tok.dep_ in ("compound", "case") and tok.head is not tok:
        tok = tok.head
    return tok


def _governing_verb(tok):
    """The verb of the clause a token is in (the sentence root if none)."""
    for ancestor in tok.ancestors:
        if ancestor.pos_ in ("VERB", "AUX"):
            return ancestor
    return tok.sent.root


def _in_clause(tok, verb, figure) -> bool:
    """Is ``tok`` in the clause of ``verb`` (the figure's clause), leaving out
    clauses embedded in it that do not hold the figure? A subject shared
    with a coordinated verb ('The London CRC ... is the largest ... and was
    supervising 28,750 offenders') and the noun a relative clause hangs on
    count as in the clause."""
    if _in_subtree(tok, verb):
        for child in verb.children:
            if child.dep_ in _CLAUSE_DEPS and _in_subtree(tok, child) and not _in_subtree(figure, child):
                return False
        return True
    if verb.dep_ == "conj":
        return any(c.dep_ in _SUBJECT_DEPS and _in_subtree(tok, c) for c in verb.head.children)
    if verb.dep_ in ("relcl", "acl"):
        return _phrase_head(tok) == verb.head
    if verb.dep_ == "xcomp":  # "told MTCNovo to invest a further £370,000"
        return any(c.dep_ in (*_SUBJECT_DEPS, "dobj") and _in_subtree(tok, c) for c in verb.head.children)
    return False


def _coordinated(a, b) -> bool:
    return a != b and (
        (a.dep_ == "conj" and a.head == b) or (b.dep_ == "conj" and b.head == a) or (
            a.dep_ == "conj" and b.dep_ == "conj" and a.head == b.head
        )
    )


def _is_subject_of_object(tok, verb, figure) -> bool:
    """'MTCNovo runs two out of the 21 CRCs': the provider is the subject of
    the verb whose object is the count."""
    head = _phrase_head(tok)
    relative_subject = verb.dep_ == "relcl" and head == verb.head and any(
        c.dep_ in _SUBJECT_DEPS and c.tag_ in ("WDT", "WP") for c in verb.children
    )
    if not relative_subject and (head.dep_ not in _SUBJECT_DEPS or head.head != verb):
        return False
    path = [figure, *figure.ancestors]
    child = next((t for t in path if t.head == verb and t != verb), None)
    return child is not None and child.dep_ == "dobj"


def _owned_by_other_figure(ctx: _MetricState, tok, q: Quantity, figure) -> bool:
    """In '151,788 under CRC supervision and 106,369 managed by the NPS' the
    NPS belongs to the second figure's phrase, not the first's."""
    own_head = _figure_head(figure)
    for other in ctx.figures_in((figure.sent.start_char, figure.sent.end_char)):
        if other.core_start == q.core_start:
            continue
        other_tok = ctx.token_at(other.core_start)
        if other_tok is None or other_tok.sent != figure.sent:
            continue
        head = _figure_head(other_tok)
        if head.i != own_head.i and _in_subtree(tok, head) and not _in_subtree(figure, head):
            return True
    return False


def _figure_head(tok):
    return tok.head if tok.dep_ in ("nummod", "quantmod") else tok


def _in_subtree(tok, root) -> bool:
    return tok == root or root in tok.ancestors


def _distance(ctx: _MetricState, figure, mention: ProviderMention) -> int:
    tok = _mention_token(ctx, mention)
    if figure is None or tok is None:
        return 1000
    up_a = [figure, *figure.ancestors]
    up_b = [tok, *tok.ancestors]
    index_b = {t.i: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t.i in index_b:
            return n + index_b[t.i]
    return 1000


def _anaphoric_provider(ctx: _MetricState, sentence, figure) -> ProviderMention | None:
    """'the company ...' -> the provider of a fitting type named last before
    the sentence; 'It supervises ...' -> the provider that is the subject the
    pronoun continues, if that subject is a provider at all."""
    noun_types = _anaphor_noun_types(ctx, sentence)
    if noun_types is not None:
        return _last_provider_before(ctx, sentence, noun_types)
    pronoun = _subject_pronoun(figure)
    if pronoun is None:
        return None
    antecedent = _pronoun_antecedent(ctx, pronoun)
    if antecedent is None:
        return None
    return next((m for m in ctx.mentions_in(_sentence_span(antecedent.sent)) if _covers(ctx, m, antecedent)), None)


def _sentence_span(sent) -> tuple[int, int]:
    return sent.start_char, sent.end_char


def _anaphor_noun_types(ctx: _MetricState, sentence) -> frozenset[str] | None:
    """Provider types 'the company', 'the CRC'... in the sentence can refer
    to; None when it has no such phrase."""
    lowered = ctx.text[sentence[0] : sentence[1]].lower()
    for phrase, types in _vocab().anaphora.items():
        if re.search(r"\b" + re.escape(phrase) + r"\b", lowered):
            return types
    return None


def _last_provider_before(ctx: _MetricState, sentence, types: frozenset[str]) -> ProviderMention | None:
    provider_types = ctx.provider_types
    earlier = [
        m
        for m in named_before(ctx.document, ctx.mentions, sentence[0], ctx.mention_starts)
        if provider_types.get(m.provider_id) in types
    ]
    subjects = [m for m in earlier if _is_subject(ctx, m)]
    return (subjects or earlier or [None])[-1]


def _subject_pronoun(figure):
    """'It' in 'It supervises 28,750 offenders': a pronoun subject of the
    figure's own verb."""
    verb = _governing_verb(figure)
    pronouns = _vocab().pronouns
    return next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS and c.lower_ in pronouns), None)


def _pronoun_antecedent(ctx: _MetricState, pronoun):
    """The subject a subject pronoun continues: the main subject earlier in
    its own sentence ('the Ministry of Justice announced it would ...'),
    else the main subject of the sentence before, in the same section."""
    sent = pronoun.sent
    main = _main_subject(sent)
    if main is not None and main.i < pronoun.i:
        return main
    if sent.start == 0:
        return None
    previous = pronoun.doc[sent.start - 1].sent
    section = ctx.document.section_at(pronoun.idx)
    if section is not None and not (section.char_start <= previous.start_char):
        return None
    return _main_subject(previous)


def _main_subject(sent):
    return next((c for c in sent.root.children if c.dep_ in _SUBJECT_DEPS), None)


def _covers(ctx: _MetricState, mention: ProviderMention, tok) -> bool:
    """Does the mention name the noun phrase headed by ``tok``?"""
    mention_tok = _mention_token(ctx, mention)
    return mention_tok is not None and (_phrase_head(mention_tok) == tok or mention_tok == tok)


def _is_subject(ctx: _MetricState, mention: ProviderMention) -> bool:
    tok = _mention_token(ctx, mention)
    return tok is not None and _phrase_head(tok).dep_ in _SUBJECT_DEPS
