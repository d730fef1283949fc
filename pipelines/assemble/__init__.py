"""Stage 4, assembling: the stored extractions and the resolved entities ->
the rows of each table, shaped as ``schemas/tables.py`` defines them.

``tables`` has one function per table (called by the Dagster table assets);
``providers`` builds the providers and provider_mentions tables and
``ratings`` links each rating to its inspection and dates it.
"""
