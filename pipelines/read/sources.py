"""A cheap look at the seeds folder: which article files are there and what
their contents hash to, without decoding or laying them out.

The seeds sensor runs this every few seconds, so it must stay fast at tens
of thousands of files (hashing only; ``read_corpus`` costs about 3 ms a file,
``scan_sources`` a few microseconds plus the read). Files it lets through
that later prove unusable (binary, duplicates in another encoding) are
reported by ``read_corpus`` when they are read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pipelines.read.manifest import SourceManifest
from pipelines.read.seeds import has_control_character, is_article_path, walk_seeds


@dataclass(frozen=True)
class SourceFile:
    document_id: str
    source_path: str
    sha256: str


def scan_sources(seeds_dir: Path, max_bytes: int, manifest: SourceManifest | None = None) -> list[SourceFile]:
    """Article files in ``seeds_dir`` that are worth extracting, one per
    content. A file the ``manifest`` knows unchanged is not read."""
    root = seeds_dir.resolve()
    sources: dict[str, SourceFile] = {}
    seen: set[str] = set()
    for path, source_path in walk_seeds(seeds_dir):
        # A name no document id can have is listed by the corpus step, not run.
        if not is_article_path(path) or has_control_character(path.stem):
            continue
        try:
            if not path.is_file() or not path.resolve().is_relative_to(root):
                continue
            status = path.stat()
            if not 0 < status.st_size <= max_bytes:
                continue
            known = manifest.lookup(source_path, status) if manifest is not None and manifest.active else None
            digest = known.sha256 if known else hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            continue
        if digest in seen or path.stem in sources:
            continue
        seen.add(digest)
        sources[path.stem] = SourceFile(path.stem, source_path, digest)
    return list(sources.values())
