"""Every vocabulary of allowed values, once.

The pandera models (``schemas.tables``) check columns against these, and the
extractors import them to say what they may emit; neither defines its own.
"""

from importlib import resources

import yaml

SECTION_KINDS = ("article", "embedded_article", "comment", "boilerplate")
PROVIDER_TYPES = (
    "crc", "nps", "nps_division", "probation_trust", "owner_company", "region", "pdu", "youth_offending_service",
    "agency", "other",
)
# The providers an inspection row may name. Owner companies own providers and
# are not inspected; regions and agencies are left out (no inspection type of
# theirs). PDUs and youth offending services are the subjects of pdu and youth
# inspections.
INSPECTED_PROVIDER_TYPES = ("crc", "nps", "nps_division", "probation_trust", "pdu", "youth_offending_service", "other")
SECTORS = ("private", "public", "voluntary", "mixed", "unknown")
SPEAKER_TYPES = ("person", "organisation", "report")
INSPECTION_TYPES = ("area", "pdu", "youth", "thematic", "joint_thematic", "annual_report", "sfo_review", "follow_up",
                    "other")
DATE_PRECISIONS = ("day", "month", "year")
UNITS = ("count", "percent", "gbp", "ratio")
QUALIFIERS = ("exact", "approx", "more_than", "less_than")
INGEST_STAGES = ("read", "decode", "parse", "extract", "validate")
RATINGS = ("outstanding", "good", "requires_improvement", "inadequate")


def _standard_labels() -> tuple[str, ...]:
    """The controlled standard labels: "overall" and those of the rating
    reference data (``refdata/ratings.yaml``), which the ratings extractor
    reads too; the labels are kept there once, beside their spellings."""
    with resources.files("pipelines.refdata").joinpath("ratings.yaml").open(encoding="utf-8") as handle:
        return ("overall", *(entry["label"] for entry in yaml.safe_load(handle)["standards"]))


STANDARDS = _standard_labels()
