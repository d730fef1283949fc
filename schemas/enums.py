"""Every vocabulary of allowed values, once.

The pandera models (``schemas.tables``) check columns against these, and the
extractors import them to say what they may emit; neither defines its own.
"""

from pipelines.refdata.ratings import ratings_data

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
# The providers only HM Inspectorate of Probation inspects on its own: a local
# inspection of one is its report unless the text says a joint one.
PROBATION_PROVIDER_TYPES = ("crc", "nps", "nps_division", "probation_trust", "pdu", "region", "youth_offending_service")
SECTORS = ("private", "public", "voluntary", "mixed", "unknown")
SPEAKER_TYPES = ("person", "organisation", "report")
INSPECTION_TYPES = ("area", "pdu", "youth", "thematic", "joint_thematic", "annual_report", "sfo_review", "follow_up",
                    "other")
DATE_PRECISIONS = ("day", "month", "year")
UNITS = ("count", "percent", "gbp", "ratio")
QUALIFIERS = ("exact", "approx", "more_than", "less_than")
INGEST_STAGES = ("read", "decode", "parse", "extract", "validate")
RATINGS = ("outstanding", "good", "requires_improvement", "inadequate")

# The controlled standard labels: "overall" and those of the rating reference
# data, kept there once beside the spellings the ratings extractor reads.
STANDARDS = ("overall", *ratings_data().standard_labels)
