"""One pandera DataFrameModel per table of the dataset contract.

These models are the single source of every column's type, nullability,
vocabulary, checks and description. The Parquet field metadata, the DuckDB
column comments, the Frictionless table schemas and the data dictionary are
all generated from them (see ``schemas.registry``).
"""

from __future__ import annotations

from typing import Annotated

import pandas as pd
import pandera.pandas as pa
import pyarrow
from pandera.typing import Series

from schemas.enums import (
    DATE_PRECISIONS,
    INGEST_STAGES,
    INSPECTION_TYPES,
    PROVIDER_TYPES,
    QUALIFIERS,
    RATINGS,
    SECTION_KINDS,
    SECTORS,
    SPEAKER_TYPES,
    STANDARDS,
    UNITS,
)

# pandas dtypes that map one-to-one onto the contract's Arrow types.
String = pd.StringDtype
Int64 = pd.Int64Dtype
Int32 = pd.Int32Dtype
Float64 = pd.Float64Dtype
Bool = pd.BooleanDtype
Date32 = Annotated[pd.ArrowDtype, pyarrow.date32()]
StringList = Annotated[pd.ArrowDtype, pyarrow.list_(pyarrow.string())]

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class _Table(pa.DataFrameModel):
    """What every table's model shares: no column the model does not define,
    and values coerced to its types."""

    class Config:
        strict = True
        coerce = True


class _SpanTable(_Table):
    """A table whose rows are spans of ``documents.text`` (``char_start``, ``char_end``)."""

    @pa.dataframe_check
    def span_ordered(cls, df: pd.DataFrame) -> pd.Series:
        return (df["char_start"] >= 0) & (df["char_end"] >= df["char_start"])


class Documents(_Table):
    """One row per source file that was read and parsed."""

    document_id: Series[String] = pa.Field(unique=True, description="File name without extension; the document's key.")
    source_path: Series[String] = pa.Field(description="Path of the source file relative to the seeds folder.")
    sha256: Series[String] = pa.Field(str_matches=r"^[0-9a-f]{64}$", description="Hex SHA-256 digest of the file's raw bytes.")
    title: Series[String] = pa.Field(description="The headline of the page.")
    publisher: Series[String] = pa.Field(nullable=True, description="The outlet, where the text states it or it is evident.")
    published_date: Series[Date32] = pa.Field(nullable=True, description="The date the document gives for itself, from its page furniture or byline (first day of the year when only the year is known).")
    published_date_precision: Series[String] = pa.Field(nullable=True, isin=DATE_PRECISIONS, description="How much of published_date the page gives: day, or year for an \"Updated:\" stamp (the page was published on or before it).")
    text: Series[String] = pa.Field(description="Normalised text (NFC, LF line ends, plain spaces); every offset in the dataset indexes into it (Python code points).")
    n_chars: Series[Int64] = pa.Field(ge=0, description="Length of text in characters.")
    n_words: Series[Int64] = pa.Field(ge=0, description="Number of whitespace-separated words in text.")

    class Config:
        description = "Source documents: one row per article file, with the normalised text all evidence spans index into."


class Sections(_SpanTable):
    """The parts of a document; sections tile the document's text."""

    document_id: Series[String] = pa.Field(description="The document the section belongs to.")
    section_index: Series[Int32] = pa.Field(ge=0, description="Position of the section in its document, from 0.")
    kind: Series[String] = pa.Field(isin=SECTION_KINDS, description="article (the page's own article), embedded_article (an article reproduced from another outlet, or an archive teaser), comment (a reader comment), boilerplate (page furniture).")
    publisher: Series[String] = pa.Field(nullable=True, description="For embedded articles, the outlet they come from.")
    title: Series[String] = pa.Field(nullable=True, description="The section's headline, where it has one.")
    char_start: Series[Int64] = pa.Field(ge=0, description="Start of the section in documents.text.")
    char_end: Series[Int64] = pa.Field(ge=0, description="End (exclusive) of the section in documents.text.")

    class Config:
        description = "The parts of each document: its article, embedded articles from other outlets, reader comments and page furniture."
        unique = ["document_id", "section_index"]


