"""Inspection reports and inspectorate publications named in articles.

One module per concept, in the order the work is done: ``lexicon``,
``places`` and ``cues`` hold the words; ``sentences`` reads a document in
units and sentences; ``reader`` (with ``features`` and ``dates``) turns a
sentence into references (``refs``); ``clusters`` groups a document's
references into inspections, comparing them as ``similarity`` says;
``building`` and ``titles`` make one ``InspectionMention`` per inspection;
``extract`` runs them over one document. Across documents the mentions are
merged, given ids and linked in ``pipelines.resolve.inspections``.
"""

from pipelines.extract.inspections.extract import extract_inspection_mentions
from pipelines.extract.inspections.mention import InspectionMention

__all__ = [
    "InspectionMention",
    "extract_inspection_mentions",
]
