"""Direct quotations in one document, and who said them.

Quotation marks are paired paragraph by paragraph, so an unbalanced mark can
never swallow the rest of an article: a paragraph that ends inside a quote
is a quotation that continues in the next paragraph (one row per paragraph,
as the dataset contract asks). Attribution reads the single spaCy parse the
caller made of the whole document: the subject of the speech verb that
governs a quotation, resolved through titles, appositives, short names,
pronouns, role references ("the chief inspector"), providers (gazetteer)
and other bodies (refdata/bodies.yaml). The words that carry this domain
knowledge live in refdata/*.yaml, not here.
"""

from __future__ import annotations

import bisect
import functools
import logging
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from pipelines.extract.document import Section, SourceDocument, Span, find_paragraphs
from pipelines.extract.nlp import parse_is_of
from pipelines.extract.providers import Gazetteer, ProviderMention
from pipelines.extract.refdata import load_refdata

log = logging.getLogger(__name__)

__all__ = ["QuoteCandidate", "SpeakerRef", "count_words", "extract_quotes", "scan_quotation_marks"]


@dataclass(frozen=True)
class SpeakerRef:
    name: str
    speaker_type: str  # person | organisation | report
    role: str | None
    organisation: str | None
    provider_id: str | None


@dataclass(frozen=True)
class QuoteCandidate:
    document_id: str
    section_index: int
    text: str
    char_start: int
    char_end: int
    is_comment: bool
    cue: str | None
    speaker: SpeakerRef | None


# Quotations shorter than this are scare quotes or names, not statements.
MIN_QUOTE_WORDS = 3
# A quotation with no cue of its own is given to the last speaker named at
# most this many paragraphs earlier in the same section.
MAX_FALLBACK_PARAGRAPHS = 2


# --- reference data -----------------------------------------------------------


@dataclass(frozen=True)
class _Body:
    name: str
    speaker_type: str
    aliases: tuple[str, ...]
    generic_aliases: tuple[str, ...]


@dataclass(frozen=True)
class _Lexicon:
    cue_lemmas: frozenset[str]
    finding_lemmas: frozenset[str]
    prepositional_cues: tuple[tuple[str, ...], ...]
    name_introducers: tuple[str, ...]
    title_nouns: tuple[str, ...]
    honorifics: dict[str, str | None]
    name_suffixes: frozenset[str]
    role_words: frozenset[str]
    spokesperson_words: frozenset[str]
    organisation_words: frozenset[str]
    role_prepositions: frozenset[str]
    bodies: tuple[_Body, ...]
    body_aliases: re.Pattern  # proper names of bodies, case-insensitive
    body_by_alias: dict[str, _Body]
    body_by_generic: dict[tuple[str, ...], _Body]


def _key(word: str) -> str:
    """Comparison form of a word: case-folded, curly apostrophe straightened,
    trailing full stop dropped ("Mr." == "mr")."""
    return word.replace("’", "'").casefold().rstrip(".")


def _word_keys(text: str) -> tuple[str, ...]:
    return tuple(_key(w) for w in re.findall(r"[^\W_]+|['’&]", text))


@functools.lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    verbs = load_refdata("speech_verbs")
    titles = load_refdata("speaker_titles")
    bodies = tuple(
        _Body(
            name=row["name"],
            speaker_type=row["speaker_type"],
            aliases=tuple(row.get("aliases") or ()),
            generic_aliases=tuple(row.get("generic_aliases") or ()),
        )
        for row in load_refdata("bodies")["bodies"]
    )
    by_alias = {_key(a): b for b in reversed(bodies) for a in (b.name, *b.aliases)}
    by_generic: dict[tuple[str, ...], _Body] = {}
    for body in bodies:
        for alias in body.generic_aliases:
            by_generic.setdefault(_word_keys(alias), body)
    aliases = sorted({a for b in bodies for a in (b.name, *b.aliases)}, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(a).replace("'", "['’]") for a in aliases) + r")(?![\w-])",
        re.IGNORECASE,
    )
    return _Lexicon(
        cue_lemmas=frozenset(_key(v) for v in (*verbs["speech_verbs"], *verbs["finding_verbs"])),
        finding_lemmas=frozenset(_key(v) for v in verbs["finding_verbs"]),
        prepositional_cues=tuple(tuple(c.casefold().split()) for c in verbs["prepositional_cues"]),
        name_introducers=tuple(w.casefold() for w in verbs["name_introducers"]),
        title_nouns=tuple(w.casefold() for w in verbs.get("title_nouns") or ()),
        honorifics={_key(h["word"]): h.get("gender") for h in titles["honorifics"]},
        name_suffixes=frozenset(_key(s) for s in titles["name_suffixes"]),
        role_words=frozenset(_key(w) for w in titles["role_words"]),
        spokesperson_words=frozenset(_key(w) for w in titles["spokesperson_words"]),
        organisation_words=frozenset(_key(w) for w in titles["organisation_words"]),
        role_prepositions=frozenset(_key(w) for w in titles["role_prepositions"]),
        bodies=bodies,
        body_aliases=pattern,
        body_by_alias=by_alias,
        body_by_generic=by_generic,
    )


# --- quotation marks ----------------------------------------------------------

