"""Documents -> mentions -> tables, for a whole corpus.

``read_corpus`` turns a seeds folder into documents and ingest errors;
``extract_corpus`` parses each document once and runs every per-document
extractor on that one parse; ``assemble_tables`` resolves what only the whole
corpus can: canonical speakers, inspections reported by several documents,
quote groups, and the links between tables.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipelines.extract.document import SourceDocument, build_document, sha256_hex
from pipelines.extract.errors import IngestError
from pipelines.extract.inspections import (
    InspectionMention,
    extract_inspection_mentions,
    link_inspection,
    merge_inspections,
)
from pipelines.extract.metrics import extract_metrics
from pipelines.extract.nlp import BATCH_CHARS, parse_texts
from pipelines.extract.prefilter import masked_text, paragraphs_to_mask, restore
from pipelines.extract.providers import (
    Gazetteer,
    ProviderMention,
    build_provider_tables,
    find_provider_mentions,
)
from pipelines.extract.quotes import QuoteCandidate, extract_quotes
from pipelines.extract.speakers import build_quote_tables

# Bumped whenever an extractor's output can change for the same text, so that
# cached per-document extractions are recomputed.
EXTRACTOR_VERSION = "0.2.0"

# Saved web pages are read too: document.html_to_text keeps their text only.
TEXT_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm")
# A file is read whole and held several times over (bytes, decoded,
# normalised, parsed), so this bounds the memory one article can take.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


@dataclass
class IngestResult:
    documents: list[SourceDocument] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)


@dataclass
class DocumentExtraction:
    """Everything extracted from one document, before corpus-level resolution."""

    document: SourceDocument
    mentions: list[ProviderMention]
    quotes: list[QuoteCandidate]
    metrics: list[dict]
    inspections: list[InspectionMention]


def read_corpus(seeds_dir: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> IngestResult:
    """Every article file in ``seeds_dir`` and every file that cannot be used,
    as lists (see ``iter_corpus``, which streams them)."""
    result = IngestResult()
    for item in iter_corpus(seeds_dir, max_bytes):
        (result.errors if isinstance(item, IngestError) else result.documents).append(item)
    return result


def iter_corpus(seeds_dir: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[SourceDocument | IngestError]:
    """Every article file in ``seeds_dir``, read one at a time; files that
    cannot be used become errors naming the file and the reason, and the rest
    still build. A file only partly decodable is yielded, followed by an
    error saying what was lost."""
    seen: dict[str, str] = {}  # digest of the normalised text -> source_path
    ids: dict[str, str] = {}  # document_id -> source_path
    root = seeds_dir.resolve()
    for path in sorted(seeds_dir.rglob("*")):
        relative = path.relative_to(seeds_dir)
        # Hidden files and folders (.DS_Store, .git) are tools' files, not articles.
        if any(part.startswith(".") for part in relative.parts):
            continue
        source_path = relative.as_posix()
        # Folders are walked by rglob; only a link to a folder outside is worth a word.
        if path.is_dir() and (not path.is_symlink() or path.resolve().is_relative_to(root)):
            continue
        try:
            document, warning = build_document(path.stem, source_path, _read_bytes(path, source_path, root, max_bytes))
        except IngestError as error:
            yield error
            continue
        # The same article saved twice (under another name, encoding or line
        # ending) has the same normalised text; a digest of it, not the text,
        # is remembered, so memory does not grow with the corpus's words.
        text_digest = sha256_hex(document.text.encode("utf-8", "surrogatepass"))
        if text_digest in seen:
            yield IngestError(
                source_path,
                "parse",
                f"{source_path} has the same text as {seen[text_digest]}; it was skipped as a duplicate. "
                "Delete one of the two files.",
            )
            continue
        if document.document_id in ids:
            yield IngestError(
                source_path,
                "parse",
                f"{source_path} has the same document id as {ids[document.document_id]}; rename one of them.",
            )
            continue
        seen[text_digest] = source_path
        ids[document.document_id] = source_path
        yield document
        if warning:
            yield IngestError(source_path, "decode", warning)


def _read_one(path: Path, source_path: str, root: Path, max_bytes: int) -> SourceDocument:
    document, _warning = build_document(path.stem, source_path, _read_bytes(path, source_path, root, max_bytes))
    return document


def _read_bytes(path: Path, source_path: str, root: Path, max_bytes: int) -> bytes:
    """The bytes of one seeds file, or an IngestError saying why it is not read."""
    if path.is_symlink() and not path.resolve().is_relative_to(root):
        raise IngestError(
            source_path,
            "read",
            f"{source_path} is a link to something outside the seeds folder, which is never read; "
            "copy the file itself into the folder instead.",
        )
    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise IngestError(
            source_path,
            "read",
            f"{source_path} was skipped: only {', '.join(TEXT_SUFFIXES)} files are read as articles; "
            "save the article as text, or move the file out of the seeds folder.",
        )
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise IngestError(
                source_path,
                "read",
                f"{source_path} is not a regular file (a named pipe, socket or device), so reading it could hang; "
                "move it out of the seeds folder.",
            )
        if size > max_bytes:
            raise _too_large(source_path, size, max_bytes)
        with path.open("rb") as file:
            # Read no more than the limit allows, whatever stat said: the file
            # may be growing while it is read.
            raw = file.read(max_bytes + 1)
        if len(raw) > max_bytes:
            raise _too_large(source_path, len(raw), max_bytes)
    except PermissionError as exc:
        raise IngestError(
            source_path,
            "read",
            f"{source_path} cannot be read (permission denied); "
            "make it readable by the user running the build (e.g. chmod a+r), then build again.",
        ) from exc
    except FileNotFoundError as exc:
        raise IngestError(
            source_path,
            "read",
            f"{source_path} is a link to a file that does not exist (or it vanished while being read); "
            "restore the file or remove the link.",
        ) from exc
    except OSError as exc:
        raise IngestError(
            source_path, "read", f"{source_path} cannot be read ({exc.strerror}); check the file, then build again."
        ) from exc
    return raw


def _too_large(source_path: str, size: int, max_bytes: int) -> IngestError:
    mb = 1024 * 1024
    return IngestError(
        source_path,
        "read",
        f"{source_path} is {size / mb:.3g} MB, over the {max_bytes / mb:.3g} MB limit for one article; "
        "split it, or raise the limit with --max-mb (or PROBATION_MAX_MB).",
    )


def extract_document(document: SourceDocument, parsed, gazetteer: Gazetteer) -> DocumentExtraction:
    """All per-document extractors over one spaCy parse of the document."""
    mentions = find_provider_mentions(document, parsed, gazetteer)
    return DocumentExtraction(
        document=document,
        mentions=mentions,
        quotes=extract_quotes(document, parsed, mentions, gazetteer),
        metrics=extract_metrics(document, parsed, mentions),
        inspections=extract_inspection_mentions(document, parsed, mentions),
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


def document_rows(documents: Iterable[SourceDocument]) -> list[dict]:
    return [
        {
            "document_id": d.document_id,
            "source_path": d.source_path,
            "sha256": d.sha256,
            "title": d.title,
            "publisher": d.publisher,
            "published_date": d.published_date,
            "text": d.text,
            "n_chars": len(d.text),
            "n_words": d.n_words,
        }
        for d in documents
    ]


def section_rows(documents: Iterable[SourceDocument]) -> list[dict]:
    return [
        {
            "document_id": d.document_id,
            "section_index": s.index,
            "kind": s.kind,
            "publisher": s.publisher,
            "title": s.title,
            "char_start": s.char_start,
            "char_end": s.char_end,
        }
        for d in documents
        for s in d.sections
    ]


def error_rows(errors: Iterable[IngestError]) -> list[dict]:
    return [{"source_path": e.source_path, "stage": e.stage, "error": e.message} for e in errors]


def provider_tables(extractions: Iterable[DocumentExtraction], gazetteer: Gazetteer) -> tuple[list[dict], list[dict]]:
    return build_provider_tables(gazetteer, {x.document.document_id: x.mentions for x in extractions})


def inspection_table(extractions: Iterable[DocumentExtraction]) -> tuple[list[dict], dict[str, str]]:
    """(inspections rows, {inspection mention id: inspection_id})."""
    return merge_inspections({x.document.document_id: x.inspections for x in extractions})


def quote_tables(
    extractions: Iterable[DocumentExtraction], inspection_ids: dict[str, str]
) -> tuple[list[dict], list[dict]]:
    # Each quotation is linked while its document is at hand, so the
    # documents can stream past; speakers and quote groups need them all.
    candidates: list[QuoteCandidate] = []
    linked: dict[tuple[str, int, int], str | None] = {}
    for extraction in extractions:
        for quote in extraction.quotes:
            candidates.append(quote)
            linked[(quote.document_id, quote.char_start, quote.char_end)] = _inspection_of(
                extraction, quote.char_start, quote.char_end, inspection_ids
            )
    speakers, quotes = build_quote_tables(candidates)
    for row in quotes:
        row["inspection_id"] = linked[(row["document_id"], row["char_start"], row["char_end"])]
    return speakers, quotes


def metric_rows(extractions: Iterable[DocumentExtraction], inspection_ids: dict[str, str]) -> list[dict]:
    return [
        {**row, "inspection_id": _inspection_of(extraction, row["char_start"], row["char_end"], inspection_ids)}
        for extraction in extractions
        for row in extraction.metrics
    ]


def _inspection_of(extraction: DocumentExtraction, char_start: int, char_end: int, inspection_ids: dict[str, str]) -> str | None:
    return link_inspection(extraction.document, char_start, char_end, extraction.inspections, inspection_ids)


def iter_documents(
    seeds_dir: Path, document_ids: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[SourceDocument | IngestError]:
    """Only the named documents of ``seeds_dir``, read one at a time: what
    one partition run reads.

    Which files are documents at all (not duplicates, not refused) is decided
    by ``iter_corpus`` over the whole folder before partitions are made; an id
    whose file has since gone is reported, not guessed at."""
    wanted = set(document_ids)
    found: set[str] = set()
    root = seeds_dir.resolve()
    for path in sorted(seeds_dir.rglob("*")):
        if path.stem not in wanted or path.suffix.lower() not in TEXT_SUFFIXES or path.name.startswith("."):
            continue
        try:
            document = _read_one(path, path.relative_to(seeds_dir).as_posix(), root, max_bytes)
        except IngestError as error:
            yield error
            continue
        found.add(document.document_id)
        yield document
    for document_id in sorted(wanted - found):
        yield IngestError(
            document_id,
            "read",
            f"No usable article file for document {document_id} in {seeds_dir} any more; "
            "it was removed, renamed or became unreadable since it was registered.",
        )


@dataclass(frozen=True)
class CorpusEntry:
    """A document of the corpus, by what its stored extraction is keyed on."""

    document_id: str
    source_path: str
    sha256: str


class MissingExtraction(RuntimeError):
    """A stored extraction the corpus lists has gone (its store was cleared
    while the tables were being built)."""


@dataclass
class Corpus:
    """Every usable document and every file that failed, with the store that
    holds each document's extraction.

    It lists documents rather than holding them: ``documents()`` and
    ``extractions()`` read one stored extraction at a time, so building a
    table holds that table's rows, never every article's text and parse
    results at once, whatever the size of the corpus."""

    store: Any  # anything with get(entry) -> DocumentExtraction | IngestError | None
    entries: list[CorpusEntry] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    # Documents whose extraction failed: still documents, with no extracted rows.
    unextracted: dict[str, SourceDocument] = field(default_factory=dict)

    def add(self, document: SourceDocument, extraction: DocumentExtraction | IngestError) -> None:
        self.entries.append(CorpusEntry(document.document_id, document.source_path, document.sha256))
        if isinstance(extraction, IngestError):
            self.errors.append(extraction)
            self.unextracted[document.document_id] = document

    def documents(self) -> Iterator[SourceDocument]:
        for entry in self.entries:
            if entry.document_id in self.unextracted:
                yield self.unextracted[entry.document_id]
            else:
                yield self._extraction(entry).document

    def extractions(self) -> Iterator[DocumentExtraction]:
        for entry in self.entries:
            if entry.document_id not in self.unextracted:
                yield self._extraction(entry)

    def _extraction(self, entry: CorpusEntry) -> DocumentExtraction:
        extraction = self.store.get(entry)
        if not isinstance(extraction, DocumentExtraction):
            raise MissingExtraction(
                f"The stored extraction of {entry.source_path} is gone; build again to extract it anew."
            )
        return extraction


def collect_corpus(
    seeds_dir: Path, store, nlp_loader, gazetteer: Gazetteer, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[Corpus, int]:
    """The corpus of ``seeds_dir`` with every extraction in ``store`` (an
    ExtractionCache), extracting any that is not; returns it and how many
    documents had to be parsed here."""
    from pipelines.extract.cache import extract_with_cache

    corpus = Corpus(store)
    unreadable: list[IngestError] = []
    folder_order: dict[str, int] = {}

    def documents() -> Iterator[SourceDocument]:
        for item in iter_corpus(seeds_dir, max_bytes):
            if isinstance(item, IngestError):
                unreadable.append(item)
            else:
                folder_order[item.document_id] = len(folder_order)
                yield item

    parsed = 0
    for document, extraction, reused in extract_with_cache(documents(), store, nlp_loader, gazetteer):
        parsed += not reused
        corpus.add(document, extraction)
    # Stored extractions come back before fresh ones; the corpus keeps the
    # folder's order whichever came from where.
    corpus.entries.sort(key=lambda entry: folder_order[entry.document_id])
    corpus.errors[:0] = unreadable
    return corpus, parsed