class Providers(_Table):
    """Organisations that deliver or own probation services, 2004 to today."""

    provider_id: Series[String] = pa.Field(unique=True, str_matches=SLUG, description="Stable slug of the provider, e.g. london-crc, mtcnovo, tameside-pdu, cardiff-yos.")
    name: Series[String] = pa.Field(description="Canonical name (PDUs \"<Place> PDU\", youth services \"<Place> Youth Offending Service\").")
    aliases: Series[StringList] = pa.Field(description="Every spelling accepted as a mention of this provider.")
    provider_type: Series[String] = pa.Field(isin=PROVIDER_TYPES, description="probation_trust (2010-2014); crc (Community Rehabilitation Company, 2015-2021); nps (the national probation service of its time: the National Probation Service 2014-2021, the Probation Service from 26 June 2021); nps_division (2014-2021); region (the Probation Service's 12 regions) and pdu (Probation Delivery Unit), from 2021; youth_offending_service (youth offending team or youth justice service of a local authority); agency (HM Prison and Probation Service from 2017, the National Offender Management Service 2004-2017); owner_company (a company, partnership or charity that owns or runs CRCs with an owner); other (found in the text, not in the reference data).")
    sector: Series[String] = pa.Field(isin=SECTORS, description="private, public, voluntary, mixed or unknown.")
    owner_provider_id: Series[String] = pa.Field(nullable=True, description="The provider that owns or runs this one (latest owner), e.g. london-crc -> mtcnovo.")
    region: Series[String] = pa.Field(nullable=True, description="Contract area or region.")
    mention_count: Series[Int64] = pa.Field(ge=0, description="Mentions across the corpus (0 for reference-only rows).")
    note: Series[String] = pa.Field(nullable=True, description="How the row was found when it is not from the reference data, or caveats about it.")
    valid_from: Series[Date32] = pa.Field(nullable=True, description="First day the provider existed (the first day of the month or year when the reference data gives no more); null when unknown or for providers found in the text.")
    valid_to: Series[Date32] = pa.Field(nullable=True, description="Last day the provider existed (the last day of the month or year when the reference data gives no more); null while it exists or when unknown.")
    successor_provider_id: Series[String] = pa.Field(nullable=True, description="The provider that took over its work, e.g. national-probation-service -> probation-service, tameside-pdu -> stockport-and-tameside-pdu.")
    parent_provider_id: Series[String] = pa.Field(nullable=True, description="The provider it is part of: pdu -> region -> probation-service -> hmpps; nps_division -> national-probation-service.")
    source: Series[String] = pa.Field(nullable=True, description="Where the reference data's facts about the provider come from (URLs or documents); null for providers found in the text.")
    local_authorities: Series[StringList] = pa.Field(description="For a youth offending service, the council(s) it belongs to (a joint service has several); empty for other providers.")

    class Config:
        description = "Register of probation providers and their owners, 2004 to today: every reference provider (trusts, CRCs and owners, the NPS and its divisions, the Probation Service, its regions and PDUs, youth offending services, HMPPS and NOMS), plus providers found in the text."


class ProviderMentions(_SpanTable):
    """Every mention of a provider in a document, with its evidence span."""

    mention_id: Series[String] = pa.Field(unique=True, description="document_id:char_start-char_end.")
    document_id: Series[String] = pa.Field(description="The document the mention is in.")
    provider_id: Series[String] = pa.Field(description="The provider mentioned.")
    char_start: Series[Int64] = pa.Field(ge=0, description="Start of the mention in documents.text.")
    char_end: Series[Int64] = pa.Field(ge=0, description="End (exclusive) of the mention in documents.text.")
    text: Series[String] = pa.Field(description="The mention as written; equals documents.text[char_start:char_end].")

    class Config:
        description = "Every mention of a provider, tied to the exact span of text it came from."


class Speakers(_Table):
    """People and bodies who are quoted."""

    speaker_id: Series[String] = pa.Field(unique=True, str_matches=SLUG, description="Slug of the canonical name.")
    name: Series[String] = pa.Field(description="Canonical full name without honorific (\"Glenys Stacey\"), or the organisation's or report's name.")
    speaker_type: Series[String] = pa.Field(isin=SPEAKER_TYPES, description="person, organisation, or report (an inspectorate's report speaking).")
    role: Series[String] = pa.Field(nullable=True, description="The most specific role the text gives (\"HM Chief Inspector of Probation\").")
    organisation: Series[String] = pa.Field(nullable=True, description="The organisation the text ties the speaker to.")
    provider_id: Series[String] = pa.Field(nullable=True, description="The provider, where the organisation is one.")

    class Config:
        description = "Everyone quoted: one row per canonical speaker across the corpus."


