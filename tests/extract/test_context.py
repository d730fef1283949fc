"""The document context every extractor reads (extract/context.py)."""

from __future__ import annotations

import spacy

from pipelines.extract.context import build_context
from pipelines.extract.providers import ProviderMention, load_gazetteer
from pipelines.read.model import SourceDocument
from tests.documents import article


def test_a_parse_of_another_text_is_dropped_once_for_every_extractor():
    document = article("Inspectors visited. They found problems.")
    blank = spacy.blank("en")
    assert build_context(document, blank(document.text), load_gazetteer()).parsed is not None
    assert build_context(document, blank("Something else."), load_gazetteer()).parsed is None


def test_paragraphs_fall_back_to_a_split_of_the_text_and_cut_the_sentences():
    text = "A headline without a stop\nThe first sentence. The second one."
    document = SourceDocument("doc", "doc.txt", "", text)  # no paragraphs given
    context = build_context(document, None, load_gazetteer())
    assert [p.of(text) for p in context.paragraphs] == ["A headline without a stop", text.split("\n")[1]]
    assert [text[s:e].strip() for s, e in context.sentences] == [
        "A headline without a stop",
        "The first sentence.",
        "The second one.",
    ]


def test_provider_mentions_are_added_without_changing_the_rest():
    document = article("The National Probation Service said so.")
    context = build_context(document, None, load_gazetteer())
    mention = ProviderMention("national-probation-service", 4, 34, document.text[4:34])
    with_mentions = context.with_provider_mentions([mention])
    assert with_mentions.provider_mentions == [mention] and context.provider_mentions == []
    assert with_mentions.sentences is context.sentences
