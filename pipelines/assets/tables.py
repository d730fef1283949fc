"""The corpus -> the dataset's tables, each validated by its pandera schema
(see checks.py) before anything is published.

Each document's rows are stored once as Parquet (``document_rows``); the
tables are assembled from them by DuckDB and the pure functions in
pipelines/assemble; these assets only wire them together and describe the
result for the UI.
"""


import dagster as dg
import pandas as pd

from pipelines.assemble import sql
from pipelines.assemble import tables as assemble
from pipelines.assemble.store import RowStore, RowView
from pipelines.assets.metadata import definition_metadata, output_metadata, table_out
from pipelines.extract.corpus import Corpus
from pipelines.extract.providers import load_gazetteer
from pipelines.resources import PathsResource
from pipelines.reuse import kept_memo, reuse
from schemas.registry import TABLES, to_frame

GROUP = "tables"
# Every table is recomputed once its inputs changed and none is still running.
AUTOMATION = dg.AutomationCondition.eager()


def _memo_folder(paths: PathsResource):
    """Where the merges keep what an unchanged part of the corpus gave them
    (see reuse.kept_memo): a rebuild merges again only what changed."""
    return paths.outputs / ".cache" / "memo"


def _table(name: str, frame: pd.DataFrame, output_name: str = "result") -> dg.Output:
    return dg.Output(frame, output_name=output_name, metadata=output_metadata(frame))


def _reused(paths: PathsResource, rows: RowView, name: str, compute):
    """A corpus-wide step's result, computed only when the corpus or the
    code changed since it was last computed (see reuse.py)."""
    return reuse(paths.outputs / ".cache" / "reuse", rows.corpus_digest, name, compute)


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


@dg.asset(group_name="extract", kinds={"parquet", "duckdb"}, automation_condition=AUTOMATION)
def document_rows(corpus: Corpus, paths: PathsResource) -> RowView:
    """Each document's rows of every table, stored as Parquet beside the
    extractions (outputs/.cache/rows): only documents the store does not
    hold yet are read, so the tables are assembled by SQL over the store
    instead of re-reading every extraction (see assemble/store.py)."""
    return RowStore.beside(paths.outputs, corpus).update(corpus)


@_table_asset("documents")
def documents(document_rows: RowView, paths: PathsResource) -> dg.Output:
    return _table("documents", _reused(paths, document_rows, "documents", lambda: sql.documents(document_rows)))


@_table_asset("sections")
def sections(document_rows: RowView, paths: PathsResource) -> dg.Output:
    return _table("sections", _reused(paths, document_rows, "sections", lambda: sql.sections(document_rows)))


@_table_asset("ingest_errors")
def ingest_errors(corpus: Corpus) -> dg.Output:
    return _table("ingest_errors", to_frame("ingest_errors", assemble.error_rows(corpus.errors)))


@dg.multi_asset(
    group_name=GROUP,
    outs={name: table_out(name, AUTOMATION) for name in ("providers", "provider_mentions")},
)
def provider_tables(document_rows: RowView, paths: PathsResource):
    providers, mentions = _reused(paths, document_rows, "provider_tables",
                                  lambda: sql.provider_tables(document_rows, load_gazetteer()))
    yield _table("providers", providers, output_name="providers")
    yield _table("provider_mentions", mentions, output_name="provider_mentions")


@dg.asset(group_name="extract", kinds={"python"}, automation_condition=AUTOMATION)
def inspection_links(document_rows: RowView, paths: PathsResource) -> dict:
    """Inspections merged across documents, with the links from each
    document's passages to them (used to link quotes and metrics)."""

    def compute():
        with kept_memo(_memo_folder(paths), "inspection_links") as memo:
            rows, links = sql.inspection_table(document_rows, memo=memo)
        return {"rows": rows, "links": links}

    return _reused(paths, document_rows, "inspection_links", compute)


@_table_asset("inspections")
def inspections(inspection_links: dict) -> dg.Output:
    return _table("inspections", to_frame("inspections", inspection_links["rows"]))


@dg.multi_asset(
    group_name=GROUP,
    outs={name: table_out(name, AUTOMATION) for name in ("speakers", "quotes")},
)
def quote_tables(document_rows: RowView, inspection_links: dict, paths: PathsResource):
    def compute():
        with kept_memo(_memo_folder(paths), "quote_tables") as memo:
            return sql.quote_tables(document_rows, inspection_links["links"], memo=memo)

    speakers, quotes = _reused(paths, document_rows, "quote_tables", compute)
    yield _table("speakers", speakers, output_name="speakers")
    yield _table("quotes", quotes, output_name="quotes")


@_table_asset("metrics")
def metrics(document_rows: RowView, inspection_links: dict, paths: PathsResource) -> dg.Output:
    return _table("metrics", _reused(paths, document_rows, "metrics",
                                     lambda: sql.metrics(document_rows, inspection_links["links"])))


@_table_asset("ratings")
def ratings(document_rows: RowView, inspection_links: dict, paths: PathsResource) -> dg.Output:
    return _table("ratings", _reused(paths, document_rows, "ratings", lambda: sql.ratings(
        document_rows, inspection_links["rows"], inspection_links["links"])))
