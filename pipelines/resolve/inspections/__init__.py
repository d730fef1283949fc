"""Inspections across documents: ``merge`` groups the mentions of one
inspection and ``groups`` makes each group's row and id; ``linking`` ties a
quote, metric or rating to the inspection its sentence, paragraph or article
is about."""

from pipelines.resolve.inspections.linking import link_inspection
from pipelines.resolve.inspections.merge import merge_inspections

__all__ = ["link_inspection", "merge_inspections"]
