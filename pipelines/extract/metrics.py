"""Numeric facts ("metrics") of one document.

``numbers.scan_quantities`` finds and normalises every figure in the text;
this module decides which of them are facts about probation, and gives each
its measure, subject, provider and period from the sentence around it.

The caller parses the text once (``load_nlp()(document.text)``) and passes
the Doc; nothing here runs the pipeline again. The parse supplies sentence
boundaries and, for context, the counted noun and grammatical links; the
figures themselves come from the plain text, so a figure is found even
where the parse is poor.

Where the line between a metric and a mere number is drawn (the gold
annotations' rules, generalised):
- a figure with a unit (%, £, "out of", "half of") is a metric;
- a figure in digits is a metric unless it is a date or year, a clock time,
  a duration or an age ("seven-year contracts", "12 months or less", "aged
  18"), a label or position ("Report 2", "page 3"), a list marker ("1.
  Ensure"), a count of page furniture ("3 comments"), or stands alone with
  no statement around it ("Shares 1,234");
- a figure in words is a metric when it is ten or more, or when it counts a
  countable thing of probation ("six recommendations") and is not a
  reference back ("the two organisations"); "one" alone never is;
- figures in reader comments and page furniture sections are not facts.

Ratios carry their terms: "eight out of 10" -> 0.8 with 8 and 10, "over
half" -> 0.5 with 1 and 2. A change ("reduced from 40 to 27") or a range
gives two rows over one span, with ":before"/":after" (":low"/":high")
ending the metric_id and "_before"/"_after" ending the measure.

``provider_id`` is the provider named in the figure's own clause, nearest
in the parse (a provider only listed beside a count of providers, "the NPS
and 21 CRCs", is not it); failing that, the provider "the company" or a
subject "It" refers back to; else null.

``period`` is always ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD) or null: the
date in the figure's own clause, resolved against the document's published
date when the text omits the year ("At the end of September, a total of
258,157 offenders..." in a document dated 2016-12-15 -> "2016-09"; "last
year" -> the year before). A date whose year cannot be known gives null
rather than a free-text phrase, so the column stays machine-readable; the
phrase itself remains in ``sentence``.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from dataclasses import dataclass, field

from pipelines.extract.context import DocumentContext
from pipelines.extract.dates import MONTHS, DateMention, relative_year
from pipelines.extract.document import SourceDocument
from pipelines.extract.numbers import Quantity, is_time_unit, scan_quantities, vocabulary
from pipelines.extract.providers import ProviderMention
from pipelines.extract.refdata import load_refdata


# Sections whose figures are not statements of fact by the document.
_SKIPPED_SECTIONS = {"comment", "boilerplate"}
_NOUN_POS = {"NOUN", "PROPN"}
# Tokens that may stand between a figure and the noun it counts
# ("21 privately-owned Community Rehabilitation Companies").
_MODIFIER_POS = {"ADJ", "ADV", "PUNCT", "CCONJ", "NOUN", "PROPN", "NUM", "PART"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_CONTENT_POS = {"NOUN", "PROPN", "ADJ", "VERB"}
# A number's nummod head is a noun even when the tagger mistakes it for a
# verb ("32 London boroughs" tagged VBZ); only these parts of speech are not.
_NOT_NOMINAL = {"ADP", "PUNCT", "NUM", "DET", "CCONJ", "SCONJ", "PART", "SYM", "SPACE"}
_SMALL_WORD_LIMIT = 10
_CUE_HALF_WEIGHT_GAP = 25

# Text patterns of the "is it a metric?" checks.
_HYPHENATED_NOUN = re.compile(r"-([^\W\d_]+)")  # "2,000-word", "12-month"
_NEXT_WORD = re.compile(r"[\s-]*([^\W\d_]+(?:['’]s)?(?:-[^\W\d_]+)?)")
_MONTH_BEFORE = re.compile(r"\b(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?\s+$", re.I)
_CLOCK_TIME = re.compile(
    r"\b(?:at|by|from|until|till|before|after|around|about)\s+(?:[01]?\d|2[0-3])[.:][0-5]\d$", re.I
)
# Words before a four-digit number that make it a year ("in 2014", "the 2016 recommendations").
_BEFORE_A_YEAR = re.compile(
    r"(?:\b(?:in|since|by|until|from|of|the|to|and|before|after|during|mid|early|late|between)|['’]s|[-–])\s*$"
)
_SPACES = re.compile(r"\s*")


# --- reference data ---------------------------------------------------------


@dataclass(frozen=True)
class _Measure:
    measure: str
    units: frozenset[str]
    nouns: tuple[str, ...]
    cues: tuple[re.Pattern, ...]


@dataclass(frozen=True)
class _Vocab:
    measures: tuple[_Measure, ...]
    fallback: dict[str, str]
    countable: frozenset[str]
    non_metric: frozenset[str]
    labels: frozenset[str]
    definite: frozenset[str]
    anaphora: dict[str, frozenset[str]]
    pronouns: frozenset[str]
    provider_classes: frozenset[str]


@functools.lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    data = load_refdata("measures")
    measures = tuple(
        _Measure(
            measure=row["measure"],
            units=frozenset(row.get("units") or ("count", "percent", "gbp", "ratio")),
            nouns=tuple(str(n).lower() for n in row.get("nouns") or ()),
            cues=tuple(re.compile(c) for c in row.get("cues") or ()),
        )
        for row in data["measures"]
    )
    return _Vocab(
        measures=measures,
        fallback=dict(data["fallback"]),
        countable=frozenset(str(n).lower() for n in data["countable_nouns"]),
        non_metric=frozenset(str(n).lower() for n in data["non_metric_nouns"]),
        labels=frozenset(str(n).lower() for n in data["label_words"]),
        definite=frozenset(str(n).lower() for n in data["definite_determiners"]),
        anaphora={str(k).lower(): frozenset(v) for k, v in data["provider_anaphora"].items()},
        pronouns=frozenset(str(p).lower() for p in data["provider_pronouns"]),
        provider_classes=frozenset(str(n).lower() for n in data["provider_class_nouns"]),
    )


# --- the document as context ---------------------------------------------------


@dataclass
class _MetricState:
    document: SourceDocument
    text: str
    tokens: list  # spaCy tokens, or [] when the parse does not match the text
    token_starts: list[int]
    sentences: list[tuple[int, int]]
    sentence_starts: list[int]
    dates: list[DateMention]
    mentions: list[ProviderMention]
    mention_starts: list[int]
    provider_types: dict[str, str]  # provider_id -> provider_type, from the reference data
    figures: list[Quantity] = field(default_factory=list)  # every figure, metric or not, by core_start
    figure_starts: list[int] = field(default_factory=list)
    # (figure, sentence) -> its counted noun: _elided_noun asks again for every
    # later figure of the sentence, which is quadratic in figures without it.
    counted_nouns: dict = field(default_factory=dict)

    def set_figures(self, figures: list[Quantity]) -> None:
        self.figures = sorted(figures, key=lambda q: (q.core_start, q.core_end))
        self.figure_starts = [q.core_start for q in self.figures]

    @classmethod
    def build(cls, context: DocumentContext) -> "_MetricState":
        document, text, parsed = context.document, context.text, context.parsed
        # Context from the parse needs the dependency tree of this very text;
        # without it figures still come from the text, with less context.
        usable = parsed is not None and parsed.has_annotation("DEP")
        tokens = list(parsed) if usable else []
        sentences = _sentences(context, usable)
        in_text = (m for m in context.provider_mentions if 0 <= m.char_start < m.char_end <= len(text))
        valid = sorted(in_text, key=lambda m: (m.char_start, m.char_end))
        return cls(
            document=document,
            text=text,
            tokens=tokens,
            token_starts=[t.idx for t in tokens],
            sentences=sentences,
            sentence_starts=[s for s, _ in sentences],
            dates=context.dates,
            mentions=valid,
            mention_starts=[m.char_start for m in valid],
            provider_types={pid: record.provider_type for pid, record in context.gazetteer.records.items()},
        )

    def token_at(self, offset: int):
        if not self.tokens:
            return None
        i = bisect.bisect_right(self.token_starts, offset) - 1
        if i < 0:
            return None
        tok = self.tokens[i]
        return tok if tok.idx <= offset < tok.idx + max(1, len(tok.text)) else None

    def figures_in(self, sentence: tuple[int, int]) -> list[Quantity]:
        lo = bisect.bisect_left(self.figure_starts, sentence[0])
        hi = bisect.bisect_left(self.figure_starts, sentence[1])
        return self.figures[lo:hi]

    def mentions_in(self, sentence: tuple[int, int]) -> list[ProviderMention]:
        lo = bisect.bisect_left(self.mention_starts, sentence[0])
        hi = bisect.bisect_left(self.mention_starts, sentence[1])
        return [m for m in self.mentions[lo:hi] if m.char_end <= sentence[1]]

    def sentence_of(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.sentence_starts, offset) - 1
        if 0 <= i < len(self.sentences) and self.sentences[i][0] <= offset < self.sentences[i][1]:
            return self.sentences[i]
        return _line_of(self.text, offset)


def _sentences(context: DocumentContext, usable: bool) -> list[tuple[int, int]]:
    """The document's sentences without surrounding space; paragraphs stand
    in for them when there is no dependency parse."""
    paragraphs = [(p.char_start, p.char_end) for p in context.paragraphs] or [(0, len(context.text))]
    spans = {_strip(context.text, lo, hi) for lo, hi in (context.sentences if usable else paragraphs)}
    return sorted(s for s in spans if s[0] < s[1])


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _line_of(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return _strip(text, start, len(text) if end < 0 else end)


# --- entry point ------------------------------------------------------------------


def extract_metrics(context: DocumentContext) -> list[dict]:
    """Every numeric fact in the document, one dict per metrics row."""
    state = _MetricState.build(context)
    state.set_figures(scan_quantities(context.text))
    rows: dict[str, dict] = {}
    for quantity in state.figures:
        row = _row(state, quantity)
        if row is not None and row["metric_id"] not in rows:
            rows[row["metric_id"]] = row
    return sorted(rows.values(), key=lambda r: (r["char_start"], r["char_end"], r["metric_id"]))


def _row(ctx: _MetricState, q: Quantity) -> dict | None:
    section = ctx.document.section_at(q.char_start)
    if section is not None and section.kind in _SKIPPED_SECTIONS:
        return None
    found = ctx.sentence_of(q.core_start)
    sentence = (min(found[0], q.char_start), max(found[1], q.char_end))
    noun = _counted_noun(ctx, q, sentence)
    if _non_metric_reason(ctx, q, noun, sentence):
        return None
    char_start, char_end = q.char_start, q.char_end
    rate = q.rate
    if noun is not None and noun.idx + len(noun.text) > char_end and noun.idx - char_end <= 60:
        char_end = noun.idx + len(noun.text)
        rate_match = re.match(r"\s+(?:a|per|each)\s+(year|month|week|day)\b", ctx.text[char_end:])
        if rate_match and rate is None:
            rate, char_end = rate_match.group(1), char_end + rate_match.end()
    about = noun or _elided_noun(ctx, q, sentence) or _noun_of_number_phrase(ctx, q, sentence)
    provider_id, provider_text = _provider(ctx, q, sentence, about)
    suffix = f":{q.role}" if q.role else ""
    row = {
        "metric_id": f"{ctx.document.document_id}:{char_start}-{char_end}{suffix}",
        "document_id": ctx.document.document_id,
        "provider_id": provider_id,
        "inspection_id": None,
        "subject": provider_text or _noun_phrase_text(ctx, about, q),
        "measure": _measure(ctx, q, about, sentence, rate),
        "value": float(q.value),
        "unit": q.unit,
        "numerator": _finite_or_none(q.numerator),
        "denominator": _finite_or_none(q.denominator),
        "qualifier": q.qualifier,
        "period": _period(ctx, q, sentence),
        "text": ctx.text[char_start:char_end],
        "char_start": char_start,
        "char_end": char_end,
        "sentence": ctx.text[sentence[0] : sentence[1]],
    }
    return row if math.isfinite(row["value"]) else None


def _finite_or_none(value: float | None) -> float | None:
    return float(value) if value is not None and math.isfinite(value) else None


# --- is it a metric? --------------------------------------------------------------


def _non_metric_reason(ctx: _MetricState, q: Quantity, noun, sentence: tuple[int, int]) -> str | None:
    """Why a figure is not a fact about probation, or None when it is."""
    checks = (
        ("figure standing alone (page furniture)", _stands_alone),
        ("date", _is_date_or_year),
        ("duration or age", _is_duration_or_age),
        ("list marker", _is_list_marker),
        ("label", _is_label),
    )
    for reason, check in checks:
        if check(ctx, q, noun, sentence):
            return reason
    if q.unit == "count" and q.form == "number":
        return _count_reason(ctx, q, noun)
    return None


def _stands_alone(ctx: _MetricState, q: Quantity, noun, sentence) -> bool:
    """'Shares 1,234', 'Comments\n\n312', '1 of 5' under a photo: a figure
    with no words around it but a label states nothing. '• 28,750 offenders'
    in a list does."""
    if q.explicit_unit:
        return False
    rest = ctx.text[sentence[0] : q.char_start] + " " + ctx.text[q.char_end : sentence[1]]
    words = re.findall(r"[^\W\d_]{2,}", rest)
    if not words:
        return True
    return len(words) == 1 and (noun is None or words[0] != noun.text)


def _is_date_or_year(ctx: _MetricState, q: Quantity, noun, sentence) -> bool:
    if q.explicit_unit or q.form in ("ratio", "fraction"):
        return False
    if q.bare and q.value <= 31 and _MONTH_BEFORE.search(ctx.text, max(0, q.char_start - 12), q.char_start):
        return True  # "on March 12"
    if _CLOCK_TIME.search(ctx.text, max(0, q.char_start - 12), q.char_end):
        return True  # "at 9.30"
    overlapping = [d for d in ctx.dates if d.char_start < q.core_end and q.core_start < d.char_end]
    if not overlapping:
        return False
    if any(d.month is not None for d in overlapping):
        return True  # a day or a year inside "15 December 2016"
    return not _is_count_not_year(ctx, q, noun)


def _is_count_not_year(ctx: _MetricState, q: Quantity, noun) -> bool:
    """'2000 offenders' counts; 'the 2016 recommendations' and 'in 2014' are years."""
    if noun is None or noun.tag_ not in ("NNS", "NNPS") or is_time_unit(noun.text):
        return False
    if noun.idx != _next_word_start(ctx.text, q.core_end):
        return False
    before = ctx.text[max(0, q.char_start - 12) : q.char_start].lower()
    return not _BEFORE_A_YEAR.search(before)


def _next_word_start(text: str, offset: int) -> int:
    return _SPACES.match(text, offset).end()


def _is_duration_or_age(ctx: _MetricState, q: Quantity, noun, sentence) -> bool:
    """'seven-year contracts', '12 months or less', "12 month's supervision",
    'aged 18', 'Mr Grayling, 55, said'."""
    if q.explicit_unit:
        return False
    if any(_followed_by_time_unit(ctx.text, end) for end in (q.core_end, q.char_end)):
        return True
    if noun is not None and is_time_unit(noun.text):
        return True
    return _is_age(ctx.text, q)


def _followed_by_time_unit(text: str, offset: int) -> bool:
    following = _NEXT_WORD.match(text, offset)
    if not following:
        return False
    word = following.group(1)
    return is_time_unit(word) or is_time_unit(word.split("-")[0])


def _is_age(text: str, q: Quantity) -> bool:
    before = text[max(0, q.char_start - 12) : q.char_start].lower()
    if re.search(r"\b(?:aged?|ages|age of)\s*$", before):
        return True
    # An age in apposition to a name: "Mr Grayling, 55, said".
    name_before = re.search(r"[A-Z][a-z]+,\s$", text[max(0, q.char_start - 40) : q.char_start])
    return q.bare and name_before is not None and text[q.char_end : q.char_end + 1] == ","


def _is_list_marker(ctx: _MetricState, q: Quantity, noun, sentence) -> bool:
    if not q.bare:
        return False
    line_start = ctx.text.rfind("\n", 0, q.char_start) + 1
    before = ctx.text[line_start : q.char_start]
    after = ctx.text[q.core_end : q.core_end + 2]
    if re.fullmatch(r"[\s•*\-–(\[]*", before) and re.match(r"[.)\]](?:\s|$)", after + " "):
        return True
    return ctx.text[q.char_start - 1 : q.char_start] in "([" and after[:1] in ")]" and q.char_start > 0


def _is_label(ctx: _MetricState, q: Quantity, noun, sentence) -> bool:
    """'Damning Probation Report 2', 'page 3 of 12', 'number one', 'Section 28'."""
    if q.form not in ("number", "ratio") or q.explicit_unit:
        return False
    before = ctx.text[max(sentence[0], q.char_start - 40) : q.char_start]
    word = re.search(r"([^\W\d_][\w’'.#-]*|#)\s*$", before)
    if word is None:
        return False
    preceding = word.group(1).rstrip(".").lower()
    if preceding in _vocab().labels:
        return True
    if not q.bare or q.form != "number":
        return False
    starts_sentence = not before[: word.start()].strip() or re.search(r"[.!?:;\"“”‘]\s*$", before[: word.start()])
    capitalised = word.group(1)[:1].isupper()
    return capitalised and not starts_sentence and not _is_function_word(preceding)


@functools.lru_cache(maxsize=None)
def _is_function_word(word: str) -> bool:
    vocab = vocabulary()
    qualifier_words = {w for phrase in vocab.qualifiers_before for w in phrase}
    return word in qualifier_words or word in vocab.currency_prefixes or word in {
        "in", "of", "to", "by", "and", "or", "at", "from", "with", "for", "on", "than", "since", "until",
    }


def _count_reason(ctx: _MetricState, q: Quantity, noun) -> str | None:
    vocab = _vocab()
    lemma = _noun_key(noun)
    if lemma and (lemma in vocab.non_metric or lemma.split()[-1] in vocab.non_metric):
        return "page furniture or text structure"
    if not q.in_words:
        return None
    if q.value == 1:
        return "'one' is a determiner, not a figure"
    if q.value >= _SMALL_WORD_LIMIT:
        return None
    previous = re.search(r"([^\W\d_]+)\W*$", ctx.text[max(0, q.char_start - 20) : q.char_start])
    if previous and previous.group(1).lower() in vocab.definite:
        return "refers back to things already counted"
    if not lemma or not _ends_with_any(lemma, vocab.countable):
        return "small number of a generic noun"
    return None


def _ends_with_any(phrase: str, words) -> bool:
    return any(phrase == w or phrase.endswith(" " + w) for w in words)


# --- the counted noun ---------------------------------------------------------


def _counted_noun(ctx: _MetricState, q: Quantity, sentence: tuple[int, int]):
    """The noun a figure counts: '28,750 offenders' -> offenders; 'eight
    out of 10 Community Rehabilitation Companies' -> Companies; 'over half of
    the cases' -> cases. None when the figure stands alone."""
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


