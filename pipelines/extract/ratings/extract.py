"""The ratings of one document, from its context."""

from __future__ import annotations

from pipelines.extract.context import DocumentContext
from pipelines.extract.ratings.bodies import Resolver, place_tokens
from pipelines.extract.ratings.statements import SentenceReader, Statement
from pipelines.extract.ratings.vocabulary import vocabulary
from pipelines.extract.slugs import slugify


def extract_ratings(context: DocumentContext) -> list[dict]:
    """One row per distinct rating the document gives a named body: the same
    rating of the same body and standard stated twice (headline and body)
    is one row, evidenced by its first statement. An exception propagates:
    ``_extract_batch`` makes it the document's ``extract`` ingest error."""
    vocab = vocabulary()
    document, text = context.document, context.text
    published = document.published_date
    if published is not None and published.year < vocab.scale_from:
        return []
    resolver = Resolver(text, context.provider_mentions, context.gazetteer, vocab)
    reader = SentenceReader(text, context.sentences, context.provider_mentions, resolver, vocab)
    rows: dict[tuple, dict] = {}
    ids: set[str] = set()
    furniture = [(s.char_start, s.char_end) for s in document.sections if s.kind == "boilerplate"]
    for statement in reader.statements():
        if any(a <= statement.char_start < b for a, b in furniture):
            continue  # page furniture (a related-links box) rates nothing the page reports
        # "rated 'Good' in 2019" in an article of 2023 restates a past rating.
        stated = statement.stated_year
        if stated and published is not None and published.year > stated:
            statement.is_previous, statement.previous_year = True, statement.previous_year or stated
        if min(statement.previous_year or 9999, stated or 9999) < vocab.scale_from:
            continue
        for body in statement.bodies:
            record = resolver.record(body.provider_id)
            if (body.provider_id is None and not body.area) or (record and record.provider_type in vocab.unrated_types):
                continue
            who = body.provider_id or " ".join(sorted(place_tokens(body.area or "")))
            key = (who, statement.standard, statement.rating, statement.is_previous)
            rating_id = _rating_id(document.document_id, statement, body.provider_id or body.area)
            # One span gives one body one rating per standard: a second reading is a repeat.
            if key in rows or rating_id in ids:
                continue
            ids.add(rating_id)
            rows[key] = _row(context, statement, body, rating_id)
    return list(rows.values())


def _row(context: DocumentContext, statement: Statement, body, rating_id: str) -> dict:
    text, start, end = context.text, statement.char_start, statement.char_end
    return {
        "rating_id": rating_id,
        "document_id": context.document.document_id,
        "provider_id": body.provider_id,
        "area": body.area,
        "standard": statement.standard,
        "standard_text": statement.standard_text,
        "rating": statement.rating,
        "is_previous": statement.is_previous,
        "previous_year": statement.previous_year,
        "stated_year": statement.stated_year,
        "text": text[start:end],
        "char_start": start,
        "char_end": end,
        "sentence": text[statement.sentence[0]:statement.sentence[1]],
    }


def _rating_id(document_id: str, statement: Statement, who: str) -> str:
    start, end = statement.char_start, statement.char_end
    return f"{document_id}:{start}-{end}:{slugify(who)}:{slugify(statement.standard)}"
