"""Inspection reports and inspectorate publications named in one document: the entry point.

Per document, ``extract_inspection_mentions`` finds every sentence that
refers to an inspection report ("an inspection report", "the report said",
"its previous inspection in 2014", "Today she published the report of ...")
and groups the references into distinct inspections:

* A document is read in *units*: an article or embedded article, split
  further at headlines, so each teaser on an archive page is its own unit.
* A reference *introduces* an inspection when it says what the report is
  (a topic after "report on/of/into", a given title, an annual/thematic/
  joint cue, a publication date); other references ("the report said",
  "inspectors found") point back to the unit's current inspection.
* Tense matters: "its previous inspection", "last inspected ... in 2014" or
  an earlier explicit year make a *previous* inspection, a separate one;
  "will be back in 2017" is a plan, not a publication, and is dropped.
* A date belongs to the report only when the text ties it to the report
  (near a publication word, "today's report", "available from 15 December
  2016"); the document's own date is used only through "today", "on
  Thursday", "last month"."""

from __future__ import annotations

from pipelines.extract.context import DocumentContext
from pipelines.extract.inspections.building import _MentionBuilder
from pipelines.extract.inspections.clusters import _cluster_document
from pipelines.extract.inspections.lexicon import lexicon
from pipelines.extract.inspections.mention import InspectionMention
from pipelines.extract.inspections.reader import _Reader
from pipelines.extract.inspections.refs import _Ref
from pipelines.extract.inspections.sentences import _Sentence, _sentences, _units


def extract_inspection_mentions(context: DocumentContext) -> list[InspectionMention]:
    """Every inspection report or inspectorate publication the document
    reports or names."""
    document = context.document
    if not document.text:
        return []
    units = _units(context)
    sentences = _sentences(context, units)
    reader = _Reader(context)
    refs: list[_Ref] = []
    for i, sentence in enumerate(sentences):
        if sentence.bullet_of is not None:
            anchors = [r for r in refs if r.sentence is sentences[sentence.bullet_of]]
            anchors.sort(key=lambda r: max(c.end for c in r.cues))  # the report named nearest the colon
            refs.extend(_bullet_ref(sentence, anchor, reader.providers_in(sentence)) for anchor in anchors[-1:])
            found = reader.refs(sentence)
            refs.extend(r for r in found if r.status == "previous")
            continue
        refs.extend(reader.refs(sentence))
    default_id = lexicon().default.inspectorate_id
    clusters = _cluster_document(units, refs, default_id)
    builder = _MentionBuilder(document, units, sentences, reader)
    built: list[InspectionMention] = []
    used: set[tuple[int, int]] = set()
    # A follow-up re-inspects what an earlier inspection the text names looked at.
    earlier_themes = [c.topic for c in clusters if c.status == "previous" and c.topic]
    builder.follow_up_theme = earlier_themes[0] if len(set(earlier_themes)) == 1 else None
    for cluster in sorted(clusters, key=lambda c: c.refs[0].sentence.start):
        mention = builder.build(cluster, used)
        if mention:
            built.append(mention)
            used.add((mention.char_start, mention.char_end))
    return built


def _bullet_ref(sentence: _Sentence, anchor: _Ref, providers: tuple[str, ...]) -> _Ref:
    """A list item under "Her annual report, published on Thursday:" speaks for
    the report; it adds its providers and sentence, nothing that could split it."""
    return _Ref(sentence, anchor.status, anchor.cues, providers=providers, strong=False)
