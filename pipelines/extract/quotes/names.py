"""The index of people named in a document: full names, short forms, genders
and roles, so that "Ms Smith" or "the chief inspector" finds the full name."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from pipelines.extract.providers import ProviderMention
from pipelines.extract.quotes.context import _DETERMINERS, _NameMention
from pipelines.extract.quotes.lexicon import _key, _word_keys
from pipelines.extract.quotes.state import _QuoteState
from pipelines.extract.quotes.words import _first_organisation

if TYPE_CHECKING:
    from spacy.tokens import Token


class _NameIndex(_QuoteState):
    """Indexes the people the document names, for short forms, pronouns and roles."""

    def _collect_names(self) -> None:
        heads: set[int] = set()
        for ent in self.doc.ents:
            if ent.label_ == "PERSON":
                heads.add(ent[-1].i)
        for token in self.doc:
            if _key(token.text) in self.lex.honorifics and token.i + 1 < len(self.doc) and self._nameish(token.nbor(1)):
                heads.add(token.i + 1)
            # The small model often tags a name as an organisation or not at
            # all; a two-word proper name that is the subject of a verb is
            # read as a person unless the words say otherwise.
            elif token.dep_ in ("nsubj", "nsubjpass") and token.pos_ == "PROPN" and self._after_name_word(token):
                heads.add(token.i)
        # "Chief Inspector of Probation Martin Jones has ..." that the parser
        # reads as a title: the surname of a later "Mr Jones" makes "Martin
        # Jones" a name wherever a first name stands before it.
        surnames = {
            self._extend_right(token.nbor(1)).text
            for token in self.doc
            if _key(token.text) in self.lex.honorifics and token.i + 1 < len(self.doc) and self._nameish(token.nbor(1))
        }
        for token in self.doc:
            if token.text in surnames and token.pos_ == "PROPN" and self._after_name_word(token):
                heads.add(token.i)
        seen: set[int] = set()
        for i in sorted(heads):
            head = self._extend_right(self.doc[i])
            if head.i in seen:
                continue
            seen.add(head.i)
            mention = self._name_mention(head)
            if mention is not None:
                self._add_name(mention)
        for mention in self.names:
            if mention.gender:
                self.genders.setdefault(self._canonical_key(mention.tokens, mention.char), mention.gender)

    def _name_mention(self, head: Token) -> _NameMention | None:
        main, appositives = self._readings(head)
        if main.kind != "person":
            return None
        role, organisation = main.role, main.organisation
        described = next((a for a in appositives if a.kind == "role"), None)
        if role is None and described is not None:
            role, organisation = described.role, described.organisation
        if organisation is None:
            organisation = _first_organisation(appositives)
        return _NameMention(main.name_tokens, head.idx, main.gender, role, organisation)

    def _after_name_word(self, token: Token) -> bool:
        return token.i > 0 and self._nameish(token.nbor(-1))

    def _nameish(self, token: Token) -> bool:
        return token.text[:1].isupper() and token.is_alpha and not self._excluded_from_name(token)

    def _extend_right(self, token: Token) -> Token:
        while token.i + 1 < len(self.doc):
            nxt = token.nbor(1)
            if not token.whitespace_ or not (nxt.pos_ == "PROPN" and self._nameish(nxt)):
                break
            if nxt.ent_type_ in ("GPE", "ORG", "NORP"):
                break
            token = nxt
        return token

    def _excluded_from_name(self, token: Token) -> bool:
        k = _key(token.text)
        return (
            k in self.lex.honorifics
            or k in self.lex.role_words
            or k in self.lex.organisation_words
            or k in self.lex.name_suffixes
            or k in _DETERMINERS
            or token.ent_type_ in ("NORP", "FAC", "DATE", "TIME", "CARDINAL", "ORDINAL")
            or self._in_provider(token.idx)
            or self._in_body_alias(token.idx)
        )

    def _in_body_alias(self, char: int) -> bool:
        """Inside the proper name of a body that speaks ("Napo" of "Ian
        Lawrence Napo General Secretary"): never part of a person's name."""
        if not hasattr(self, "_body_chars"):
            spans = [(m.start(), m.end()) for m in self.lex.body_aliases.finditer(self.text)]
            self._body_chars = (spans, [a for a, _ in spans])
        spans, starts = self._body_chars
        i = bisect.bisect_right(starts, char) - 1
        return i >= 0 and spans[i][0] <= char < spans[i][1]

    def _in_provider(self, char: int) -> ProviderMention | None:
        for m in self.mentions:
            if m.char_start <= char < m.char_end:
                return m
            if m.char_start > char:
                break
        return None

    def _canonical(self, tokens: tuple[str, ...], at: int) -> tuple[str, ...]:
        """The longest full form of a name in the document: "Glenys" -> ("Glenys", "Stacey")."""
        if (tokens, at) not in self.canonical_cache:
            self.canonical_cache[(tokens, at)] = self._longest_form(tokens, at)
        return self.canonical_cache[(tokens, at)]

    def _longest_form(self, tokens: tuple[str, ...], at: int) -> tuple[str, ...]:
        forms, chars = self._longest_forms(frozenset(_key(t) for t in tokens))
        if not forms:
            return tokens
        # The nearest earlier mention; a later one only when no earlier exists.
        earlier = bisect.bisect_right(chars, at)
        best = forms[earlier - 1] if earlier else forms[0]
        return best.tokens if len(best.tokens) >= len(tokens) else tokens

    def _longest_forms(self, wanted: frozenset[str]) -> tuple[list[_NameMention], list[int]]:
        """The longest names holding every wanted word, in text order; computed
        once per set of words, so a page naming one person thousands of times
        stays linear."""
        if wanted not in self.forms_cache:
            holding = self._names_holding(wanted)
            longest = max((len(m.tokens) for m in holding), default=0)
            forms = sorted((m for m in holding if len(m.tokens) == longest), key=lambda m: m.char)
            self.forms_cache[wanted] = (forms, [m.char for m in forms])
        return self.forms_cache[wanted]

    def _canonical_key(self, tokens: tuple[str, ...], at: int) -> tuple[str, ...]:
        return tuple(_key(t) for t in self._canonical(tokens, at))

    def _known_role(self, key: tuple[str, ...]) -> tuple[str | None, str | None]:
        if self.roles_by_name is None:
            self.roles_by_name = {}
            for m in self.names:
                if m.role:
                    self.roles_by_name.setdefault(self._canonical_key(m.tokens, m.char), []).append((m.role, m.organisation))
        roles = self.roles_by_name.get(key)
        if not roles:
            return None, None
        return max(roles, key=lambda r: (len(r[0]), r[1] is not None))

    def _person_by_role(self, role_words: tuple[str, ...], at: int) -> _NameMention | None:
        wanted = set(role_words)
        found = [m for m in self.names if m.role and wanted <= set(_word_keys(m.role))]
        before = [m for m in found if m.char < at]
        if before:
            return before[-1]
        return found[0] if found else None