class Inspections(_Table):
    """Inspection reports and inspectorate publications."""

    inspection_id: Series[String] = pa.Field(unique=True, description="The identity as a slug: inspectorate, publication year, then the inspected provider, else the area, else the theme (hmip-2016-london-crc, hmip-2014-london); the month follows the year only where two inspections of one subject share a year. Unchanged when other articles join the folder.")
    title: Series[String] = pa.Field(description="A title in the style of the report series, built from the identity (type, subject or theme, year): \"An inspection of probation services in: Tameside PDU\", \"Thematic inspection: unpaid work\"; the official title where the text quotes it.")
    inspectorate: Series[String] = pa.Field(description="\"HM Inspectorate of Probation\"; joint inspections name every inspectorate.")
    inspection_type: Series[String] = pa.Field(isin=INSPECTION_TYPES, description="What was inspected: area (a probation trust, CRC, NPS division or region), pdu (a Probation Delivery Unit), youth (a youth offending service), thematic, joint_thematic, annual_report (adult or youth), sfo_review (a serious further offence review), follow_up or other.")
    area: Series[String] = pa.Field(nullable=True, description="The area inspected.")
    published_date: Series[Date32] = pa.Field(nullable=True, description="Publication date (first day of the period when only month or year is known).")
    date_precision: Series[String] = pa.Field(nullable=True, isin=DATE_PRECISIONS, description="How much of published_date the text gives: day, month or year.")
    provider_ids: Series[StringList] = pa.Field(description="The providers inspected.")
    lead_inspector: Series[String] = pa.Field(nullable=True, description="The inspector who led or published it, as named.")
    headline_finding: Series[String] = pa.Field(nullable=True, description="A headline finding, verbatim from a document.")
    fieldwork_date: Series[Date32] = pa.Field(nullable=True, description="The month inspectors visited, where the text gives it (\"carried out inspections in November\"; first day of the month); never the publication date.")
    document_ids: Series[StringList] = pa.Field(description="Every document that reports or names this inspection.")
    document_id: Series[String] = pa.Field(description="The document of the evidence: the sentence that names this report (its inspected provider or area, its theme, its year).")
    char_start: Series[Int64] = pa.Field(ge=0, description="Start of the evidence in documents.text (Python code points).")
    char_end: Series[Int64] = pa.Field(ge=0, description="End of the evidence in documents.text (exclusive).")
    text: Series[String] = pa.Field(description="The evidence as written: documents.text[char_start:char_end].")

    class Config:
        description = "Inspection reports and inspectorate publications, one row per publication however many documents report it."


class Metrics(_SpanTable):
    """Numeric facts stated in the documents."""

    metric_id: Series[String] = pa.Field(unique=True, description="document_id:char_start-char_end (with a suffix where one span states two figures).")
    document_id: Series[String] = pa.Field(description="The document stating the figure.")
    provider_id: Series[String] = pa.Field(nullable=True, description="The provider the figure is about.")
    inspection_id: Series[String] = pa.Field(nullable=True, description="The inspection whose finding the figure reports.")
    subject: Series[String] = pa.Field(nullable=True, description="Who or what the figure is about, as text.")
    measure: Series[String] = pa.Field(str_matches=r"^[a-z0-9]+(?:_[a-z0-9]+)*$", description="snake_case label of what is measured, e.g. offenders_supervised.")
    value: Series[Float64] = pa.Field(description="The normalised value: 28,750 -> 28750; £3.7bn -> 3.7e9; eight out of 10 -> 0.8; 17% -> 17.")
    unit: Series[String] = pa.Field(isin=UNITS, description="count, percent, gbp or ratio.")
    numerator: Series[Float64] = pa.Field(nullable=True, description="For ratios: eight out of 10 -> 8.")
    denominator: Series[Float64] = pa.Field(nullable=True, description="For ratios: eight out of 10 -> 10.")
    qualifier: Series[String] = pa.Field(isin=QUALIFIERS, description="exact, approx (around, nearly), more_than (over, more than) or less_than (under, up to).")
    period: Series[String] = pa.Field(nullable=True, description="The as-of date or period the sentence gives, ISO (YYYY, YYYY-MM, YYYY-MM-DD) where the year is known.")
    text: Series[String] = pa.Field(description="The mention as written; equals documents.text[char_start:char_end].")
    char_start: Series[Int64] = pa.Field(ge=0, description="Start of the mention in documents.text.")
    char_end: Series[Int64] = pa.Field(ge=0, description="End (exclusive) of the mention in documents.text.")
    sentence: Series[String] = pa.Field(description="The sentence that states the figure.")

    class Config:
        description = "Numeric facts (counts, percentages, money, ratios), normalised, with subject, measure and evidence."

    @pa.dataframe_check
    def ratios_have_terms(cls, df: pd.DataFrame) -> pd.Series:
        return (df["unit"] != "ratio") | (df["numerator"].notna() & df["denominator"].notna())