# --- measure --------------------------------------------------------------------


def _measure(ctx: _MetricState, q: Quantity, noun, sentence: tuple[int, int], rate: str | None) -> str:
    key = _noun_key(noun)
    full_key = _noun_key(noun, modifiers=True)
    best, best_score = None, 0.0
    for measure in _vocab().measures:
        score = max(_measure_score(measure, q, k, ctx.text, sentence) for k in {key, full_key})
        if score > best_score:
            best, best_score = measure.measure, score
    label = best or _fallback_measure(q.unit, key)
    if q.additional and not label.startswith("additional_"):
        label = "additional_" + label
    if q.fewer:
        label = "fewer_" + label
    if q.role:
        label = f"{label}_{q.role}"
    if rate:
        label = f"{label}_per_{rate}"
    return label


def _measure_score(measure: _Measure, q: Quantity, noun_key: str, text: str, sentence) -> float:
    if q.unit not in measure.units or not (measure.nouns or measure.cues):
        return 0.0
    score = 0.0
    if measure.nouns:
        if not noun_key or not _ends_with_any(noun_key, measure.nouns):
            return 0.0
        score += 2
    if measure.cues:
        weights = [_cue_weight(cue, q, text, sentence) for cue in measure.cues]
        if min(weights) == 0:
            return 0.0
        score += sum(weights) / len(weights) + 0.1 * len(weights)
    return score


