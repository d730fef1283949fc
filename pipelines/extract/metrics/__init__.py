"""Numeric facts ("metrics") of one document.

One module per concept: ``filters`` decides whether a figure is a metric,
``nouns`` finds the noun it counts, ``measures`` names what it measures,
``provider`` finds whom it is about, ``periods`` when; ``state`` holds the
document as these rules read it, ``lexicon`` and ``patterns`` their words,
and ``extract`` (whose docstring states the rules) runs them. The figures
themselves come from ``pipelines.extract.numbers``.
"""

from pipelines.extract.metrics.extract import extract_metrics

__all__ = ["extract_metrics"]
