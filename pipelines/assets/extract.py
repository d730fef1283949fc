"""Seeds -> per-document extractions -> the corpus.

``document_extractions`` is partitioned by document (one dynamic partition
per article, registered by the seeds sensor or the CLI): a run parses only
its documents and stores each extraction in the cache, keyed by content
and extractor fingerprint. ``corpus`` combines every current document with
its stored extraction; everything downstream is corpus-wide.
"""


import dagster as dg

from pipelines.assets.progress import Progress
from pipelines.extract.cache import ExtractionCache, extract_with_cache
from pipelines.extract.corpus import Corpus, collect_corpus
from pipelines.extract.nlp import load_nlp, unload_nlp
from pipelines.extract.providers import load_gazetteer
from pipelines.read.errors import IngestError
from pipelines.read.manifest import SourceManifest
from pipelines.read.seeds import iter_documents
from pipelines.resources import PathsResource

GROUP = "extract"

document_partitions = dg.DynamicPartitionsDefinition(name="documents")


@dg.asset(
    group_name=GROUP,
    kinds={"spacy", "python"},
    partitions_def=document_partitions,
    # A backfill of thousands of documents is one run: the model loads once
    # and nlp.pipe batches across documents.
    backfill_policy=dg.BackfillPolicy.single_run(),
)
def document_extractions(context: dg.AssetExecutionContext, paths: PathsResource) -> dg.MaterializeResult:
    """Provider mentions, quotes, metrics and inspection mentions of each
    document, from one spaCy parse, stored in the extraction cache. A document
    whose text and extractors have not changed since it was last extracted
    is not parsed again."""
    cache = ExtractionCache(paths.cache)
    unreadable: list[IngestError] = []
    manifest = SourceManifest.beside(cache.root, paths.seeds)

    def documents():
        for item in iter_documents(paths.seeds, context.partition_keys, paths.max_bytes, manifest, cache.has_extraction):
            if isinstance(item, IngestError):
                context.log.warning(item.message)
                unreadable.append(item)
            else:
                yield item

    parsed = reused = failed = 0
    progress = Progress(total=len(context.partition_keys))
    for _document, item, was_reused in extract_with_cache(documents(), cache, load_nlp, load_gazetteer()):
        if line := progress.step():
            context.log.info(line)
        if isinstance(item, IngestError):
            failed += 1
            context.log.error(item.message)
        if was_reused:
            reused += 1
        else:
            parsed += 1
    unload_nlp()
    manifest.save()
    context.log.info(f"{parsed} document(s) parsed, {reused} reused from the cache, {failed} failed")
    return dg.MaterializeResult(
        metadata={
            "documents": parsed + reused,
            "parsed": parsed,
            "reused_from_cache": reused,
            "failed": failed + len(unreadable),
            "cache": dg.MetadataValue.path(str(cache.root)),
        }
    )


@dg.asset(
    group_name=GROUP,
    kinds={"python"},
    deps=[document_extractions],
    # Recomputed once new extractions landed and none is still running.
    automation_condition=dg.AutomationCondition.eager(),
)
def corpus(context: dg.AssetExecutionContext, paths: PathsResource) -> Corpus:
    """Every usable article of the seeds folder, listed with where its
    extraction is stored (the tables read them one at a time); files that
    cannot be used are kept as errors with a reason a person can act on."""
    result, parsed = collect_corpus(paths.seeds, ExtractionCache(paths.cache), load_nlp, load_gazetteer(),
                                    max_bytes=paths.max_bytes)
    for error in result.errors:
        (context.log.error if error.stage == "extract" else context.log.warning)(error.message)
    # Normally every extraction is stored already (its partition ran); one
    # that is not, e.g. a file changed since, is extracted here rather than
    # silently left out.
    if parsed:
        context.log.warning(f"{parsed} document(s) had no stored extraction and were extracted here")
    context.add_output_metadata(
        {
            "documents": len(result.entries),
            "errors": len(result.errors),
            "extracted_here": parsed,
            "seeds_dir": dg.MetadataValue.path(str(paths.seeds)),
        }
    )
    return result
