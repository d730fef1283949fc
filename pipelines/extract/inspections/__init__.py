"""Inspection reports and inspectorate publications named in articles.

One module per concept, in the order the work is done: ``lexicon``,
``places`` and ``cues`` hold the words; ``sentences`` reads a document in
units and sentences; ``reader`` (with ``features`` and ``dates``) turns a
sentence into references (``refs``); ``clusters`` groups a document's
references into inspections, comparing them as ``similarity`` says;
``building`` and ``titles`` make one ``InspectionMention`` per inspection;
``extract`` runs them over one document. Across documents, ``merge`` groups
the mentions of one inspection and ``groups`` makes each group's row, and ``linking`` ties a quote
or metric to the inspection its sentence, paragraph or article is about.
"""

from pipelines.extract.inspections.extract import extract_inspection_mentions
from pipelines.extract.inspections.mention import InspectionMention

__all__ = [
    "InspectionMention",
    "extract_inspection_mentions",
]
