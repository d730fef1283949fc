"""Seeds -> documents: read the seeds folder, one row per usable file."""


import dagster as dg
import pandas as pd

from pipelines.extract.corpus import IngestResult, document_rows, read_corpus, section_rows
from pipelines.resources import PathsResource
from schemas.registry import to_frame

GROUP = "ingest"


@dg.asset(group_name=GROUP, kinds={"python"})
def source_documents(context: dg.AssetExecutionContext, paths: PathsResource) -> IngestResult:
    """Every article file in the seeds folder, decoded and normalised, with
    its paragraphs and sections; files that cannot be used are kept as errors."""
    result = read_corpus(paths.seeds, max_bytes=paths.max_bytes)
    for error in result.errors:
        context.log.warning(error.message)
    context.add_output_metadata(
        {"documents": len(result.documents), "errors": len(result.errors), "seeds_dir": str(paths.seeds)}
    )
    return result


@dg.asset(group_name=GROUP, kinds={"pandas", "pandera"})
def documents(source_documents: IngestResult) -> pd.DataFrame:
    """One row per source file, with the normalised text every offset indexes into."""
    return to_frame("documents", document_rows(source_documents.documents))


@dg.asset(group_name=GROUP, kinds={"pandas", "pandera"})
def sections(source_documents: IngestResult) -> pd.DataFrame:
    """The parts of each document: article, embedded articles, comments, furniture."""
    return to_frame("sections", section_rows(source_documents.documents))
