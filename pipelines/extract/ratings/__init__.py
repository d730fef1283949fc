"""Ratings on HM Inspectorate of Probation's four-point scale (outstanding,
good, requires improvement, inadequate) that articles give named providers,
PDUs, regions and youth offending services, overall or per standard.

``extract`` reads one document's context (its sentences, its provider
mentions, its gazetteer) into rating mentions with their evidence
(``pipelines.assemble.ratings`` links them to the inspection that gave them
and dates them, for the ``ratings`` table). ``bodies``
resolves the rated body, ``statements`` reads the sentences that state a
rating, ``spans`` holds their span helpers, and ``vocabulary`` compiles the
word lists of ``refdata/ratings.yaml``.
"""

from pipelines.extract.ratings.extract import extract_ratings

__all__ = ["extract_ratings"]