def _cue_weight(cue: re.Pattern, q: Quantity, text: str, sentence) -> float:
    """1 for a cue touching the figure, falling with distance (0.5 at 25
    characters, 0.2 at 100); 0 when the figure's part of the sentence lacks
    it (a semicolon starts another statement)."""
    lo, hi = _semicolon_part(text, sentence, q)
    lowered = text[lo:hi].lower()
    best = 0.0
    for m in cue.finditer(lowered):
        start, end = lo + m.start(), lo + m.end()
        gap = max(q.char_start - end, start - q.char_end, 0)
        best = max(best, 1.0 / (1.0 + gap / _CUE_HALF_WEIGHT_GAP))
    return best


def _semicolon_part(text: str, sentence, q: Quantity) -> tuple[int, int]:
    start = text.rfind(";", sentence[0], q.char_start) + 1 or sentence[0]
    end = text.find(";", q.char_end, sentence[1])
    return max(start, sentence[0]), sentence[1] if end < 0 else end


def _fallback_measure(unit: str, noun_key: str) -> str:
    templates = _vocab().fallback
    noun = _snake(noun_key)
    if noun:
        return templates.get(unit, "{noun}").format(noun=noun)
    return templates.get(f"{unit}_bare", unit)


def _snake(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower())[:60].strip("_")


