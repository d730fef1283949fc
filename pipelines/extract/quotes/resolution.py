"""From a subject's head token to a speaker: persons, pronouns, providers, bodies."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipelines.extract.quotes.candidate import SpeakerRef
from pipelines.extract.quotes.context import _PERSON_PRONOUNS, _RELATIVE_PRONOUNS, _THING_PRONOUNS, _Para, _Reading
from pipelines.extract.quotes.lexicon import _key, _word_keys
from pipelines.extract.quotes.offices import article_date, holder_of, offices, read_role
from pipelines.extract.quotes.state import _QuoteState
from pipelines.extract.quotes.words import _first_organisation

if TYPE_CHECKING:
    from spacy.tokens import Token


class _SpeakerResolution(_QuoteState):
    """Turns the head of a subject into a speaker."""

    def _speaker_from_head(self, head: Token, para: _Para) -> SpeakerRef | None:
        low = head.lower_
        if low in _RELATIVE_PRONOUNS and head.head.dep_ in ("relcl", "acl") and head.head.head is not head:
            return self._speaker_from_head(head.head.head, para)
        if low in _PERSON_PRONOUNS:
            return self._resolve_person_pronoun(_PERSON_PRONOUNS[low], head.idx, para)
        if low in _THING_PRONOUNS:
            return self._resolve_thing_pronoun(head.idx, para)
        if head.pos_ == "PRON":
            return None
        owner = next((c for c in head.children if c.dep_ == "poss" and c.lower_ in ("its", "their")), None)
        if owner is not None and (_key(head.text) in self.lex.title_nouns or _key(head.lemma_) in self.lex.title_nouns):
            # "Its consultation document stated": the document of the body spoken of before.
            return self._resolve_thing_pronoun(head.idx, para)
        main, appositives = self._readings(head)
        if main.kind == "body" and main.body is not None and not main.document and any(
            c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.children
        ):
            # "A watchdog said ...", the next sentence naming the watchdog's
            # head: the words are that person's.
            named = self._head_of_body_named_next(main.body.name, head.idx, para)
            if named is not None:
                return named
        return self._speaker_from_readings(main, appositives, head.idx)

    def _head_of_body_named_next(self, body: str, at: int, para: _Para) -> SpeakerRef | None:
        """The first person named after ``at`` (in this paragraph or the next)
        who holds an office of ``body``, by the role the text gives them or
        by the reference data's list of holders."""
        following = self.paras[para.index + 1].span.char_end if para.index + 1 < len(self.paras) else para.span.char_end
        for mention in self.names:
            if not at < mention.char < following:
                continue
            reading = read_role(mention.role, frozenset({body})) if mention.role else None
            canonical = " ".join(self._canonical(mention.tokens, mention.char)).casefold()
            holds = reading is not None and reading.office.organisation == body
            if not holds:
                holds = any(
                    o.organisation == body and any(h.name.casefold() == canonical for h in o.holders) for o in offices()
                )
            if holds:
                return self._person_ref(mention.tokens, mention.char, mention.role, None, mention.gender)
            return None
        return None

    def _readings(self, head: Token) -> tuple[_Reading, list[_Reading]]:
        """The head's own phrase, and the phrases in apposition to it
        ("Helga Swidenbank, director of probation at the London CRC")."""
        para = self._para_of_char(head.idx)
        lo, hi = self._sentence_tokens(para, head) if para else (0, len(self.doc))
        main = self._read_phrase(head)
        appositives = [self._read_phrase(c) for c in head.children if c.dep_ == "appos" and head.i < c.i < hi]
        if (
            head.dep_ == "appos"
            and head.head.pos_ in ("NOUN", "PROPN")
            and head.head.dep_ in ("nsubj", "nsubjpass")
            and lo <= head.head.i < hi
        ):
            # "The Centre's Director, Richard Garside, has ...": the role is
            # the subject and the name its appositive.
            appositives.append(self._read_phrase(head.head))
        if not appositives:
            loose = self._loose_appositive(head, hi)
            if loose is not None:
                appositives.append(loose)
        for child in head.rights:
            # "Frances Crook, of the Howard League, said"
            if child.dep_ == "prep" and lo <= child.i < hi and child.i > 0 and self.doc[child.i - 1].text == ",":
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    appositives.append(self._read_phrase(obj))
        return main, appositives

    def _speaker_from_readings(self, main: _Reading, appositives: list[_Reading], at: int) -> SpeakerRef | None:
        person = main if main.kind == "person" else next((a for a in appositives if a.kind == "person"), None)
        if person is not None:
            role, organisation = person.role, person.organisation
            if role is None:
                described = next((a for a in [main, *appositives] if a.kind == "role"), None)
                if described is not None:
                    role, organisation = described.role, described.organisation
            if organisation is None:
                organisation = _first_organisation(appositives)
            return self._person_ref(person.name_tokens, at, role, organisation, person.gender)
        if main.kind in ("provider", "body", "org"):
            return self._organisation_ref(main)
        if main.kind == "role":
            target = self._person_by_role(_word_keys(main.role or ""), at)
            if target is not None:
                return self._person_ref(target.tokens, target.char, None, None, None)
            return self._office_holder(main.role or "")
        return None

    def _office_holder(self, role: str) -> SpeakerRef | None:
        """'the Chief Inspector', 'the Justice Secretary', 'the former chief
        inspector': the person who held that office on the article's date
        (reference data), when the article does not name them."""
        reading = read_role(role, self._named_bodies())
        if reading is None:
            return None
        named_people = frozenset(" ".join(self._canonical(m.tokens, m.char)).casefold() for m in self.names)
        holder = holder_of(reading, self._article_date(), named_people)
        if holder is None and self._article_date() is None:
            # An undated article: the holder of the office that it names.
            holder = next((h for h in reversed(reading.office.holders) if h.name.casefold() in named_people), None)
        if holder is None:
            return None
        return SpeakerRef(
            name=holder.name,
            speaker_type="person",
            role=reading.office.title,
            organisation=reading.office.organisation,
            provider_id=self.gazetteer.resolve(reading.office.organisation),
        )

    def _holder_by_one_name(self, word: str) -> tuple[str, ...] | None:
        """The one office holder of that first name or surname: in office on
        the article's date; in an undated article, of an office whose body
        the article names ("Dame Glenys" beside "HM Inspectorate of Probation")."""
        day = self._article_date()
        wanted = _key(word)
        if day is None:
            bodies = self._named_bodies()
            holders = [h for o in offices() if o.organisation in bodies for h in o.holders]
        else:
            holders = [h for o in offices() for h in o.holders_on(day)]
        found = {h.name for h in holders if wanted in (_key(h.name.split()[0]), _key(h.name.split()[-1]))}
        return tuple(found.pop().split()) if len(found) == 1 else None

    def _article_date(self):
        """The document's published date, else the latest date its text
        mentions (see ``offices.article_date``)."""
        if not hasattr(self, "_date_cache"):
            mentioned = [(d.year, d.month, d.day) for d in self.context.dates]
            self._date_cache = article_date(self.document.published_date, mentioned)
        return self._date_cache

    def _named_bodies(self) -> frozenset[str]:
        if not hasattr(self, "_bodies_cache"):
            found = {self.lex.body_by_alias.get(_key(m.group())) for m in self.lex.body_aliases.finditer(self.text)}
            self._bodies_cache = frozenset(b.name for b in found if b is not None)
        return self._bodies_cache

    def _person_ref(
        self, tokens: tuple[str, ...], at: int, role: str | None, organisation: str | None, gender: str | None
    ) -> SpeakerRef:
        canonical = self._canonical(tokens, at)
        if len(canonical) == 1:
            # "Dame Glenys", "Mr Russell" in an article that never gives the
            # full name: the one office holder of that name in office on the
            # article's date.
            canonical = self._holder_by_one_name(canonical[0]) or canonical
        key = tuple(_key(t) for t in canonical)
        if gender and key not in self.genders:
            self.genders[key] = gender
        known_role, known_org = self._known_role(key)
        if known_role and (role is None or len(known_role) > len(role)):
            role, organisation = known_role, organisation or known_org
        organisation = organisation or known_org
        return SpeakerRef(
            name=" ".join(canonical),
            speaker_type="person",
            role=role,
            organisation=organisation,
            provider_id=self.gazetteer.resolve(organisation) if organisation else None,
        )

    def _organisation_ref(self, reading: _Reading) -> SpeakerRef:
        if reading.kind == "provider":
            record = self.gazetteer.records.get(reading.provider_id)
            name = record.name if record else (reading.org_name or "")
            return SpeakerRef(name, "organisation", None, None, reading.provider_id)
        if reading.kind == "body" and reading.body is not None:
            body = reading.body
            # "the report said" is the body speaking through its report;
            # "inspectors said", "the watchdog said" is the body itself.
            kind = body.speaker_type if reading.document or body.speaker_type != "report" else "organisation"
            return SpeakerRef(body.name, kind, None, None, self.gazetteer.resolve(body.name))
        name = reading.org_name or ""
        return SpeakerRef(name, "organisation", None, None, self.gazetteer.resolve(name))

    def _resolve_person_pronoun(self, gender: str, at: int, para: _Para) -> SpeakerRef | None:
        for event in reversed(self.events):
            if event.char >= at or event.section != para.section.index:
                continue
            speaker = event.speaker
            if speaker is not None and event.spokesperson:
                return speaker
            if speaker is None or speaker.speaker_type != "person":
                continue
            key = _word_keys(speaker.name)
            if self.genders.get(key, gender) == gender:
                self.genders.setdefault(key, gender)
                return speaker
        for mention in reversed(self.names):
            if mention.char >= at:
                continue
            key = self._canonical_key(mention.tokens, mention.char)
            if self.genders.get(key, gender) == gender:
                self.genders.setdefault(key, gender)
                return self._person_ref(mention.tokens, mention.char, None, None, gender)
        return None

    def _resolve_thing_pronoun(self, at: int, para: _Para) -> SpeakerRef | None:
        for event in reversed(self.events):
            if event.char >= at or event.section != para.section.index:
                continue
            if event.speaker is not None and event.speaker.speaker_type != "person":
                return event.speaker
        return None
