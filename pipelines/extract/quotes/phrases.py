"""Reading a noun phrase that names a speaker: a person with a title or role,
a provider, or another body."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from pipelines.extract.quotes.context import _DETERMINERS, _NAME_PARTICLES, _NONE, _Reading
from pipelines.extract.quotes.lexicon import _key, _word_keys
from pipelines.extract.quotes.state import _QuoteState
from pipelines.extract.quotes.words import _is_phrase_break, _title_part

if TYPE_CHECKING:
    from spacy.tokens import Token


class _PhraseReading(_QuoteState):
    """Reads the noun phrase around a head token as a person, provider or body."""

    def _phrase_tokens(self, head: Token) -> list[Token]:
        """The head's noun phrase without appositives, relative clauses or
        anything past a comma: "HM Chief Inspector of Probation Dame Glenys
        Stacey", "a spokesman for MTCnovo". Words to the left that the parse
        did not attach are taken while they can still belong to a name or a
        title, because the parse of a long page is not always right."""
        para = self._para_of_char(head.idx)
        lo, hi = self._sentence_tokens(para, head) if para else (0, len(self.doc))
        left: list[Token] = []
        for i in range(head.i - 1, lo - 1, -1):
            token = self.doc[i]
            if _is_phrase_break(token) or token.is_space or self.inside[token.idx]:
                break
            attached = head.left_edge.i <= i
            if token.pos_ == "DET" or token.lower_ in _DETERMINERS:
                left.append(token)
                break
            if not attached and not _title_part(token):
                break
            left.append(token)
        right: list[Token] = []
        for child in head.rights:
            if child.dep_ not in ("prep", "compound", "flat", "nmod", "case", "nummod") or child.i >= hi:
                break
            stop = False
            for token in child.subtree:
                if _is_phrase_break(token) or token.is_space or self.inside[token.idx] or token.i >= hi:
                    stop = True
                    break
                right.append(token)
            if stop:
                break
        return [*reversed(left), head, *right]

    def _loose_appositive(self, head: Token, hi: int) -> _Reading | None:
        """", Assistant General Secretary of probation union Napo said": an
        appositive the parse did not attach, read from the words between the
        comma after the name and the next comma or verb."""
        i = head.i + 1
        if i >= hi or self.doc[i].text != ",":
            return None
        words: list[Token] = []
        for token in self.doc[i + 1 : hi]:
            if token.text in {",", ":", ";", "(", ")"} or token.pos_ in ("VERB", "AUX") or self.inside[token.idx]:
                break
            words.append(token)
        if not words or not any(_key(t.text) in self.lex.role_words for t in words):
            return None
        role, organisation = self._split_role(self.text[words[0].idx : words[-1].idx + len(words[-1])])
        return _Reading("role", role=role, organisation=organisation)

    def _read_phrase(self, head: Token) -> _Reading:
        owner = self._owner_of_document(head)
        if owner is not None:
            return owner
        tokens = self._phrase_tokens(head)
        while tokens and (tokens[0].lower_ in _DETERMINERS or tokens[0].pos_ == "DET") and tokens[0] is not head:
            tokens = tokens[1:]
        if not tokens:
            return _NONE
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        phrase = self.text[start:end]
        spokes = _key(head.text) in self.lex.spokesperson_words
        reading = self._read_provider(head, start, end, spokes) or self._read_body(head, tokens, phrase, start, spokes)
        if reading is not None:
            return reading
        person = self._read_person(head, tokens)
        if person is None and tokens[-1] is not head and tokens[-1].pos_ == "PROPN":
            person = self._read_person(tokens[-1], tokens)
        if person is None:
            person = self._name_before_role(tokens)
        if person is not None and person.kind == "person":
            return person
        if spokes:
            # "a Sodexo spokesman": an organisation the reference data does not know
            org = " ".join(t.text for t in tokens if t.text[:1].isupper() and t is not head)
            return _Reading("org", org_name=org) if org else _NONE
        if any(_key(t.text) in self.lex.role_words for t in tokens if t.i <= head.i):
            role, organisation = self._split_role(phrase)
            return _Reading("role", role=role, organisation=organisation)
        if head.pos_ == "PROPN" and head.text[:1].isupper():
            return _Reading("org", org_name=phrase)
        return _NONE

    def _owner_of_document(self, head: Token) -> _Reading | None:
        """"McDowell's report notes", "the Probation Inspector's report": a
        document owned by a person (or a role) speaks for that person."""
        if _key(head.text) not in self.lex.title_nouns and _key(head.lemma_) not in self.lex.title_nouns:
            # "the findings in the Probation Inspector's report"
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ in ("in", "of", "from"):
                    document = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if document is not None and self._generic_head(head):
                        return self._owner_of_document(document)
            return None
        owner = next((c for c in head.children if c.dep_ == "poss" and c.i < head.i), None)
        if owner is None or owner.pos_ == "PRON":
            return None
        reading = self._read_phrase(owner)
        if reading.kind == "role" and reading.role:
            reading = replace(reading, role=re.sub(r"\s*['’]s?$", "", reading.role))
        return reading if reading.kind in ("person", "role") else None

    def _read_provider(self, head: Token, start: int, end: int, spokes: bool) -> _Reading | None:
        for m in self.mentions:
            if m.char_start >= end or m.char_end <= start:
                continue
            if m.char_start <= head.idx < m.char_end or spokes or self._generic_head(head):
                return _Reading("provider", provider_id=m.provider_id, org_name=m.text)
        return None

    def _read_body(self, head: Token, tokens: list[Token], phrase: str, start: int, spokes: bool) -> _Reading | None:
        for m in self.lex.body_aliases.finditer(phrase):
            covers = start + m.start() <= head.idx < start + m.end()
            if covers or spokes or self._generic_head(head):
                document = _key(head.lemma_) in self.lex.title_nouns or _key(head.text) in self.lex.title_nouns
                return _Reading(
                    "body", body=self.lex.body_by_alias.get(_key(m.group())), org_name=m.group(), document=document
                )
        keys = tuple(k for t in tokens if t.i <= head.i for k in _word_keys(t.text))
        document = _key(head.lemma_) in self.lex.title_nouns or _key(head.text) in self.lex.title_nouns
        for n in range(len(keys), 0, -1):
            body = self.lex.body_by_generic.get(keys[-n:])
            if body is not None:
                return _Reading("body", body=body, document=document)
        return None

    def _generic_head(self, head: Token) -> bool:
        """A head such as "report" that takes its owner from a modifier ("the
        MoJ report")."""
        return (_key(head.text),) in self.lex.body_by_generic

    def _read_person(self, head: Token, tokens: list[Token]) -> _Reading | None:
        if not head.text[:1].isupper() or self._excluded_from_name(head) or not head.is_alpha:
            return None
        if head.tag_ in ("NNS", "NNPS") and head.ent_type_ != "PERSON":
            return None  # "MPs", "Inspectors": groups, not a named person
        if self._in_body_name(head, tokens):
            return None
        position = next(i for i, t in enumerate(tokens) if t is head)
        first = position
        while first > 0 and position - first < 4:
            candidate = tokens[first - 1]
            if candidate.lower_ in _NAME_PARTICLES and first >= 2 and tokens[first - 2].text[:1].isupper():
                first -= 1
            elif candidate.text[:1].isupper() and candidate.is_alpha and not self._excluded_from_name(candidate):
                first -= 1
            else:
                break
        prefix = tokens[:first]
        if prefix and prefix[-1].lower_ in ("of", "for", "at", "and", "&"):
            # "Chief Inspector of Probation Glenys Stacey": the first word
            # ends the title; "Inspector of Probation", "League for Penal
            # Reform" are titles and names of bodies, not people.
            if position - first < 2:
                return None
            first += 1
        while position - first >= 2 and tokens[first].ent_type_ in ("GPE", "LOC"):
            first += 1  # "London Sadiq Khan": a place before a two-word name is not part of it
        prefix = tokens[:first]
        name = tuple(t.text for t in tokens[first : position + 1])
        honorific_gender = None
        has_honorific = False
        while prefix and (_key(prefix[-1].text) in self.lex.honorifics or prefix[-1].text == "."):
            if _key(prefix[-1].text) in self.lex.honorifics:
                has_honorific = True
                honorific_gender = honorific_gender or self.lex.honorifics[_key(prefix[-1].text)]
            prefix = prefix[:-1]
        role = organisation = None
        while prefix and (prefix[0].lower_ in _DETERMINERS or prefix[0].pos_ in ("DET", "PART", "PUNCT")):
            prefix = prefix[1:]
        if prefix and any(_key(t.text) in self.lex.role_words for t in prefix):
            role, organisation = self._split_role(self.text[prefix[0].idx : prefix[-1].idx + len(prefix[-1])])
        if not self._is_person(head, name, has_honorific, role):
            return _Reading("org", org_name=" ".join(name))
        return _Reading("person", name_tokens=name, gender=honorific_gender, role=role, organisation=organisation)

    def _name_before_role(self, tokens: list[Token]) -> _Reading | None:
        """``Jane Smith Chief Executive said``: a name of two or more words
        straight before a title, with no comma between them."""
        if not any(_key(t.text) in self.lex.role_words for t in tokens):
            return None
        # The title starts at its first role word or at the body or provider
        # it names ("Ian Lawrence Napo General Secretary").
        first_role = next(
            (
                i
                for i, t in enumerate(tokens)
                if _key(t.text) in self.lex.role_words or self._in_body_name(t, tokens) or self._in_provider(t.idx)
            ),
            None,
        )
        if first_role is None or first_role < 2:
            return None
        name = tokens[:first_role]
        if not all(self._nameish(t) and t.pos_ == "PROPN" for t in name):
            return None
        person = self._read_person(name[-1], name)
        if person is None or person.kind != "person" or person.role is not None:
            return None
        role, organisation = self._split_role(self.text[tokens[first_role].idx : tokens[-1].idx + len(tokens[-1])])
        return replace(person, role=role, organisation=organisation)

    def _in_body_name(self, head: Token, tokens: list[Token]) -> bool:
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        phrase = self.text[start:end]
        return any(start + m.start() <= head.idx < start + m.end() for m in self.lex.body_aliases.finditer(phrase))

    def _is_person(self, head: Token, name: tuple[str, ...], has_honorific: bool, role: str | None) -> bool:
        if has_honorific or role is not None or head.ent_type_ == "PERSON":
            return True
        if any(_key(t) in self.lex.organisation_words for t in name):
            return False
        if self._names_holding(frozenset(_key(t) for t in name)):
            return True
        if len(name) >= 2:
            return True
        return head.ent_type_ not in ("ORG", "NORP", "GPE", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT")

    def _split_role(self, role_text: str) -> tuple[str, str | None]:
        """"director of probation at the London CRC" -> ("director of probation", "London CRC");
        "Napo General Secretary" -> (as written, "Napo"); "HM Chief Inspector of
        Probation" stays whole, "Probation" naming no organisation."""
        role_text = re.sub(r"^(?:the|a|an)\s+", "", role_text.strip(" ,"), flags=re.IGNORECASE)
        named = [(m.char_start, m.text) for m in self.gazetteer.find_mentions(role_text)]
        for m in self.lex.body_aliases.finditer(role_text):
            body = self.lex.body_by_alias.get(_key(m.group()))
            if body is not None and body.speaker_type == "organisation":
                named.append((m.start(), m.group()))
        for at, organisation in named:
            head = self._role_before(role_text, at)
            if head:
                return head, organisation
        if named:
            return role_text, named[0][1]
        # An organisation the reference data does not know: capitalised words
        # after "at", or after "of"/"for" when they end in an organisation word
        # ("chairman of the Youth Justice Board").
        m = re.search(r"(?:^|\s)(?:the\s+)?((?:[A-Z][\w&'’-]*(?:\s+|$)(?:(?:of|for|and|&)\s+)?)+)$", role_text)
        if m:
            head = self._role_before(role_text, m.start(1))
            words = {_key(w) for w in m.group(1).split()}
            after_at = re.search(r"\sat\s+(?:the\s+)?$", role_text[: m.start(1)])
            if head and (after_at or words & self.lex.organisation_words):
                return head, m.group(1).strip()
        return role_text, None

    def _role_before(self, role_text: str, at: int) -> str | None:
        """The role in front of "at/of/for (the)" right before position ``at``."""
        prepositions = "|".join(map(re.escape, sorted(self.lex.role_prepositions)))
        cut = re.search(r"\s+(?:" + prepositions + r")\s+(?:the\s+)?$", role_text[:at], re.IGNORECASE)
        return role_text[: cut.start()] if cut and cut.start() > 0 else None
