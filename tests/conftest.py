"""Shared fixtures: the spaCy pipeline (loaded once), documents made from
short texts, and one end-to-end build of the seeds into a temporary folder."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from pipelines.extract.nlp import load_nlp
from pipelines.extract.providers import load_gazetteer
from pipelines.read.document import build_document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"


@pytest.fixture(scope="session")
def nlp():
    return load_nlp()


@pytest.fixture(scope="session")
def gazetteer():
    return load_gazetteer()


@pytest.fixture
def make_document():
    def make(text: str, document_id: str = "doc"):
        document, _warning = build_document(document_id, f"{document_id}.txt", text.encode("utf-8"))
        return document

    return make


def run_build(seeds: Path, out: Path, instance: dg.DagsterInstance | None = None):
    """Materialise every asset and check in process, as the CLI does."""
    from pipelines.build import build
    from pipelines.resources import PathsResource

    return build(PathsResource(seeds_dir=str(seeds), outputs_dir=str(out), gold_dir=str(GOLD)), instance=instance)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The seeds built once for the whole session: (result, outputs folder)."""
    out = tmp_path_factory.mktemp("outputs")
    return run_build(SEEDS, out), out