# --- provider -------------------------------------------------------------------

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
    section = ctx.document.section_at(sentence[0])
    floor = section.char_start if section is not None else 0
    provider_types = ctx.provider_types
    earlier = [
        m
        for m in ctx.mentions[: bisect.bisect_left(ctx.mention_starts, sentence[0])]
        if m.char_start >= floor and provider_types.get(m.provider_id) in types
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


# --- period ---------------------------------------------------------------------


def _period(ctx: _MetricState, q: Quantity, sentence: tuple[int, int]) -> str | None:
    """The date the figure's own clause gives ('At the end of September, a
    total of 258,157 offenders were on probation'), as ISO."""
    reference = ctx.document.published_date
    figure = ctx.token_at(q.core_start)
    verb = _governing_verb(figure) if figure is not None else None
    resolved = []
    for d in ctx.dates:
        if not (sentence[0] <= d.char_start and d.char_end <= sentence[1]):
            continue
        if d.char_start < q.char_end and q.char_start < d.char_end:
            continue
        date_tok = ctx.token_at(d.char_end - 1)
        if verb is not None and date_tok is not None and _governing_verb(date_tok) != verb:
            continue
        iso = _with_relative_year(ctx.text, d, reference).resolve(reference).iso()
        if iso:
            resolved.append((abs(d.char_start - q.core_start), iso))
    if resolved:
        return min(resolved)[1]
    return _relative_period(ctx, sentence, verb, reference)


def _relative_period(ctx: _MetricState, sentence, verb, reference) -> str | None:
    """'... quit last year' in a document dated 2019 -> '2018'."""
    lowered = ctx.text[sentence[0] : sentence[1]].lower()
    for m in re.finditer(r"\b(this|last|next) year\b", lowered):
        year_tok = ctx.token_at(sentence[0] + m.end() - 1)
        if verb is not None and year_tok is not None and _governing_verb(year_tok) != verb:
            continue
        year = relative_year(m.group(0), reference)
        if year:
            return f"{year:04d}"
    return None


def _with_relative_year(text: str, d: DateMention, reference) -> DateMention:
    """'January last year' in a document dated 2019 -> January 2018."""
    if d.year is not None or reference is None:
        return d
    after = re.match(r"\s+(this year|last year|next year)\b", text[d.char_end : d.char_end + 20], re.I)
    year = relative_year(after.group(1), reference) if after else None
    if year is None:
        return d
    return DateMention(d.char_start, d.char_end, d.text, year, d.month, d.day)
