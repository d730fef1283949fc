"""Stage 2, per-document extraction: a document in, its mentions out.

``nlp`` loads the spaCy model and ``prefilter`` chooses what it parses;
``context`` builds one ``DocumentContext`` per document (the checked parse,
paragraphs, ``sentences``, provider mentions, dates); then one package per
concept: ``providers``, ``quotes``, ``metrics`` (with ``numbers``),
``inspections``, ``ratings``. ``extraction`` runs them all over each
document with one failure policy, ``cache`` keeps each document's result and
``corpus`` lists the stored results the later stages read. ``slugs`` is the
one way a name becomes part of an identifier. Nothing here imports Dagster
or a later stage.
"""