_DOUBLE_OPEN = "“„‟«"
_DOUBLE_CLOSE = "”»"
_SINGLE_OPEN = "‘‚‛‹"
_SINGLE_CLOSE = "’›"
_MARKS = frozenset(_DOUBLE_OPEN + _DOUBLE_CLOSE + _SINGLE_OPEN + _SINGLE_CLOSE + "\"'")
_DASHES = "-‐‑‒–—―"
_OPENERS_AROUND = "([{/" + _DASHES + _DOUBLE_OPEN + _SINGLE_OPEN + "\"'"
_CLOSERS_AROUND = ".,;:!?)]}…" + _DASHES + _DOUBLE_CLOSE + _SINGLE_CLOSE + "\"'"
_TERMINAL = ".!?…"
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


@dataclass(frozen=True)
class _Marked:
    """One top-level quotation inside a paragraph."""

    open_at: int  # the opening mark
    close_at: int | None  # the closing mark; None when the paragraph ends inside the quote
    start: int  # first quoted character (quote marks and spaces excluded)
    end: int  # one past the last quoted character
    family: str  # double | single


@dataclass
class _Open:
    at: int
    family: str
    tentative: bool  # a straight ' at the start of a word may be an elision ('70s)
    virtual: bool = False  # carried over from the previous paragraph, no mark of its own


def _family(mark: str) -> str:
    return "double" if mark in _DOUBLE_OPEN + _DOUBLE_CLOSE + '"' else "single"


def _mark_role(mark: str, left: str, right: str) -> str:
    """open, close, toggle (a straight double), open? (tentative), close?
    (closing quote or apostrophe) or apos."""
    left_open = left.isspace() or left in _OPENERS_AROUND
    right_open = right.isspace() or right in _CLOSERS_AROUND
    if mark in _DOUBLE_OPEN:
        return "open"
    if mark in _DOUBLE_CLOSE:
        return "close"
    if mark == '"':
        return "toggle"
    if mark in _SINGLE_OPEN:
        return "apos" if left.isalnum() and right.isalnum() else "open"
    if left.isalnum() and right.isalnum():
        return "apos"  # don't, company's
    if mark == "'" and left_open and not right.isspace():
        return "open?"
    if not left.isspace() and right_open:
        return "close?"
    return "apos"


def _possessive_plural(text: str, at: int, end: int) -> bool:
    """``workers' union``: an s-final word, a space, a lower-case word, and a
    better closing candidate later in the paragraph."""
    if text[at - 1] != "s" or not re.match(r"\s+[a-z]", text[at + 1 : end]):
        return False
    for j in range(at + 1, end):
        if text[j] in "'’" and not text[j - 1].isspace():
            right = text[j + 1] if j + 1 < end else " "
            if right.isspace() or right in _CLOSERS_AROUND:
                return True
    return False


def scan_quotation_marks(text: str, start: int, end: int, continues: str | None = None) -> list[_Marked]:
    """Top-level quotations in ``text[start:end]`` (one paragraph); nested
    quotations stay inside the quotation that encloses them.

    ``continues`` is the family of a quotation the previous paragraph left
    open. A paragraph normally reopens it with a mark of its own; when it
    does not but closes it ("Second part," she added.), the words before
    the closing mark are the rest of that quotation.
    """
    stack: list[_Open] = []
    pairs: list[tuple[int, int | None, str]] = []
    first = next((c for c in text[start:end] if not c.isspace()), "")
    if continues and first not in _DOUBLE_OPEN + _SINGLE_OPEN + "\"'":
        stack.append(_Open(start - 1, continues, False, virtual=True))
    for i in range(start, end):
        mark = text[i]
        if mark not in _MARKS:
            continue
        left = text[i - 1] if i > start else " "
        right = text[i + 1] if i + 1 < end else " "
        role = _mark_role(mark, left, right)
        if role == "toggle":
            role = _resolve_toggle(stack, left, right)
        if role in ("open", "open?"):
            stack.append(_Open(i, _family(mark), role == "open?"))
        elif role == "close":
            _close(stack, "double", i, pairs)
        elif role == "close?":
            top = stack[-1] if stack else None
            if top and top.family == "single" and not _possessive_plural(text, i, end):
                _close(stack, "single", i, pairs)
    outer = next((o for o in stack if not (o.tentative or o.virtual)), None)
    if outer is not None:
        pairs.append((outer.at, None, outer.family))
    return _top_level(text, pairs, start, end)


def _resolve_toggle(stack: list[_Open], left: str, right: str) -> str:
    has_open = any(o.family == "double" for o in stack)
    looks_open = (left.isspace() or left in _OPENERS_AROUND) and not right.isspace()
    looks_close = not left.isspace() and (right.isspace() or right in _CLOSERS_AROUND)
    if has_open and (looks_close or not looks_open):
        return "close"
    return "open"


def _close(stack: list[_Open], family: str, at: int, pairs: list) -> None:
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth].family == family:
            opener = stack[depth]
            del stack[depth:]
            pairs.append((opener.at, at, family))
            return


def _top_level(text: str, pairs: list[tuple[int, int | None, str]], start: int, end: int) -> list[_Marked]:
    spans = []
    for open_at, close_at, family in pairs:
        stop = close_at if close_at is not None else end
        a, b = open_at + 1, stop
        open_at = max(open_at, start)  # a carried-over quotation opens with its paragraph
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append(_Marked(open_at, close_at, a, b, family))
    spans.sort(key=lambda m: m.open_at)
    outer: list[_Marked] = []
    for span in spans:
        enclosing_end = (end if outer[-1].close_at is None else outer[-1].close_at) if outer else -1
        if span.open_at > enclosing_end:
            outer.append(span)
    return outer


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


# --- document context ------------------------------------------------------------


@dataclass
class _Para:
    index: int
    span: Span
    section: Section
    quotes: list[_Marked]
    headline: bool = False
    breaks: list[int] = field(default_factory=list)  # sentence starts inside the paragraph