class Quotes(_SpanTable):
    """Direct quotations and who said them."""

    quote_id: Series[String] = pa.Field(unique=True, description="document_id:char_start-char_end.")
    document_id: Series[String] = pa.Field(description="The document carrying the quotation.")
    section_index: Series[Int32] = pa.Field(ge=0, description="The section of the document the quotation is in.")
    text: Series[String] = pa.Field(description="The quotation verbatim, without its quote marks; equals documents.text[char_start:char_end].")
    speaker_id: Series[String] = pa.Field(nullable=True, description="Who said it; null only when the text names no one.")
    speaker: Series[String] = pa.Field(nullable=True, description="The speaker's canonical name, for convenience.")
    speaker_type: Series[String] = pa.Field(nullable=True, isin=SPEAKER_TYPES, description="person, organisation or report.")
    cue: Series[String] = pa.Field(nullable=True, description="The speech verb that attributes it: said, added, warned...")
    char_start: Series[Int64] = pa.Field(ge=0, description="Start of text in documents.text.")
    char_end: Series[Int64] = pa.Field(ge=0, description="End (exclusive) of text in documents.text.")
    is_comment: Series[Bool] = pa.Field(description="True when the quotation sits inside a reader comment.")
    inspection_id: Series[String] = pa.Field(nullable=True, description="The inspection the quotation is about, where the text makes it clear.")
    quote_group_id: Series[String] = pa.Field(description="Shared by the same quotation carried by several documents.")

    class Config:
        description = "Direct quotations, one row per quoted span (per paragraph for long quotations), attributed to a speaker."


class Ratings(_SpanTable):
    """Ratings on HM Inspectorate of Probation's four-point scale."""

    rating_id: Series[String] = pa.Field(unique=True, description="document_id:char_start-char_end:body:standard, derived from the content.")
    document_id: Series[String] = pa.Field(description="The document stating the rating.")
    provider_id: Series[String] = pa.Field(nullable=True, description="The rated provider, PDU, region or youth offending service; null only where the register does not know the body.")
    area: Series[String] = pa.Field(nullable=True, description="The rated body's place as the text names it (\"Derby\", \"North Manchester\").")
    inspection_id: Series[String] = pa.Field(nullable=True, description="The inspection that gave the rating, where the text tells it; null for a past rating restated.")
    standard: Series[String] = pa.Field(isin=STANDARDS, description="\"overall\" or the standard rated, as a controlled label (case supervision, leadership, unpaid work, ...; see refdata/ratings.yaml).")
    standard_text: Series[String] = pa.Field(nullable=True, description="The standard as the text words it; null for an overall rating.")
    rating: Series[String] = pa.Field(isin=RATINGS, description="outstanding, good, requires_improvement or inadequate.")
    is_previous: Series[Bool] = pa.Field(description="True for a past rating restated (\"was previously rated 'inadequate' in 2022\").")
    rated_date: Series[Date32] = pa.Field(nullable=True, description="Publication date of the report that gave the rating, where known (first day of the period when only month or year is known).")
    rated_date_precision: Series[String] = pa.Field(nullable=True, isin=DATE_PRECISIONS, description="How much of rated_date is known: day, month or year.")
    text: Series[String] = pa.Field(description="The statement of the rating as written; equals documents.text[char_start:char_end].")
    char_start: Series[Int64] = pa.Field(ge=0, description="Start of text in documents.text.")
    char_end: Series[Int64] = pa.Field(ge=0, description="End (exclusive) of text in documents.text.")
    sentence: Series[String] = pa.Field(description="The sentence that states the rating.")

    class Config:
        description = "Ratings (outstanding, good, requires improvement, inadequate) given to named providers, PDUs, regions and youth offending services, overall or per standard, each tied to the sentence that states it."

    @pa.dataframe_check
    def named_body(cls, df: pd.DataFrame) -> pd.Series:
        return df["provider_id"].notna() | df["area"].notna()


class IngestErrors(_Table):
    """Files that could not be read, decoded, parsed or extracted."""

    source_path: Series[String] = pa.Field(description="Path of the file relative to the seeds folder.")
    stage: Series[String] = pa.Field(isin=INGEST_STAGES, description="Where it failed: read, decode, parse, extract or validate.")
    error: Series[String] = pa.Field(description="What is wrong and what to do about it.")

    class Config:
        description = "Files that could not be (fully) used, with a reason a person can act on."
