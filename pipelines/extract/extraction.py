"""Every per-document extractor over one context of each document, for a stream of
documents: one parse each, in batches, in forked workers when that pays."""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from pipelines.extract.context import build_context
from pipelines.extract.document import SourceDocument
from pipelines.extract.errors import IngestError
from pipelines.extract.inspections import InspectionMention, extract_inspection_mentions
from pipelines.extract.metrics import extract_metrics
from pipelines.extract.nlp import BATCH_CHARS, parse_texts
from pipelines.extract.prefilter import masked_text, paragraphs_to_mask, restore
from pipelines.extract.providers import Gazetteer, ProviderMention, find_provider_mentions
from pipelines.extract.quotes import QuoteCandidate, extract_quotes

# Bumped whenever an extractor's output can change for the same text, so that
# cached per-document extractions are recomputed.
EXTRACTOR_VERSION = "0.3.0"


@dataclass
class DocumentExtraction:
    """Everything extracted from one document, before corpus-level resolution."""

    document: SourceDocument
    mentions: list[ProviderMention]
    quotes: list[QuoteCandidate]
    metrics: list[dict]
    inspections: list[InspectionMention]


def extract_document(document: SourceDocument, parsed, gazetteer: Gazetteer) -> DocumentExtraction:
    """Every per-document extractor over one context of the document. An
    extractor's exception is a bug: it propagates, and ``_extract_batch``
    turns it into the document's ``extract`` ingest error."""
    context = build_context(document, parsed, gazetteer)
    context = context.with_provider_mentions(find_provider_mentions(context))
    return DocumentExtraction(
        document=document,
        mentions=context.provider_mentions,
        quotes=extract_quotes(context),
        metrics=extract_metrics(context),
        inspections=extract_inspection_mentions(context),
    )


# Both cores are used once a corpus has this many batches: a forked worker
# starts in milliseconds, but a handful of articles is done before two
# processes have warmed up.
WORKER_MIN_BATCHES = 4


def extract_corpus(
    documents: Iterable[SourceDocument],
    nlp,
    gazetteer: Gazetteer,
    batch_size: int = 32,
    *,
    n_process: int | None = None,
    batch_chars: int = BATCH_CHARS,
    prefilter: bool = False,
) -> Iterator[DocumentExtraction | IngestError]:
    """Parse every document once and extract: one item per document, in order.

    Documents are streamed in batches of at most ``batch_size`` documents and
    ``batch_chars`` characters, so memory does not grow with the corpus.
    ``n_process`` processes parse and extract side by side (each worker is a
    fork of this process, so the model is loaded once); ``None`` means every
    available core once the corpus has ``WORKER_MIN_BATCHES`` batches, and a
    single process before. ``prefilter`` lets the model skip paragraphs no
    extractor needs (see ``prefilter.py``; off unless asked for).

    A document that fails to parse or to extract yields an IngestError; the
    other documents go on."""
    batches = _document_batches(documents, batch_size, batch_chars)
    processes = _worker_count(n_process)
    if processes > 1 and n_process is None:
        head = list(itertools.islice(batches, WORKER_MIN_BATCHES))
        if len(head) < WORKER_MIN_BATCHES:
            processes = 1
        batches = itertools.chain(head, batches)
    if processes == 1:
        for batch in batches:
            yield from _extract_batch(batch, nlp, gazetteer, batch_chars, prefilter)
        return
    context = multiprocessing.get_context("fork")
    settings = (nlp, gazetteer, batch_chars, prefilter)
    with ProcessPoolExecutor(processes, mp_context=context, initializer=_start_worker, initargs=settings) as pool:
        pending: deque = deque()
        for batch in batches:
            pending.append((batch, pool.submit(_extract_in_worker, batch)))
            # Two batches per worker keep every worker busy while bounding
            # what is held in memory.
            if len(pending) >= 2 * processes:
                yield from _joined(*pending.popleft())
        while pending:
            yield from _joined(*pending.popleft())


def _document_batches(
    documents: Iterable[SourceDocument], batch_size: int, batch_chars: int
) -> Iterator[list[SourceDocument]]:
    batch: list[SourceDocument] = []
    size = 0
    for document in documents:
        if batch and (len(batch) >= batch_size or size + len(document.text) > batch_chars):
            yield batch
            batch, size = [], 0
        batch.append(document)
        size += len(document.text)
    if batch:
        yield batch


def _worker_count(n_process: int | None) -> int:
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1  # a spawned worker would load the model again: not worth it
    if n_process is None:
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, n_process)


def _extract_batch(
    batch: list[SourceDocument], nlp, gazetteer: Gazetteer, batch_chars: int, prefilter: bool
) -> list[DocumentExtraction | IngestError]:
    try:
        if prefilter:
            texts = [masked_text(d.text, paragraphs_to_mask(d, gazetteer)) for d in batch]
            parses = [
                restore(parsed, d.text, nlp.tokenizer)
                for d, parsed in zip(batch, parse_texts(nlp, texts, batch_chars))
            ]
        else:
            parses = list(parse_texts(nlp, (d.text for d in batch), batch_chars))
    except Exception as exc:  # noqa: BLE001 - find the one document the parse fails on
        if len(batch) == 1:
            return [_failed(batch[0], exc)]
        return [item for d in batch for item in _extract_batch([d], nlp, gazetteer, batch_chars, prefilter)]
    out: list[DocumentExtraction | IngestError] = []
    for document, parsed in zip(batch, parses):
        try:
            out.append(extract_document(document, parsed, gazetteer))
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the corpus
            out.append(_failed(document, exc))
    return out


def _failed(document: SourceDocument, exc: Exception) -> IngestError:
    return IngestError(
        document.source_path,
        "extract",
        f"{document.source_path} could not be extracted ({type(exc).__name__}: {exc}); "
        "the document is kept in documents but has no extracted rows. Please report this as a bug.",
    )


_worker_settings: tuple = ()


def _start_worker(*settings) -> None:
    global _worker_settings
    _worker_settings = settings


def _extract_in_worker(batch: list[SourceDocument]) -> list[tuple | IngestError]:
    """A batch's extractions without their documents, which the parent holds
    already: only the extracted rows travel back."""
    nlp, gazetteer, batch_chars, prefilter = _worker_settings
    return [
        item if isinstance(item, IngestError) else (item.mentions, item.quotes, item.metrics, item.inspections)
        for item in _extract_batch(batch, nlp, gazetteer, batch_chars, prefilter)
    ]


def _joined(batch: list[SourceDocument], future) -> Iterator[DocumentExtraction | IngestError]:
    for document, item in zip(batch, future.result(), strict=True):
        yield item if isinstance(item, IngestError) else DocumentExtraction(document, *item)