@dataclass(frozen=True)
class _Event:
    """A speech or finding verb with the speaker it attributes words to."""

    token_i: int
    char: int
    cue: str
    finding: bool  # a finding verb ("found", "judged") rather than a speech verb
    speaker: SpeakerRef | None
    para: int
    section: int
    in_headline: bool
    spokesperson: bool = False  # spoken by "a spokesman for X": X speaks, through a person
    anonymous: bool = False  # a subject the text gives but names no one by ("staff", "one officer")


@dataclass(frozen=True)
class _Attribution:
    speaker: SpeakerRef | None = None
    cue: str | None = None
    finding: bool = False
    anonymous: bool = False

    @classmethod
    def of(cls, event: _Event) -> _Attribution:
        return cls(event.speaker, event.cue, event.finding, event.anonymous)


@dataclass(frozen=True)
class _NameMention:
    tokens: tuple[str, ...]
    char: int
    gender: str | None
    role: str | None
    organisation: str | None


@dataclass(frozen=True)
class _Reading:
    """What a noun phrase naming a speaker turned out to be."""

    kind: str  # person | provider | body | org | role | none
    name_tokens: tuple[str, ...] = ()
    gender: str | None = None
    role: str | None = None
    organisation: str | None = None
    body: _Body | None = None
    provider_id: str | None = None
    org_name: str | None = None


_NONE = _Reading("none")
_PERSON_PRONOUNS = {"he": "male", "him": "male", "she": "female", "her": "female"}
_THING_PRONOUNS = {"it", "they", "them"}
_RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our"}
_NAME_PARTICLES = {"de", "van", "von", "der", "den", "da", "di", "du", "le", "la", "bin", "al", "el", "mc", "st"}
_ABBREVIATIONS = {"st", "no", "vs", "v", "etc", "eg", "e.g", "ie", "i.e", "inc", "ltd", "co", "gen", "col", "sgt"}
_FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
_CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"}


