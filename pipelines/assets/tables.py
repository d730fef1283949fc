"""The corpus -> the dataset's tables, each validated by its pandera schema
(see checks.py) before anything is published.

The rows come from pure functions in pipelines/assemble; these assets only
wire them together and describe the result for the UI.
"""


import dagster as dg

from pipelines.assemble import tables as assemble
from pipelines.assets.metadata import definition_metadata, output_metadata, table_out
from pipelines.extract.corpus import Corpus
from pipelines.extract.providers import load_gazetteer
from schemas.registry import TABLES, to_frame

GROUP = "tables"
# Every table is recomputed once its inputs changed and none is still running.
AUTOMATION = dg.AutomationCondition.eager()


def _table(name: str, rows: list[dict], output_name: str = "result") -> dg.Output:
    frame = to_frame(name, rows)
    return dg.Output(frame, output_name=output_name, metadata=output_metadata(frame))


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
def documents(corpus: Corpus) -> dg.Output:
    return _table("documents", assemble.document_rows(corpus.documents()))


@_table_asset("sections")
def sections(corpus: Corpus) -> dg.Output:
    return _table("sections", assemble.section_rows(corpus.documents()))


@_table_asset("ingest_errors")
def ingest_errors(corpus: Corpus) -> dg.Output:
    return _table("ingest_errors", assemble.error_rows(corpus.errors))


@dg.multi_asset(
    group_name=GROUP,
    outs={name: table_out(name, AUTOMATION) for name in ("providers", "provider_mentions")},
)
def provider_tables(corpus: Corpus):
    providers, mentions = assemble.provider_tables(corpus.extractions(), load_gazetteer())
    yield _table("providers", providers, output_name="providers")
    yield _table("provider_mentions", mentions, output_name="provider_mentions")


@dg.asset(group_name="extract", kinds={"python"}, automation_condition=AUTOMATION)
def inspection_links(corpus: Corpus) -> dict:
    """Inspections merged across documents, with the links from each
    document's passages to them (used to link quotes and metrics)."""
    rows, links = assemble.inspection_table(corpus.extractions())
    return {"rows": rows, "links": links}


@_table_asset("inspections")
def inspections(inspection_links: dict) -> dg.Output:
    return _table("inspections", inspection_links["rows"])


@dg.multi_asset(
    group_name=GROUP,
    outs={name: table_out(name, AUTOMATION) for name in ("speakers", "quotes")},
)
def quote_tables(corpus: Corpus, inspection_links: dict):
    speakers, quotes = assemble.quote_tables(corpus.extractions(), inspection_links["links"])
    yield _table("speakers", speakers, output_name="speakers")
    yield _table("quotes", quotes, output_name="quotes")


@_table_asset("metrics")
def metrics(corpus: Corpus, inspection_links: dict) -> dg.Output:
    return _table("metrics", assemble.metric_rows(corpus.extractions(), inspection_links["links"]))


@_table_asset("ratings")
def ratings(corpus: Corpus, inspection_links: dict) -> dg.Output:
    return _table("ratings", assemble.rating_rows(corpus.extractions(), inspection_links["rows"], inspection_links["links"]))
