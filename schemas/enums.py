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
# The providers of one local area, most local first: a place names the first
# of these that covers it (the provider register's look-up by place), and a
# provider of one of them dates an article to its era.
LOCAL_PROVIDER_TYPES = ("pdu", "crc", "probation_trust", "region", "nps_division")
# The local providers that deliver probation in their own name: an article
# about one of them calls it "the probation service". A region is the
# Probation Service's own subdivision, so it is not one of them.
LOCAL_SERVICE_TYPES = tuple(t for t in LOCAL_PROVIDER_TYPES if t != "region")
# The kinds of local unit HM Inspectorate of Probation inspects and reports on
# one by one (a list of them in one sentence is one report each).
INSPECTED_UNIT_TYPES = ("pdu", "youth_offending_service", "crc", "probation_trust")
# Local providers whose areas are unions of counties, so one county names them.
COUNTY_AREA_TYPES = ("crc", "probation_trust")
SECTORS = ("private", "public", "voluntary", "mixed", "unknown")
SPEAKER_TYPES = ("person", "organisation", "report")
INSPECTION_TYPES = ("area", "pdu", "youth", "thematic", "joint_thematic", "annual_report", "sfo_review", "follow_up",
                    "other")
# Inspection types whose reports cover the country or a theme, not one place;
# every other type is of one local subject, and its inspection_id is that
# subject's (or its area's) slug.
NATIONAL_INSPECTION_TYPES = ("thematic", "joint_thematic", "annual_report", "sfo_review")
LOCAL_INSPECTION_TYPES = tuple(t for t in INSPECTION_TYPES if t not in NATIONAL_INSPECTION_TYPES)
DATE_PRECISIONS = ("day", "month", "year")
UNITS = ("count", "percent", "gbp", "ratio")
QUALIFIERS = ("exact", "approx", "more_than", "less_than")
INGEST_STAGES = ("read", "decode", "parse", "extract", "validate")
RATINGS = ("outstanding", "good", "requires_improvement", "inadequate")

# The controlled standard labels: "overall" and those of the rating reference
# data, kept there once beside the spellings the ratings extractor reads.
STANDARDS = ("overall", *ratings_data().standard_labels)