class _DocumentQuotes:
    """Quotation extraction for one document over its one parse."""

    def __init__(
        self, document: SourceDocument, parsed: Doc, mentions: list[ProviderMention], gazetteer: Gazetteer
    ) -> None:
        self.document = document
        self.text = document.text
        self.doc = parsed
        self.mentions = sorted(mentions, key=lambda m: m.char_start)
        self.gazetteer = gazetteer
        self.lex = _lexicon()
        self.token_starts = [t.idx for t in parsed]
        self.inside = bytearray(len(self.text) + 1)
        self.paras: list[_Para] = []
        self.para_starts: list[int] = []
        self.events: list[_Event] = []
        self.event_at: dict[int, _Event] = {}
        self.names: list[_NameMention] = []
        self.genders: dict[tuple[str, ...], str] = {}
        self.canonical_cache: dict[tuple[tuple[str, ...], int], tuple[str, ...]] = {}
        self.forms_cache: dict[frozenset[str], tuple[list[_NameMention], list[int]]] = {}
        self.quote_stops: dict[tuple[int, int], list[int]] = {}
        self.roles_by_name: dict[tuple[str, ...], list[tuple[str, str | None]]] | None = None

    # -- orchestration --

    def run(self) -> list[QuoteCandidate]:
        self._find_paragraphs()
        self._collect_names()
        self._collect_events()
        results: dict[tuple[int, int], QuoteCandidate] = {}
        headlines: list[tuple[_Para, _Marked]] = []
        carried: _Attribution | None = None  # a quotation left open at the end of the previous paragraph
        previous: _Para | None = None
        for para in self.paras:
            if previous is not None and previous.section.index != para.section.index:
                previous = carried = None
            if para.section.kind != "boilerplate":
                carried = self._paragraph_quotes(para, previous, carried, results, headlines)
            previous = para
        # Headlines last: they are attributed from the body's quotations.
        for para, quote in headlines:
            found = self._attribute_headline(para, quote, results)
            results[(quote.start, quote.end)] = self._candidate(para, quote.start, quote.end, found)
        return [results[k] for k in sorted(results)]

    def _paragraph_quotes(
        self,
        para: _Para,
        previous: _Para | None,
        carried: _Attribution | None,
        results: dict[tuple[int, int], QuoteCandidate],
        headlines: list[tuple[_Para, _Marked]],
    ) -> _Attribution | None:
        """Attribute the paragraph's quotations; returns the attribution of a
        quotation still open at its end, for the next paragraph."""
        if not para.quotes:
            block = self._block_quote(para, previous)
            if block is not None:
                results[(block.char_start, block.char_end)] = block
            return None
        left_open: _Attribution | None = None
        for n, quote in enumerate(para.quotes):
            if not self._is_quotation(para, quote):
                left_open = carried if quote.close_at is None and n == 0 else None
                continue
            if para.headline:
                headlines.append((para, quote))
                continue
            found = self._attribute(para, quote, n, carried, previous)
            results[(quote.start, quote.end)] = self._candidate(para, quote.start, quote.end, found)
            left_open = found if quote.close_at is None else None
        return left_open

    def _candidate(self, para: _Para, start: int, end: int, found: _Attribution) -> QuoteCandidate:
        quoted = self.text[start:end]
        assert end > start and quoted.strip() == quoted, "a quotation's evidence span is its trimmed words"
        return QuoteCandidate(
            document_id=self.document.document_id,
            section_index=para.section.index,
            text=quoted,
            char_start=start,
            char_end=end,
            is_comment=para.section.kind == "comment",
            cue=found.cue,
            speaker=found.speaker,
        )

    # -- paragraphs and quotation marks --

    def _find_paragraphs(self) -> None:
        spans = self.document.paragraphs or find_paragraphs(self.text)
        spans = sorted(
            (s for s in spans if 0 <= s.char_start < s.char_end <= len(self.text)), key=lambda s: s.char_start
        )
        default = Section(0, "article", 0, len(self.text))
        left_open: str | None = None
        for i, span in enumerate(spans):
            quotes = scan_quotation_marks(self.text, span.char_start, span.char_end, left_open)
            # An unclosed single quote is only a continuing quotation when the
            # next paragraph reopens it; otherwise it is a stray apostrophe.
            if quotes and quotes[-1].close_at is None and quotes[-1].family == "single":
                nxt = spans[i + 1] if i + 1 < len(spans) else None
                if nxt is None or self.text[nxt.char_start] not in "'‘":
                    quotes = quotes[:-1]
            left_open = quotes[-1].family if quotes and quotes[-1].close_at is None else None
            section = self.document.section_at(span.char_start) or default
            self.paras.append(_Para(i, span, section, quotes))
            for q in quotes:
                stop = q.close_at if q.close_at is not None else span.char_end - 1
                self.inside[q.open_at : stop + 1] = b"\x01" * (stop + 1 - q.open_at)
        self.para_starts = [p.span.char_start for p in self.paras]
        for para in self.paras:
            para.breaks = self._sentence_breaks(para)
            para.headline = self._is_headline(para)

    def _is_quotation(self, para: _Para, quote: _Marked) -> bool:
        quoted = self.text[quote.start : quote.end]
        if count_words(quoted) < MIN_QUOTE_WORDS:
            return False
        before = self.text[max(para.span.char_start, quote.open_at - 25) : quote.open_at].casefold()
        if _ends_with_word(re.sub(r"[\s,:]+$", "", before), self.lex.name_introducers):
            return False
        if self._is_document_title(quote, before):
            return False
        return not self._is_title_case_name(para, quote, quoted)

    def _is_document_title(self, quote: _Marked, before: str) -> bool:
        """``its report, "Probation in crisis", found``: a quoted span set off
        after a document noun is the document's title."""
        if quote.close_at is None or self.text[quote.end - 1] in _TERMINAL:
            return False
        after = self.text[quote.close_at + 1 : quote.close_at + 2]
        set_off = after in (",", ")", ";") or self.text[quote.end - 1] == ","
        return set_off and _ends_with_word(re.sub(r"[\s,(]+$", "", before), self.lex.title_nouns)

    def _is_title_case_name(self, para: _Para, quote: _Marked, quoted: str) -> bool:
        """'Transforming Rehabilitation Programme': every longer word capitalised
        and no sentence punctuation, in a paragraph that is not itself
        title-cased (a title-cased headline capitalises its quotes too)."""
        if re.search(r"[.!?,;:]$", quoted):
            return False
        if not _title_cased(quoted):
            return False
        outside = self.text[para.span.char_start : quote.open_at] + " " + self.text[quote.end : para.span.char_end]
        return not _title_cased(outside)

    def _sentence_breaks(self, para: _Para) -> list[int]:
        text, start, end = self.text, para.span.char_start, para.span.char_end
        breaks = []
        for m in re.finditer(r"[.!?…]+", text[start:end]):
            pos, j = start + m.start(), start + m.end()
            while j < end and text[j] in "”’\"')]":
                j += 1
            quote = self._quote_at(para, pos)
            if quote is not None and (quote.close_at is None or j <= quote.close_at):
                continue
            k = j
            while k < end and text[k].isspace():
                k += 1
            if k == j or k >= end:
                continue
            if not (text[k].isupper() or text[k].isdigit() or text[k] in _DOUBLE_OPEN + _SINGLE_OPEN + "\"'"):
                continue
            # A bounded look-back: abbreviations are short, paragraphs need not be.
            if text[pos] == "." and self._abbreviation_before(text[max(start, pos - 40) : pos]):
                continue
            breaks.append(j)
        return breaks

    def _abbreviation_before(self, text: str) -> bool:
        """"Mr." or "J." does not end a sentence."""
        word = re.search(r"([\w.]+)$", text)
        if word is None:
            return False
        key = _key(word.group(1))
        return key in self.lex.honorifics or key in _ABBREVIATIONS or bool(re.fullmatch(r"[A-Z]", word.group(1)))

    def _quote_at(self, para: _Para, pos: int) -> _Marked | None:
        """The first quotation (in text order) open at ``pos``."""
        # The running maximum of where quotations stop is sorted, so the first
        # quotation stopping at or after ``pos`` is found by bisection; it holds
        # ``pos`` if it opened before it. Linear per call would be quadratic on
        # a paragraph with thousands of quotation marks.
        key = (para.index, len(para.quotes))
        if key not in self.quote_stops:
            stops, reach = [], -1
            for q in para.quotes:
                reach = max(reach, q.close_at if q.close_at is not None else para.span.char_end)
                stops.append(reach)
            self.quote_stops[key] = stops
        first = bisect.bisect_left(self.quote_stops[key], pos)
        if first < len(para.quotes) and para.quotes[first].open_at <= pos:
            return para.quotes[first]
        return None

    def _sentence(self, para: _Para, pos: int) -> tuple[int, int]:
        after = bisect.bisect_right(para.breaks, pos)
        start = para.breaks[after - 1] if after else para.span.char_start
        end = para.breaks[after] if after < len(para.breaks) else para.span.char_end
        return start, end

    def _is_headline(self, para: _Para) -> bool:
        raw = para.span.of(self.text).strip()
        if para.section.kind == "comment":
            return False
        titles = {(self.document.title or "").strip()} | {(s.title or "").strip() for s in self.document.sections}
        if (para.index == 0 and not _is_prose(raw)) or (raw in titles - {""} and not self._prose_before(para)):
            return True
        if count_words(raw) > 25 or not para.quotes:
            return False
        tokens = self._tokens(para.span.char_start, para.span.char_end)
        if any(t.tag_ in _FINITE_TAGS and not self.inside[t.idx] for t in tokens):
            return False  # a sentence of its own, not a headline
        unquoted_end = re.sub(r"[\s”’\"']+$", "", raw)
        first = para.quotes[0]
        label = self.text[para.span.char_start : first.open_at].strip()
        return not unquoted_end.endswith(tuple(_TERMINAL)) or (label.endswith(":") and _title_cased(label))

    def _prose_before(self, para: _Para) -> bool:
        """Whether running text precedes ``para`` in its section: a headline
        never comes after the story has started."""
        for other in self.paras[: para.index]:
            if other.section.index == para.section.index and _is_prose(other.span.of(self.text)):
                return True
        return False

    # -- tokens --

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

    # -- names in the document --

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
        seen: set[int] = set()
        for i in sorted(heads):
            head = self._extend_right(self.doc[i])
            if head.i in seen:
                continue
            seen.add(head.i)
            mention = self._name_mention(head)
            if mention is not None:
                self.names.append(mention)
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
        )

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
            holding = [m for m in self.names if wanted <= {_key(t) for t in m.tokens}]
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

    # -- speech events --

    def _collect_events(self) -> None:
        for para in self.paras:
            if para.section.kind == "boilerplate":
                continue
            for token in self._tokens(para.span.char_start, para.span.char_end):
                if self.inside[token.idx]:
                    continue
                if self._is_cue(token):
                    subject = self._subject_of(token, para)
                    self._add_event(token, token.lower_, subject, self._speaker_of_subject(subject, para), para)
                    continue
                prepositional = self._prepositional_cue(token)
                if prepositional:
                    cue, obj = prepositional
                    self._add_event(token, cue, obj, self._speaker_from_head(obj, para), para)

    def _add_event(
        self, token: Token, cue: str, subject: Token | None, speaker: SpeakerRef | None, para: _Para
    ) -> None:
        event = _Event(
            token_i=token.i,
            char=token.idx,
            cue=cue,
            finding=_key(token.lemma_) in self.lex.finding_lemmas,
            speaker=speaker,
            para=para.index,
            section=para.section.index,
            in_headline=para.headline,
            # "A Napo spokesperson said ... He added": the pronoun is the
            # spokesperson, so it stands for the organisation.
            spokesperson=subject is not None and _key(subject.text) in self.lex.spokesperson_words,
            anonymous=subject is not None and speaker is None,
        )
        self.events.append(event)
        self.event_at[token.i] = event

    def _speaker_of_subject(self, subject: Token | None, para: _Para) -> SpeakerRef | None:
        if subject is None or self.inside[subject.idx]:
            return None
        speaker = self._speaker_from_head(subject, para)
        if speaker is None and subject.dep_ == "appos":
            speaker = self._speaker_from_head(subject.head, para)
        return speaker

    def _sentence_tokens(self, para: _Para, token: Token) -> tuple[int, int]:
        """Token index bounds of the sentence holding ``token``. The parse of
        a whole page sometimes runs sentences across paragraphs, so every use
        of the dependency tree is clipped to these bounds."""
        start, end = self._sentence(para, token.idx)
        return bisect.bisect_left(self.token_starts, start), bisect.bisect_left(self.token_starts, end)

    def _subject_of(self, verb: Token, para: _Para) -> Token | None:
        lo, hi = self._sentence_tokens(para, verb)
        within = lambda t: t is not None and lo <= t.i < hi and not self.inside[t.idx]  # noqa: E731
        own = _direct_subject(verb, lo, hi)
        if within(own):
            return own
        if verb.dep_ in ("conj", "advcl", "xcomp", "pcomp", "ccomp", "dep"):
            # "..., adding:" / "but warned ...": the speaker is the subject of
            # the nearest speech verb above, not of whatever clause the parser
            # hung the participle on.
            for ancestor in verb.ancestors:
                if not lo <= ancestor.i < hi:
                    break
                if _key(ancestor.lemma_) in self.lex.cue_lemmas:
                    subject = self._subject_of(ancestor, para)
                    if subject is not None:
                        return subject
            # "went on to say", "but warned", "..., continuing:": the clause
            # above shares its subject.
            if (verb.dep_ in ("conj", "xcomp") or verb.tag_ == "VBG") and within(_direct_subject(verb.head, lo, hi)):
                return _direct_subject(verb.head, lo, hi)
        if verb.tag_ == "VBG":
            # "... issued a critique arguing that ...": the participle's
            # doer is the subject of the clause it hangs from.
            clause = next((a for a in verb.ancestors if a.pos_ in ("VERB", "AUX")), None)
            if clause is not None and lo <= clause.i < hi and within(_direct_subject(clause, lo, hi)):
                return _direct_subject(clause, lo, hi)
            return None
        if verb.dep_ in ("acl", "relcl", "amod"):
            return None
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            return None  # "were found to be ...": the finder is not named
        return self._subject_by_position(verb, lo, hi)

    def _subject_by_position(self, verb: Token, lo: int, hi: int) -> Token | None:
        """When the parse gives no subject in the sentence: the noun right
        before the verb ("Richard Burgon claimed"), or right after it in the
        inverted order ("..., said Dame Glenys")."""
        if verb.dep_ in ("xcomp", "conj") and lo <= verb.head.i < verb.i:
            return self._subject_by_position(verb.head, lo, hi)  # "Ian Lawrence went on to say"
        i = verb.i - 1
        while i >= lo and _between_subject_and_verb(self.doc[i]):
            i -= 1
        if i >= lo and self.doc[i].text == "," and i - 1 >= lo:
            # "X, the appositive, said": X when the parse hung the appositive on it
            opening = next((k for k in range(i - 1, lo - 1, -1) if self.doc[k].text == ","), None)
            if opening is not None and opening - 1 >= lo and self.doc[opening - 1].pos_ in ("PROPN", "NOUN"):
                subject = self.doc[opening - 1]
                # "The chief executive of the Howard League, X, said": up
                # from the object of "of" to the noun it belongs to.
                while subject.dep_ in ("pobj", "prep", "compound") and lo <= subject.head.i < subject.i:
                    subject = subject.head
                return subject if subject.pos_ in ("PROPN", "NOUN") else self.doc[opening - 1]
            i -= 1
        if i >= lo and self.doc[i].pos_ in ("PROPN", "NOUN", "PRON") and not self.inside[self.doc[i].idx]:
            return self.doc[i]
        before = self.doc[verb.i - 1] if verb.i - 1 >= lo else None
        if before is not None and not (before.is_punct or self.inside[before.idx]):
            return None
        j = verb.i + 1
        if j < hi and self.doc[j].pos_ in ("PROPN", "NOUN", "PRON", "DET") and not self.inside[self.doc[j].idx]:
            while j + 1 < hi and self.doc[j + 1].pos_ in ("PROPN", "NOUN") and not self.doc[j + 1].is_punct:
                j += 1
            return self.doc[j]
        return None

    # -- resolving a phrase to a speaker --

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
        main, appositives = self._readings(head)
        return self._speaker_from_readings(main, appositives, head.idx)

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
        return None

    def _person_ref(
        self, tokens: tuple[str, ...], at: int, role: str | None, organisation: str | None, gender: str | None
    ) -> SpeakerRef:
        canonical = self._canonical(tokens, at)
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
            return SpeakerRef(body.name, body.speaker_type, None, None, self.gazetteer.resolve(body.name))
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
                return _Reading("body", body=self.lex.body_by_alias.get(_key(m.group())), org_name=m.group())
        keys = tuple(k for t in tokens if t.i <= head.i for k in _word_keys(t.text))
        for n in range(len(keys), 0, -1):
            body = self.lex.body_by_generic.get(keys[-n:])
            if body is not None:
                return _Reading("body", body=body)
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

    def _in_body_name(self, head: Token, tokens: list[Token]) -> bool:
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        phrase = self.text[start:end]
        return any(start + m.start() <= head.idx < start + m.end() for m in self.lex.body_aliases.finditer(phrase))

    def _is_person(self, head: Token, name: tuple[str, ...], has_honorific: bool, role: str | None) -> bool:
        if has_honorific or role is not None or head.ent_type_ == "PERSON":
            return True
        if any(_key(t) in self.lex.organisation_words for t in name):
            return False
        if any({_key(t) for t in name} <= {_key(x) for x in m.tokens} for m in self.names):
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

    # -- attributing one quotation --

    def _attribute(
        self, para: _Para, quote: _Marked, n: int, carried: _Attribution | None, previous: _Para | None
    ) -> _Attribution:
        """The quotation's own cue first; then, for a quotation that opens its
        paragraph, the quotation it continues or the ``X said:`` before it;
        then the last speaker named just before."""
        direct = self._direct(para, quote)
        if direct.speaker is not None or direct.anonymous:
            return direct  # "one officer said": the text names its speaker, if only vaguely
        opens_paragraph = n == 0 and quote.open_at == para.span.char_start
        if opens_paragraph and carried is not None and (carried.speaker is not None or carried.anonymous):
            return carried
        if opens_paragraph and previous is not None:
            intro = self._colon_intro(previous)
            if intro is not None and (intro.speaker is not None or intro.anonymous):
                return _Attribution.of(intro)
        if para.section.kind == "comment":
            return direct  # a reader's quotation is attributed only by its own sentence
        event = self._last_event(para, quote.open_at)
        if event is not None:
            return _Attribution(event.speaker, direct.cue or event.cue, event.finding)
        if direct.finding:
            # "were found to be ...", "was judged ...": in a piece about an
            # inspection, an unnamed finder is the inspectorate.
            return _Attribution(self._report_of(para), direct.cue, True)
        return direct

    def _direct(self, para: _Para, quote: _Marked) -> _Attribution:
        """The cue in the quotation's own sentence: ``X said: "..."``,
        ``"...," X said``, ``"..." - X``, ``X: "..."``."""
        after = self._after_tokens(para, quote)
        dashed = self._dash_attribution(after)
        if dashed is not None:
            return _Attribution(dashed)
        ends_sentence = quote.close_at is not None and self.text[quote.end - 1] in _TERMINAL
        reach = 3 if ends_sentence else 8
        after_cue = next((t for t in after[:reach] if t.i in self.event_at), None)
        before_tokens = self._before_tokens(para, quote)
        before = [t for t in before_tokens if t.i in self.event_at]
        before_cue = before[-1] if before else None
        trailing_comma = quote.close_at is not None and (
            self.text[quote.end - 1] == "," or self.text[quote.close_at + 1 : quote.close_at + 2] == ","
        )
        if after_cue is not None and (trailing_comma or before_cue is None):
            chosen = after_cue
        else:
            chosen = before_cue or after_cue
        if chosen is not None:
            return _Attribution.of(self.event_at[chosen.i])
        return _Attribution(self._label_speaker(para, before_tokens) or self._reporting_subject(para, before_tokens))

    def _label_speaker(self, para: _Para, before: list[Token]) -> SpeakerRef | None:
        """``Chief Inspector of Probation Justin Russell: "..."``: a speaker
        named before a colon, with no verb at all. Only a full name or a
        known body counts; a bare label ("CRC and Through The Gate:") does not."""
        words = [t for t in before if not t.is_space]
        if len(words) < 2 or words[-1].text != ":" or any(t.pos_ in ("VERB", "AUX") for t in words):
            return None
        return self._plausible_label(self._speaker_from_head(words[-2], para))

    def _plausible_label(self, speaker: SpeakerRef | None) -> SpeakerRef | None:
        """A speaker named by position alone (no verb) must be a full name or
        a known provider or body, not any capitalised label."""
        if speaker is None or (speaker.speaker_type == "person" and len(speaker.name.split()) < 2):
            return None
        if speaker.speaker_type != "person" and speaker.provider_id is None and not self._is_known_body(speaker.name):
            return None
        return speaker

    def _reporting_subject(self, para: _Para, before: list[Token]) -> SpeakerRef | None:
        """``inspectors had "serious concerns"``: with no speech verb, the
        sentence's subject is the source when it is an inspectorate's report."""
        for token in before:
            if token.dep_ == "nsubj" and token.head.pos_ in ("VERB", "AUX") and token.head in before:
                speaker = self._speaker_from_head(token, para)
                return speaker if speaker is not None and speaker.speaker_type == "report" else None
        return None

    def _is_known_body(self, name: str) -> bool:
        return any(b.name == name for b in self.lex.bodies)

    def _after_tokens(self, para: _Para, quote: _Marked) -> list[Token]:
        if quote.close_at is None:
            return []
        _, end = self._sentence(para, quote.close_at)
        tokens = []
        for token in self._tokens(quote.close_at + 1, end):
            if self.inside[token.idx]:
                break
            tokens.append(token)
        return tokens

    def _before_tokens(self, para: _Para, quote: _Marked) -> list[Token]:
        start, _ = self._sentence(para, quote.open_at)
        return [t for t in self._tokens(start, quote.open_at) if not self.inside[t.idx]]

    def _dash_attribution(self, after: list[Token]) -> SpeakerRef | None:
        """``"..." - Justin Russell`` or a caption's ``"...": Chris Grayling in 2013``."""
        words = [t for t in after if not t.is_space]
        if len(words) < 2 or words[0].text not in (*_DASHES, ":") or not words[1].text[:1].isupper():
            return None
        name = [words[1]]
        for token in words[2:]:
            if not (token.text[:1].isupper() or token.lower_ in _NAME_PARTICLES) or token.is_punct:
                break
            name.append(token)
        para = self._para_of_char(name[-1].idx)
        return self._plausible_label(self._speaker_from_head(name[-1], para)) if para else None

    def _colon_intro(self, previous: _Para) -> _Event | None:
        """The speech event of a paragraph that ends ``... said:``."""
        raw = previous.span.of(self.text).rstrip()
        if not re.search(r":\s*-?$", raw):
            return None
        start, _ = self._sentence(previous, previous.span.char_end - 1)
        events = [e for e in self.events if start <= e.char < previous.span.char_end and e.para == previous.index]
        return events[-1] if events else None

    def _last_event(self, para: _Para, before: int) -> _Event | None:
        for event in reversed(self.events):
            if event.char >= before or event.speaker is None or event.in_headline:
                continue
            if event.section != para.section.index or para.index - event.para > MAX_FALLBACK_PARAGRAPHS:
                return None
            return event
        return None

    def _block_quote(self, para: _Para, previous: _Para | None) -> QuoteCandidate | None:
        """A paragraph without quote marks introduced by ``X said:``."""
        if previous is None or para.section.kind == "comment" or para.headline:
            return None
        raw = para.span.of(self.text)
        if not _is_prose(raw) or re.match(r"\s*(?:[-–—•*]|\d+[.)])\s", raw):
            return None
        intro = self._colon_intro(previous)
        if intro is None:
            return None
        return self._candidate(para, para.span.char_start, para.span.char_end, _Attribution.of(intro))

    # -- headlines --

    def _attribute_headline(
        self, para: _Para, quote: _Marked, results: dict[tuple[int, int], QuoteCandidate]
    ) -> _Attribution:
        """A headline quotes the body: the body's attribution of the same
        words is the precise one. Failing that, the headline's own cue; failing
        that, the inspectorate's report when the piece reports on one."""
        echoed = self._echoed_in_body(quote, results)
        if echoed is not None:
            return _Attribution(echoed.speaker)
        direct = self._direct(para, quote)
        if direct.speaker is not None:
            return direct
        return _Attribution(self._report_of(para), direct.cue, direct.finding)

    def _echoed_in_body(self, quote: _Marked, results: dict[tuple[int, int], QuoteCandidate]) -> QuoteCandidate | None:
        wanted = self._content_lemmas(quote.start, quote.end)
        if len(wanted) < 2:
            return None
        for key in sorted(results):
            candidate = results[key]
            if candidate.speaker is None or candidate.char_start <= quote.end:
                continue
            sequence = [
                _key(t.lemma_) for t in self._tokens(candidate.char_start, candidate.char_end) if t.is_alpha
            ]
            if _window_covers(sequence, wanted, 2 * len(wanted) + 2):
                return candidate
        return None

    def _content_lemmas(self, start: int, end: int) -> set[str]:
        return {
            _key(t.lemma_)
            for t in self._tokens(start, end)
            if t.is_alpha and t.pos_ in _CONTENT_POS and _key(t.lemma_) not in ("be", "have", "do")
        }

    def _report_of(self, para: _Para) -> SpeakerRef | None:
        """The inspectorate whose report the section (else the document)
        talks about: named outright, else referred to as "the report"."""
        scopes = [self.text[para.section.char_start : para.section.char_end], self.text]
        reports = [b for b in self.lex.bodies if b.speaker_type == "report"]
        for scope in scopes:
            for names in ([(b.name, *b.aliases) for b in reports], [b.generic_aliases for b in reports]):
                for body, aliases in zip(reports, names):
                    if any(re.search(r"(?<!\w)" + re.escape(a) + r"(?!\w)", scope, re.IGNORECASE) for a in aliases):
                        return SpeakerRef(body.name, body.speaker_type, None, None, None)
        return None


