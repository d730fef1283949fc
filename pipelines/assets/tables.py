"""The corpus -> the dataset's tables, each validated by its pandera schema
(see checks.py) before anything is published.

The rows come from pure functions in pipelines/assemble; these assets only
wire them together and describe the result for the UI.
"""


import dagster as dg
import pandas as pd

from pipelines.assemble import tables as assemble
from pipelines.assets.metadata import definition_metadata, output_metadata, table_out
from pipelines.extract.corpus import Corpus
from pipelines.extract.providers import load_gazetteer
from pipelines.resources import PathsResource
from pipelines.reuse import reuse
from schemas.registry import TABLES, to_frame

GROUP = "tables"
# Every table is recomputed once its inputs changed and none is still running.
AUTOMATION = dg.AutomationCondition.eager()


def _table(name: str, frame: pd.DataFrame, output_name: str = "result") -> dg.Output:
    return dg.Output(frame, output_name=output_name, metadata=output_metadata(frame))


def _reused(paths: PathsResource, corpus: Corpus, name: str, compute):
    """A corpus-wide step's result, computed only when the corpus or the
    code changed since it was last computed (see reuse.py)."""
    return reuse(paths.outputs / ".cache" / "reuse", corpus.digest(), name, compute)


def _frame(paths: PathsResource, corpus: Corpus, name: str, rows) -> pd.DataFrame:
    return _reused(paths, corpus, name, lambda: to_frame(name, rows()))


def _table_asset(name: str, **kwargs):
    return dg.asset(
        name=name,
        group_name=GROUP,
        kinds={"pandas", "pandera"},
        description=TABLES[name].description,
        metadata=definition_metadata(name),
        automation_condition=AUTOMATION,
        **kwargs,
    )


@_table_asset("documents")
def documents(corpus: Corpus, paths: PathsResource) -> dg.Output:
    return _table("documents", _frame(paths, corpus, "documents", lambda: assemble.document_rows(corpus.documents())))


@_table_asset("sections")
def sections(corpus: Corpus, paths: PathsResource) -> dg.Output:
    return _table("sections", _frame(paths, corpus, "sections", lambda: assemble.section_rows(corpus.documents())))


@_table_asset("ingest_errors")
def ingest_errors(corpus: Corpus) -> dg.Output:
    return _table("ingest_errors", to_frame("ingest_errors", assemble.error_rows(corpus.errors)))


@dg.multi_asset(
    group_name=GROUP,
    outs={name: table_out(name, AUTOMATION) for name in ("providers", "provider_mentions")},
)
def provider_tables(corpus: Corpus, paths: PathsResource):
    def compute():
        providers, mentions = assemble.provider_tables(corpus.extractions(), load_gazetteer())
        return to_frame("providers", providers), to_frame("provider_mentions", mentions)

    providers, mentions = _reused(paths, corpus, "provider_tables", compute)
    yield _table("providers", providers, output_name="providers")
    yield _table("provider_mentions", mentions, output_name="provider_mentions")


@dg.asset(group_name="extract", kinds={"python"}, automation_condition=AUTOMATION)
def inspection_links(corpus: Corpus, paths: PathsResource) -> dict:
    """Inspections merged across documents, with the links from each
    document's passages to them (used to link quotes and metrics)."""

    def compute():
        rows, links = assemble.inspection_table(corpus.extractions())
        return {"rows": rows, "links": links}

    return _reused(paths, corpus, "inspection_links", compute)


@_table_asset("inspections")
def inspections(inspection_links: dict) -> dg.Output:
    return _table("inspections", to_frame("inspections", inspection_links["rows"]))


@dg.multi_asset(
    group_name=GROUP,
    outs={name: table_out(name, AUTOMATION) for name in ("speakers", "quotes")},
)
def quote_tables(corpus: Corpus, inspection_links: dict, paths: PathsResource):
    def compute():
        speakers, quotes = assemble.quote_tables(corpus.extractions(), inspection_links["links"])
        return to_frame("speakers", speakers), to_frame("quotes", quotes)

    speakers, quotes = _reused(paths, corpus, "quote_tables", compute)
    yield _table("speakers", speakers, output_name="speakers")
    yield _table("quotes", quotes, output_name="quotes")


@_table_asset("metrics")
def metrics(corpus: Corpus, inspection_links: dict, paths: PathsResource) -> dg.Output:
    rows = lambda: assemble.metric_rows(corpus.extractions(), inspection_links["links"])  # noqa: E731
    return _table("metrics", _frame(paths, corpus, "metrics", rows))


@_table_asset("ratings")
def ratings(corpus: Corpus, inspection_links: dict, paths: PathsResource) -> dg.Output:
    rows = lambda: assemble.rating_rows(corpus.extractions(), inspection_links["rows"], inspection_links["links"])  # noqa: E731
    return _table("ratings", _frame(paths, corpus, "ratings", rows))
