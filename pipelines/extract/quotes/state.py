"""The state every quotation rule reads: the document, its one parse, provider
mentions, and token lookups."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from pipelines.extract.context import DocumentContext
from pipelines.extract.quotes.context import _Event, _NameMention, _Para
from pipelines.extract.quotes.lexicon import _key, _lexicon

if TYPE_CHECKING:
    from spacy.tokens import Token


class _QuoteState:
    """The document, its one parse, and what the rules collect about it."""

    def __init__(self, context: DocumentContext) -> None:
        self.context = context
        self.document = context.document
        self.text = context.text
        self.doc = context.parsed
        self.mentions = sorted(context.provider_mentions, key=lambda m: m.char_start)
        self.gazetteer = context.gazetteer
        self.lex = _lexicon()
        self.token_starts = [t.idx for t in self.doc]
        self.inside = bytearray(len(self.text) + 1)
        self.paras: list[_Para] = []
        self.para_starts: list[int] = []
        self.events: list[_Event] = []
        self.event_at: dict[int, _Event] = {}
        self.names: list[_NameMention] = []
        # The names holding a word, in text order: "is this word part of a
        # name the document gives?" is asked once per phrase, so a scan of
        # every name would make long pages quadratic.
        self.names_by_word: dict[str, list[_NameMention]] = {}
        self.genders: dict[tuple[str, ...], str] = {}
        self.canonical_cache: dict[tuple[tuple[str, ...], int], tuple[str, ...]] = {}
        self.forms_cache: dict[frozenset[str], tuple[list[_NameMention], list[int]]] = {}
        self.roles_by_name: dict[tuple[str, ...], list[tuple[str, str | None]]] | None = None

    def _add_name(self, mention: _NameMention) -> None:
        self.names.append(mention)
        for word in {_key(t) for t in mention.tokens}:
            self.names_by_word.setdefault(word, []).append(mention)

    def _names_holding(self, wanted: frozenset[str]) -> list[_NameMention]:
        """The names whose words include every wanted word, in text order."""
        if not wanted:
            return list(self.names)
        rarest = min(wanted, key=lambda w: len(self.names_by_word.get(w, ())))
        return [m for m in self.names_by_word.get(rarest, ()) if wanted <= {_key(t) for t in m.tokens}]

    def _tokens(self, start: int, end: int) -> list[Token]:
        a = bisect.bisect_left(self.token_starts, start)
        b = bisect.bisect_left(self.token_starts, end)
        return [self.doc[i] for i in range(a, b)]

    def _para_of_char(self, char: int) -> _Para | None:
        i = bisect.bisect_right(self.para_starts, char) - 1
        if i >= 0 and char < self.paras[i].span.char_end:
            return self.paras[i]
        return None

    def _is_cue(self, token: Token) -> bool:
        return (
            _key(token.lemma_) in self.lex.cue_lemmas
            and (token.pos_ == "VERB" or token.tag_.startswith("VB"))
            and not self.inside[token.idx]
        )

    def _prepositional_cue(self, token: Token) -> tuple[str, Token] | None:
        """``according to X``: the cue text and the head of X."""
        first = token.lower_
        for words in self.lex.prepositional_cues:
            # Called for every token: the first word rules out almost all.
            if words[0] != first or token.i + len(words) > len(self.doc):
                continue
            span = self.doc[token.i : token.i + len(words)]
            if tuple(t.lower_ for t in span) != words:
                continue
            last = span[-1]
            obj = next((c for c in last.children if c.dep_ == "pobj"), None)
            if obj is None:
                obj = next((t for t in self.doc[last.i + 1 : last.i + 6] if t.pos_ in ("NOUN", "PROPN")), None)
            if obj is not None and not self.inside[obj.idx]:
                return " ".join(words), obj
        return None
