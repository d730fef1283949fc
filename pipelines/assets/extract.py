"""Documents -> mentions -> tables."""


import dagster as dg
import pandas as pd

from pipelines.extract import corpus
from pipelines.extract.corpus import ExtractionResult, IngestResult
from pipelines.extract.errors import IngestError
from pipelines.extract.nlp import load_nlp
from pipelines.extract.providers import load_gazetteer
from schemas.registry import to_frame

GROUP = "extract"


@dg.asset(group_name=GROUP, kinds={"spacy"})
def document_extractions(context: dg.AssetExecutionContext, source_documents: IngestResult) -> ExtractionResult:
    """Per-document extraction (provider mentions, quotes, metrics, inspection
    mentions) over one spaCy parse of each document."""
    result = ExtractionResult()
    for item in corpus.extract_corpus(source_documents.documents, load_nlp(), load_gazetteer()):
        if isinstance(item, IngestError):
            context.log.error(item.message)
            result.errors.append(item)
        else:
            result.extractions.append(item)
    context.add_output_metadata({"documents": len(result.extractions), "errors": len(result.errors)})
    return result


@dg.asset(group_name="ingest", kinds={"pandas", "pandera"})
def ingest_errors(source_documents: IngestResult, document_extractions: ExtractionResult) -> pd.DataFrame:
    """Files that could not be (fully) used, with a reason a person can act on."""
    return to_frame("ingest_errors", corpus.error_rows([*source_documents.errors, *document_extractions.errors]))


@dg.multi_asset(
    group_name=GROUP,
    outs={
        "providers": dg.AssetOut(kinds={"pandas", "pandera"}, description="Register of probation providers and owners."),
        "provider_mentions": dg.AssetOut(kinds={"pandas", "pandera"}, description="Every provider mention with evidence."),
    },
)
def provider_tables(document_extractions: ExtractionResult):
    providers, mentions = corpus.provider_tables(document_extractions.extractions, load_gazetteer())
    return to_frame("providers", providers), to_frame("provider_mentions", mentions)


@dg.asset(group_name=GROUP, kinds={"python"})
def inspection_links(document_extractions: ExtractionResult) -> dict:
    """Inspections merged across documents, with the links from each
    document's passages to them (used to link quotes and metrics)."""
    rows, links = corpus.inspection_table(document_extractions.extractions)
    return {"rows": rows, "links": links}


@dg.asset(group_name=GROUP, kinds={"pandas", "pandera"})
def inspections(inspection_links: dict) -> pd.DataFrame:
    """Inspection reports and inspectorate publications, one row each."""
    return to_frame("inspections", inspection_links["rows"])


@dg.multi_asset(
    group_name=GROUP,
    outs={
        "speakers": dg.AssetOut(kinds={"pandas", "pandera"}, description="Everyone quoted, one row per canonical speaker."),
        "quotes": dg.AssetOut(kinds={"pandas", "pandera"}, description="Direct quotations, attributed, with evidence."),
    },
)
def quote_tables(document_extractions: ExtractionResult, inspection_links: dict):
    speakers, quotes = corpus.quote_tables(document_extractions.extractions, inspection_links["links"])
    return to_frame("speakers", speakers), to_frame("quotes", quotes)


@dg.asset(group_name=GROUP, kinds={"pandas", "pandera"})
def metrics(document_extractions: ExtractionResult, inspection_links: dict) -> pd.DataFrame:
    """Numeric facts, normalised, with subject, measure and evidence."""
    return to_frame("metrics", corpus.metric_rows(document_extractions.extractions, inspection_links["links"]))
