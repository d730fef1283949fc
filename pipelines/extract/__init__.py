"""Pure extraction: text in, rows out. Nothing here imports Dagster.

The data's path through this package reads top to bottom:
``document`` (bytes -> normalised text, paragraphs, sections) ->
``providers`` (gazetteer mentions) -> ``quotes`` / ``metrics`` /
``inspections`` (per-document rows) -> ``corpus`` (cross-document
resolution: speakers, inspections merged, quote groups, links).
"""
