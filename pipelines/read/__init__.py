"""Stage 1, reading: the seeds folder -> one ``SourceDocument`` per article.

``seeds`` is the one walk over the folder (which files are articles, what an
unusable one becomes) and ``sources`` its cheap scan for the sensor;
``document`` decodes and normalises a file's text and finds its paragraphs;
``layout`` finds a saved page's sections, title and own date (with ``dates``,
dates as articles write them). ``model`` holds the document types and
``errors`` the ``IngestError`` every stage reports a file's problem with.
Nothing here imports a later stage or Dagster.
"""
