"""Reading the seeds folder: the one walk over it, the files read as articles, and
what a file that cannot be used becomes (an IngestError naming the file, the
reason and what to do)."""

from __future__ import annotations

import stat as stat_mode
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.read.document import HTML_SUFFIXES, SourceDocument, build_document, sha256_hex
from pipelines.read.errors import IngestError
from pipelines.read.manifest import KnownDocument, SourceManifest

# Saved web pages are read too: document.html_to_text keeps their text only.
TEXT_SUFFIXES = (".txt", ".text", ".md", *HTML_SUFFIXES)
# A file is read whole and held several times over (bytes, decoded,
# normalised, parsed), so this bounds the memory one article can take.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


@dataclass
class IngestResult:
    documents: list[SourceDocument] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)


def walk_seeds(seeds_dir: Path) -> Iterator[tuple[Path, str]]:
    """Every path under ``seeds_dir`` with its folder-relative POSIX path, in
    path order. Hidden files and folders (.DS_Store, .git) are tools' files,
    not articles, and are left out here for every reader of the folder."""
    for path in sorted(seeds_dir.rglob("*")):
        relative = path.relative_to(seeds_dir)
        if not any(part.startswith(".") for part in relative.parts):
            yield path, relative.as_posix()


def is_article_path(path: Path) -> bool:
    """Whether the file's suffix is one read as an article."""
    return path.suffix.lower() in TEXT_SUFFIXES


def read_corpus(seeds_dir: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> IngestResult:
    """Every article file in ``seeds_dir`` and every file that cannot be used,
    as lists (see ``iter_corpus``, which streams them)."""
    result = IngestResult()
    for item in iter_corpus(seeds_dir, max_bytes):
        (result.errors if isinstance(item, IngestError) else result.documents).append(item)
    return result


def iter_corpus(
    seeds_dir: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    manifest: SourceManifest | None = None,
    is_stored: Callable[[KnownDocument], bool] | None = None,
) -> Iterator[SourceDocument | KnownDocument | IngestError]:
    """Every article file in ``seeds_dir``, read one at a time; files that
    cannot be used become errors naming the file and the reason, and the rest
    still build. A file only partly decodable is yielded, followed by an
    error saying what was lost.

    With a ``manifest``, a file unchanged since it was last read whose
    extraction ``is_stored`` is not read at all: it is yielded as a
    ``KnownDocument``."""
    seen: dict[str, str] = {}  # digest of the normalised text -> source_path
    ids: dict[str, str] = {}  # document_id -> source_path
    root = seeds_dir.resolve()
    for path, source_path in walk_seeds(seeds_dir):
        # Folders are walked by rglob; only a link to a folder outside is worth a word.
        if path.is_dir() and (not path.is_symlink() or path.resolve().is_relative_to(root)):
            continue
        try:
            _check_name(path, source_path)
            document, text_digest, warning = _read_or_recall(path, source_path, root, max_bytes, manifest, is_stored)
        except IngestError as error:
            yield error
            continue
        # The same article saved twice (under another name, encoding or line
        # ending) has the same normalised text; a digest of it, not the text,
        # is remembered, so memory does not grow with the corpus's words.
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


def has_control_character(name: str) -> bool:
    """A document id is the file's name: one with a control character (a
    newline, a tab) would break every table, query and file that shows it."""
    return any(unicodedata.category(c) in ("Cc", "Cf") for c in name)


def _check_name(path: Path, source_path: str) -> None:
    if has_control_character(path.stem):
        raise IngestError(
            source_path,
            "read",
            f"{source_path!r} has a control character (such as a newline or tab) in its name, which cannot be a "
            "document id; rename the file without it.",
        )


def _read_or_recall(
    path: Path,
    source_path: str,
    root: Path,
    max_bytes: int,
    manifest: SourceManifest | None,
    is_stored: Callable[[KnownDocument], bool] | None,
) -> tuple[SourceDocument | KnownDocument, str, str | None]:
    """(the document, the digest of its text, its decode warning): from the
    manifest when the file is unchanged and its extraction stored, else read."""
    status = _plain_file_status(path, max_bytes) if manifest is not None and manifest.active else None
    known = manifest.lookup(source_path, status) if status is not None else None
    if known is not None:
        recalled = KnownDocument(path.stem, source_path, known.sha256)
        if is_stored is None or is_stored(recalled):
            return recalled, known.text_digest, known.warning
    document, warning = build_document(path.stem, source_path, _read_bytes(path, source_path, root, max_bytes))
    text_digest = sha256_hex(document.text.encode("utf-8", "surrogatepass"))
    if status is not None:
        manifest.record(source_path, status, document.sha256, text_digest, warning)
    return document, text_digest, warning


def _plain_file_status(path: Path, max_bytes: int):
    """The stat of a regular file (not a link) within the size limit, taken
    before it is read; None for anything ``_read_bytes`` must look at."""
    try:
        status = path.lstat()
    except OSError:
        return None
    if not stat_mode.S_ISREG(status.st_mode) or status.st_size > max_bytes or not is_article_path(path):
        return None
    return status


def _read_one(
    path: Path,
    source_path: str,
    root: Path,
    max_bytes: int,
    manifest: SourceManifest | None = None,
    is_stored: Callable[[KnownDocument], bool] | None = None,
) -> SourceDocument | KnownDocument:
    document, _digest, _warning = _read_or_recall(path, source_path, root, max_bytes, manifest, is_stored)
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
    if not is_article_path(path):
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


def iter_documents(
    seeds_dir: Path,
    document_ids: Iterable[str],
    max_bytes: int = DEFAULT_MAX_BYTES,
    manifest: SourceManifest | None = None,
    is_stored: Callable[[KnownDocument], bool] | None = None,
) -> Iterator[SourceDocument | KnownDocument | IngestError]:
    """Only the named documents of ``seeds_dir``, read one at a time: what
    one partition run reads.

    Which files are documents at all (not duplicates, not refused) is decided
    by ``iter_corpus`` over the whole folder before partitions are made; an id
    whose file has since gone is reported, not guessed at. As in
    ``iter_corpus``, a file the ``manifest`` knows unchanged, with its
    extraction stored, is yielded unread as a ``KnownDocument``."""
    wanted = set(document_ids)
    # Reported, as read or as why not: an id whose file could not be used
    # is not also "removed" (its own error says what is wrong).
    reported: set[str] = set()
    root = seeds_dir.resolve()
    for path, source_path in walk_seeds(seeds_dir):
        if path.stem not in wanted or not is_article_path(path):
            continue
        reported.add(path.stem)
        try:
            _check_name(path, source_path)
            document = _read_one(path, source_path, root, max_bytes, manifest, is_stored)
        except IngestError as error:
            yield error
            continue
        yield document
    for document_id in sorted(wanted - reported):
        yield IngestError(
            document_id,
            "read",
            f"No usable article file for document {document_id} in {seeds_dir} any more; "
            "it was removed, renamed or became unreadable since it was registered.",
        )