# --- helpers ------------------------------------------------------------------


def _direct_subject(verb: Token, lo: int = 0, hi: int | None = None) -> Token | None:
    hi = len(verb.doc) if hi is None else hi
    for child in verb.children:
        if child.dep_ == "nsubj" and lo <= child.i < hi:
            return child
    for child in verb.children:
        if child.dep_ == "agent" and lo <= child.i < hi:
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _first_organisation(readings: list[_Reading]) -> str | None:
    return next((_organisation_name(r) for r in readings if r.kind in ("provider", "body", "org")), None)


def _organisation_name(reading: _Reading) -> str | None:
    if reading.kind == "body" and reading.body is not None:
        return reading.body.name
    return reading.org_name


def _between_subject_and_verb(token: Token) -> bool:
    """"has", "also", "today" in "X has also today said"."""
    return token.pos_ in ("ADV", "AUX", "PART") or token.tag_ == "RP" or token.ent_type_ in ("DATE", "TIME")


def _title_part(token: Token) -> bool:
    return token.ent_type_ not in ("DATE", "TIME") and (
        token.pos_ in ("PROPN", "NOUN", "ADJ") or token.tag_ == "POS" or token.lower_ in ("of", "for", "and", "&")
    )


def _is_phrase_break(token: Token) -> bool:
    return token.text in {",", ";", ":", "(", ")", "[", "]", "–", "—", "-", '"', "“", "”", "‘", "?", "!"} or (
        token.text == "." and token.i > 0 and token.nbor(-1).whitespace_
    )


