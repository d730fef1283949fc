"""Measuring the pipeline against hand annotations: the scoring rules
(``scoring``), the pairing of rows (``matching``), the error listing a
developer works from (``errors``) and the annotated sets (``sets``)."""

from pipelines.evaluation.scoring import Evaluation, Score, evaluate, evaluate_tables, load_gold

__all__ = ["Evaluation", "Score", "evaluate", "evaluate_tables", "load_gold"]
