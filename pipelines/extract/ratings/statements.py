"""Rating statements in a sentence: a rating word that the text presents as a
rating, the standard it rates, whether it is a past rating, and the bodies
it is given to.

A rating word is a rating when it is quoted ('Inadequate', "requires
improvement"), follows a cue in its clause ("rated", "judged", "an overall
rating of"), names a rating ("its requires improvement rating"), or, unquoted,
is the verb "requires improvement" of a body, a standard's complement ("its
case handling was mostly good") or a headline's first word before a body
("Outstanding Hertfordshire youth offending team receives highest rating").
It is a description, not a rating, when a noun or "in parts" follows it
unquoted ("good quality", "good in parts"), and a count, not a rating, when
its subject is a number of unnamed services ("eight required improvement",
"rating 10 as 'Inadequate'").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipelines.extract.numbers.vocabulary import vocabulary as number_vocabulary
from pipelines.extract.providers import ProviderMention
from pipelines.extract.ratings.bodies import Body, Resolver
from pipelines.extract.ratings.body_phrases import _BodyPhrases
from pipelines.extract.ratings.spans import (
    WORD,
    clause_begin,
    closing_quote,
    first_word,
    last_of,
    list_items,
    negated,
    trim_place,
)
from pipelines.extract.ratings.vocabulary import OPEN_QUOTES, Vocabulary
from pipelines.refdata.ratings import ratings_data

# The words "overall" and "inspection" come from refdata/ratings.yaml; the
# copulas, prepositions, possessives and years around them are grammar.
_OVERALL_WORDS = ratings_data().overall_words
_OVERALL = "|".join(map(re.escape, _OVERALL_WORDS))
_COPULA_END = re.compile(r"\b(?:was|were|is|are|been)\s+(?:\w+ly\s+)?$", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# "This follows an inspection in 2019, when ...": a rating of an earlier year's inspection.
_EARLIER_INSPECTION = re.compile(
    rf"\b(?:{'|'.join(map(re.escape, ratings_data().earlier_inspection_words))})\s+in\s+((?:19|20)\d\d)\b", re.I)
_STATED_YEAR = re.compile(rf"\s*(?:(?:{_OVERALL})\s+)?(?:in|since)\s+((?:19|20)\d\d)\b", re.I)
_STANDARD_AFTER = re.compile(rf"\s*(?:(?:{_OVERALL})\s+)?(?:for|in|on)\s+(?:its\s+|the\s+|their\s+)?", re.I)
# A cue this many words or fewer before the rating word belongs to it.
_CUE_WINDOW = 10
# A rating this few words after another one, with no body of its own, shares its body.
_SHARED_SUBJECT_WORDS = 5


@dataclass
class Statement:
    rating: str
    standard: str
    standard_text: str | None
    is_previous: bool
    previous_year: int | None
    bodies: list[Body]
    char_start: int
    char_end: int
    sentence: tuple[int, int] = field(default=(0, 0))
    clause_end: int = 0  # where the next rating's clause may start
    stated_year: int | None = None  # "rated 'Good' in 2019": the year the text gives the rating


def _cardinals() -> dict[str, int]:
    return {word: int(value) for word, value in number_vocabulary().cardinals.items()}


class SentenceReader(_BodyPhrases):
    """Reads the rating statements of one document, sentence by sentence."""

    def __init__(self, text: str, sentences: list[tuple[int, int]], mentions: list[ProviderMention],
                 resolver: Resolver, vocab: Vocabulary) -> None:
        self.text = text
        self.sentences = sentences
        self.mentions = mentions
        self.resolver = resolver
        self.vocab = vocab
        self.cardinals = _cardinals()
        self.last_bodies: list[Body] = []

    def statements(self) -> list[Statement]:
        found: list[Statement] = []
        for index, (s0, s1) in enumerate(self.sentences):
            previous: Statement | None = None
            for match in self.vocab.rating_word.finditer(self.text, s0, s1):
                statement = self._statement(match, index, previous)
                if statement is not None:
                    found.append(statement)
                    self.last_bodies = statement.bodies
                    found += self._companions(statement, match, index)
                # A later rating in the sentence starts its clause after this word.
                previous = statement if statement is not None else _Skipped(match.end())
        return found

    # -- one rating word ---------------------------------------------------------

    def _statement(self, match: re.Match, index: int, previous) -> Statement | None:
        text, vocab = self.text, self.vocab
        s0, s1 = self.sentences[index]
        w0, w1 = match.span()
        close = closing_quote(text, w0, w1, s1)
        quoted = close is not None
        end = close if quoted else w1
        lo = max(s0, previous.clause_end if previous is not None else s0)
        clause_start = clause_begin(text, lo, w0)
        clause = text[clause_start:w0]
        if negated(clause, vocab) or self._other_inspectorate(s0, w0) or self._in_scale(w0, end, s0, s1):
            return None
        cue = last_of(vocab.cue_before.finditer(text, clause_start, w0))
        if cue is not None and len(WORD.findall(text[cue.end():w0])) > _CUE_WINDOW:
            cue = None
        after = text[end:s1]
        next_word = first_word(after)
        names_rating = bool(next_word) and vocab.cue_after.fullmatch(next_word) is not None
        if not names_rating and (next_word.lower() in vocab.description_nouns
                                 or (not quoted and next_word.lower() in vocab.descriptions)):
            return None
        if self._counts_standards(after):
            return None
        standard, standard_text, consumed = self._standard(clause, after)
        if not (quoted or cue or names_rating or self._bare_rating(match, clause, next_word, standard_text, index)):
            return None
        bodies, evidence_end = self._bodies(index, clause_start, cue, w0, end, previous)
        if not bodies:
            return None
        inherited = isinstance(previous, Statement) and bodies is previous.bodies
        # "Its case handling was mostly good and, in one respect, 'Outstanding'":
        # a standard named in the shared subject rates both; one named after
        # the first rating ("'Outstanding' for leadership and 'Good'") does not.
        if inherited and standard_text is None and previous.clause_end == previous.char_end:
            standard, standard_text = previous.standard, previous.standard_text
        # The evidence runs from the first of the cue, the body (else the body
        # noun of a list) and the opening quote mark to the rating word, and
        # over a list after it.
        named = [] if inherited else [b.char_start for b in bodies if s0 <= b.char_start < w0]
        noun = None if named else last_of(self.vocab.body.finditer(text, clause_start, w0))
        starts = [w0 - 1 if quoted else w0, *named, *(m.start() for m in (cue, noun) if m is not None)]
        start = min(starts)
        sentence_text = text[s0:s1]
        following = vocab.rating_word.search(text, end, s1)
        earlier = _EARLIER_INSPECTION.search(text, s0, w0)
        is_previous = (vocab.previous_before.search(text, clause_start, w0) is not None or earlier is not None
                       or vocab.previous_after.match(text, end + len(after) - len(after.lstrip(" ,")),
                                                     following.start() if following else s1) is not None)
        year = _YEAR.search(earlier.group(0)) if earlier else (_YEAR.search(text, end, s1) or _YEAR.search(clause))
        stated = earlier or _STATED_YEAR.match(text, end, s1)
        return Statement(
            rating=vocab.rating_of[re.sub(r"\s+", " ", match.group(0).lower())],
            standard=standard,
            standard_text=standard_text,
            is_previous=is_previous,
            previous_year=int(year.group(0)) if is_previous and year else None,
            bodies=bodies,
            char_start=start,
            char_end=max(evidence_end, end + (len(re.match(r"\s*[\w'’-]+", after).group(0)) if names_rating else 0)),
            sentence=(s0, s0 + len(sentence_text.rstrip())),
            clause_end=end + consumed,
            stated_year=int(stated.group(1)) if stated else None,
        )

    def _bare_rating(self, match: re.Match, clause: str, next_word: str, standard_text: str | None,
                     index: int) -> bool:
        """An unquoted rating word with no cue: the verb "requires
        improvement", a standard's complement, or a headline's first word."""
        s0, s1 = self.sentences[index]
        if match.group(0).lower().startswith("requir"):
            return True
        if standard_text and _COPULA_END.search(clause) and next_word.lower() in ("", "and", *_OVERALL_WORDS, "but"):
            return True
        at_start = not self.text[s0:match.start()].strip(OPEN_QUOTES + " ")
        return at_start and match.group(0)[0].isupper() and self.vocab.cue_after.search(self.text, match.end(), s1) is not None

    def _standard(self, clause: str, after: str) -> tuple[str, str | None, int]:
        """The standard, its wording, and how much of the text after the
        rating word names it (a later rating's clause starts after that)."""
        for pattern, label in self.vocab.standards:
            found = last_of(pattern.finditer(clause))
            if found is not None:
                return label, found.group(0), 0
        # "rated 'Good' for leadership", "'Inadequate' on unpaid work"
        lead = _STANDARD_AFTER.match(after)
        if lead:
            for pattern, label in self.vocab.standards:
                found = pattern.match(after, lead.end())
                if found is not None:
                    return label, found.group(0), found.end()
        return "overall", None, 0

    def _counts_standards(self, after: str) -> bool:
        """"'good' in five out of seven areas": a count of standards."""
        m = re.match(rf"\s*(?:(?:{_OVERALL})\s*)?,?\s*(?:in|on|for|across)\s+(?:the\s+)?(?:remaining\s+)?"
                     rf"(?:\d+|{self.vocab.count_word.pattern})\b", after, re.I)
        return m is not None and self.vocab.per_standard_count.search(after, m.end(), m.end() + 40) is not None

    def _in_scale(self, w0: int, end: int, s0: int, s1: int) -> bool:
        """"Outstanding, Good, Requires improvement or Inadequate", "from
        'Good' to 'Inadequate'": the scale itself, not a body's rating."""
        joint = r"[\s,'\"‘’“”]*(?:and|or|to|through)?[\s,'\"‘’“”]*"
        word = self.vocab.rating_word.pattern
        before = re.search(rf"(?:{word}){joint}$", self.text[s0:w0], flags=re.I)
        after = re.match(rf"{joint}(?:{word})", self.text[end:s1], flags=re.I)
        return before is not None or after is not None

    def _other_inspectorate(self, s0: int, w0: int) -> bool:
        """Ofsted's or the prisons inspectorate's grades use the same words."""
        before = self.text[s0:w0]
        return bool(self.vocab.other_inspectorate.search(before)) and not self.vocab.probation_inspectorate.search(before)

    def _companions(self, statement: Statement, match: re.Match, index: int) -> list[Statement]:
        """"Essex is the second youth offending team to be rated outstanding -
        Hertfordshire being the other": the others that hold the rating, by
        an earlier report."""
        s0, s1 = self.sentences[index]
        if not self.vocab.rank_word.search(self.text, s0, match.start()):
            return []
        noun = last_of(self.vocab.body.finditer(self.text, s0, match.start()))
        body_kind = self.vocab.kind(noun.group(0)) if noun else None
        companions = []
        for place in self.vocab.place.finditer(self.text, match.end(), s1):
            span = trim_place(self.text, place.start(), place.end(), self.vocab)
            if span is None:
                continue
            cued_before = re.search(rf"(?:{self.vocab.companion_before.pattern})\s+$", self.text[match.end():span[0]], re.I)
            cued_after = self.vocab.companion_after.match(self.text, span[1] + 1, s1)
            if not (cued_before or cued_after):
                continue
            bodies = self._listed(list_items(self.text, *span, None, self.vocab) or [span], body_kind)
            companions.append(Statement(statement.rating, statement.standard, statement.standard_text, True, None,
                                        bodies, statement.char_start, max(span[1], statement.char_end),
                                        statement.sentence, span[1]))
        return companions

    # -- bodies ------------------------------------------------------------------

    def _bodies(self, index: int, clause_start: int, cue, w0: int, end: int, previous) -> tuple[list[Body], int]:
        s0, s1 = self.sentences[index]
        listed = self._named_list(end, s1, clause_start, w0)
        if listed:
            return listed
        after_body = self._body_after(end, s1)
        if after_body is not None and cue is None and not self._heads(clause_start, w0):
            return [after_body], after_body.char_end
        # "Inspectors rated X as ..." names the body between cue and rating word.
        regions = [(cue.end(), w0), (clause_start, w0)] if cue is not None else [(clause_start, w0)]
        for lo, hi in regions:
            heads = self._heads(lo, hi)
            if heads:
                return self._from_head(heads[-1], index), end
        clause = self.text[clause_start:w0]
        if re.search(r"\d", clause[-12:]):
            return [], end  # "rating 10 as 'Inadequate'": a count
        # "... was mostly good and, in one respect, 'Outstanding'": the same body.
        if isinstance(previous, Statement) and len(WORD.findall(self.text[previous.clause_end:w0])) <= _SHARED_SUBJECT_WORDS:
            return previous.bodies, end
        if self.vocab.count_word.search(clause[-30:]):
            return [], end  # "eight required improvement": a count
        # "... issued an overall rating of 'Requires improvement'": the article's body.
        if cue is not None:
            body = self._generic(w0, end)
            return ([body] if body else []), end
        return [], end


@dataclass
class _Skipped:
    """A rating word that was not a rating: later words' clauses start after it."""

    clause_end: int
