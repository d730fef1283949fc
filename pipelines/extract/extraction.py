"""Every per-document extractor over one context of each document, for a stream of
documents: one parse each, in batches, in forked workers when that pays."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

from pipelines.extract.context import build_context
from pipelines.extract.inspections import InspectionMention, extract_inspection_mentions
from pipelines.extract.metrics import extract_metrics
from pipelines.extract.nlp import BATCH_CHARS, parse_texts
from pipelines.extract.prefilter import masked_text, paragraphs_to_mask, restore
from pipelines.extract.providers import Gazetteer, ProviderMention, find_provider_mentions
from pipelines.extract.quotes import QuoteCandidate, extract_quotes
from pipelines.extract.ratings import extract_ratings
from pipelines.read.document import SourceDocument
from pipelines.read.errors import IngestError

# Bumped whenever an extractor's output can change for the same text, so that
# cached per-document extractions are recomputed.
EXTRACTOR_VERSION = "0.7.5"


@dataclass
class DocumentExtraction:
    """Everything extracted from one document, before corpus-level resolution."""

    document: SourceDocument
    mentions: list[ProviderMention]
    quotes: list[QuoteCandidate]
    metrics: list[dict]
    inspections: list[InspectionMention]
    ratings: list[dict]


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
        ratings=extract_ratings(context),
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


# The budget of one document. Every extractor is linear in its text, but a
# file that is not one article (a book, a log, a scrape of a whole site) may
# still take minutes: past either limit the document is kept in documents
# without extracted rows, listed in ingest_errors, and the corpus goes on.
MAX_EXTRACTED_CHARS = 2_000_000
MAX_EXTRACT_SECONDS = 120.0


class BudgetExceeded(Exception):
    """The extractors ran past MAX_EXTRACT_SECONDS on one document."""


@contextmanager
def _time_budget(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` with BudgetExceeded. Only the
    main thread receives signals; elsewhere the block runs without a limit
    (builds, partition runs and forked workers all extract in their main
    thread)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(_signum, _frame):
        raise BudgetExceeded

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _over_budget(document: SourceDocument) -> IngestError:
    return IngestError(
        document.source_path,
        "extract",
        f"{document.source_path} has {len(document.text):,} characters, more than the {MAX_EXTRACTED_CHARS:,} "
        "extracted from one document; it is kept in documents without extracted rows. "
        "Split it into one file per article.",
    )


def _out_of_time(document: SourceDocument) -> IngestError:
    return IngestError(
        document.source_path,
        "extract",
        f"{document.source_path} took more than {MAX_EXTRACT_SECONDS:g} s to extract (the limit for one "
        "document); it is kept in documents without extracted rows. Split it into one file per article, "
        "or report it as a bug if it is one ordinary article.",
    )


def _extract_batch(
    batch: list[SourceDocument], nlp, gazetteer: Gazetteer, batch_chars: int, prefilter: bool
) -> list[DocumentExtraction | IngestError]:
    if any(len(d.text) > MAX_EXTRACTED_CHARS for d in batch):
        within = [d for d in batch if len(d.text) <= MAX_EXTRACTED_CHARS]
        extracted = iter(_extract_batch(within, nlp, gazetteer, batch_chars, prefilter) if within else [])
        return [_over_budget(d) if len(d.text) > MAX_EXTRACTED_CHARS else next(extracted) for d in batch]
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
            with _time_budget(MAX_EXTRACT_SECONDS):
                out.append(extract_document(document, parsed, gazetteer))
        except BudgetExceeded:
            out.append(_out_of_time(document))
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
        item
        if isinstance(item, IngestError)
        else (item.mentions, item.quotes, item.metrics, item.inspections, item.ratings)
        for item in _extract_batch(batch, nlp, gazetteer, batch_chars, prefilter)
    ]


def _joined(batch: list[SourceDocument], future) -> Iterator[DocumentExtraction | IngestError]:
    for document, item in zip(batch, future.result(), strict=True):
        yield item if isinstance(item, IngestError) else DocumentExtraction(document, *item)