def _is_prose(paragraph: str) -> bool:
    return count_words(paragraph) >= 8 and bool(re.search(r"[.!?…][”’\"')]*\s*$", paragraph))


def _ends_with_word(text: str, words: tuple[str, ...]) -> bool:
    return any(re.search(r"(?<!\w)" + re.escape(w) + r"$", text) for w in words)


def _title_cased(text: str) -> bool:
    words = [w for w in _WORD.findall(text) if len(w) > 3 and not w.isdigit()]
    return len(words) >= 2 and all(w[0].isupper() for w in words)


def _closer(candidate: int, best: int, at: int) -> bool:
    """Prefer the nearest earlier mention; a later one only when no earlier exists."""
    if (candidate <= at) != (best <= at):
        return candidate <= at
    return abs(candidate - at) < abs(best - at)


def _window_covers(sequence: list[str], wanted: set[str], width: int) -> bool:
    """Whether some window of ``width`` consecutive items holds every wanted item."""
    for i in range(len(sequence)):
        if sequence[i] not in wanted:
            continue
        if wanted <= set(sequence[i : i + width]):
            return True
    return False


# --- entry point ----------------------------------------------------------------


def extract_quotes(
    document: SourceDocument, parsed: Doc, mentions: list[ProviderMention], gazetteer: Gazetteer
) -> list[QuoteCandidate]:
    """Direct quotations in ``document``, each with its verified evidence span.

    ``parsed`` is the caller's one parse of ``document.text``; it is never
    re-parsed here.
    """
    if not document.text.strip():
        return []
    if not parse_is_of(parsed, document.text):
        log.warning("%s: the parse is not of the document's text; quotations left unattributed", document.document_id)
        return _unattributed(document)
    try:
        candidates = _DocumentQuotes(document, parsed, mentions, gazetteer).run()
    except Exception:  # one odd document must not stop the corpus build
        log.exception("%s: quotation attribution failed; quotations left unattributed", document.document_id)
        candidates = _unattributed(document)
    # Every row is evidence: its text is exactly the document's text at its span.
    return [c for c in candidates if document.text[c.char_start : c.char_end] == c.text]


def _unattributed(document: SourceDocument) -> list[QuoteCandidate]:
    """Quotations without speakers: what can still be returned when
    attribution fails on an odd document."""
    out = []
    for span in document.paragraphs or find_paragraphs(document.text):
        section = document.section_at(span.char_start)
        if section is not None and section.kind == "boilerplate":
            continue
        for quote in scan_quotation_marks(document.text, span.char_start, span.char_end):
            quoted = document.text[quote.start : quote.end]
            if count_words(quoted) >= MIN_QUOTE_WORDS:
                out.append(
                    QuoteCandidate(
                        document.document_id,
                        section.index if section else 0,
                        quoted,
                        quote.start,
                        quote.end,
                        bool(section and section.kind == "comment"),
                        None,
                        None,
                    )
                )
    return out
