"""Inspection reports and inspectorate publications named in articles.

One module per concept, in the order the work is done: ``lexicon``,
``places`` and ``cues`` hold the words; ``sentences`` reads a document in
units and sentences; ``reader`` (with ``features``, ``dates`` and
``listings``, which splits a sentence naming several reports) turns a
sentence into references (``refs``); ``clusters`` groups a document's
references into inspections, comparing them as ``similarity`` says;
``building`` (with ``details``) and ``titles`` make one ``InspectionMention``
per inspection; ``extract`` runs them over one document. Across documents
the mentions are merged, given ids built from their identity only, and
linked in ``pipelines.resolve.inspections``.
"""

from pipelines.extract.inspections.extract import extract_inspection_mentions
from pipelines.extract.inspections.mention import InspectionMention

__all__ = [
    "InspectionMention",
    "extract_inspection_mentions",
]
