"""Inspection reports and inspectorate publications named in articles.

One module per concept, in the order the work is done: ``lexicon``,
``places`` and ``cues`` hold the words; ``sentences`` reads a document in
units and sentences; ``reader`` (with ``features``, ``dates`` and
``listings``, which splits a sentence naming several reports) turns a
sentence into references (``refs``); ``clusters`` groups a document's
references into inspections, comparing them as ``similarity`` says;
``building`` (with ``details``) and ``titles`` make one ``InspectionMention`` per inspection;
``extract`` runs them over one document. Across documents, ``merge`` groups
the mentions of one inspection and ``groups`` makes each group's row, with
an id built from its identity only, and ``linking`` ties a quote
or metric to the inspection its sentence, paragraph or article is about.
"""

from pipelines.extract.inspections.extract import extract_inspection_mentions
from pipelines.extract.inspections.linking import link_inspection
from pipelines.extract.inspections.mention import InspectionMention
from pipelines.extract.inspections.merge import merge_inspections

__all__ = [
    "InspectionMention",
    "extract_inspection_mentions",
    "link_inspection",
    "merge_inspections",
]
