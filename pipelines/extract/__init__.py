"""Pure extraction: text in, rows out. Nothing here imports Dagster.

The data's path through this package reads top to bottom:
``seeds`` (the folder's files) -> ``document`` (bytes -> normalised text,
paragraphs, sections) -> ``context`` (one parse, sentences, paragraphs per
document) -> ``providers`` -> ``quotes`` / ``metrics`` / ``inspections``
(per-document mentions, run by ``extraction``, kept by ``cache``) ->
``corpus`` (cross-document resolution: speakers, inspections merged, quote
groups, links).
"""
