"""Rating rows of the whole corpus: each linked to the inspection that gave
it and dated by that report's publication."""

from __future__ import annotations

from datetime import date
from typing import Iterable, Mapping

from pipelines.extract.ratings.bodies import place_tokens
from pipelines.resolve.inspections import link_inspection


def rating_rows(extractions: Iterable, inspection_rows: list[dict], inspection_ids: Mapping[str, str]) -> list[dict]:
    """The ``ratings`` table's rows. A current rating belongs to the
    inspection its passage is about, when that inspection is of the rated
    body, and takes that report's date; a past rating restated ("previously
    rated 'inadequate' in 2022") belongs to no inspection the corpus knows
    and takes the year the text gives it."""
    inspections = {row["inspection_id"]: row for row in inspection_rows}
    rows = []
    for extraction in extractions:
        document = extraction.document
        for rating in extraction.ratings:
            linked = None
            if not rating["is_previous"]:
                linked = link_inspection(document, rating["char_start"], rating["char_end"],
                                         extraction.inspections, inspection_ids)
            rows.append(rating_row(rating, inspections.get(linked), document.published_date))
    return rows


def rating_row(rating: dict, inspection: dict | None, document_date: date | None) -> dict:
    """One rating's row, given the inspection its passage is linked to (None
    for a past rating restated) and its document's date."""
    if inspection is not None and not _of_the_body(rating, inspection):
        inspection = None
    rated_date, precision = _rated_date(rating, inspection, document_date)
    return {**rating, "inspection_id": inspection["inspection_id"] if inspection else None,
            "rated_date": rated_date, "rated_date_precision": precision}


def _of_the_body(rating: dict, inspection: dict) -> bool:
    """Whether the inspection can be the one that rated the body: it lists
    the rated provider, or (naming none) its area is the body's place."""
    providers = list(inspection.get("provider_ids") or ())
    if rating["provider_id"] and providers:
        return rating["provider_id"] in providers
    if rating["area"] and inspection.get("area"):
        return bool(place_tokens(rating["area"]) & place_tokens(inspection["area"]))
    return True


def _rated_date(rating: dict, inspection: dict | None, document_date: date | None) -> tuple[date | None, str | None]:
    if rating["is_previous"]:
        year = rating.get("previous_year")
        return (date(year, 1, 1), "year") if year else (None, None)
    if inspection is not None and inspection.get("published_date") is not None:
        return inspection["published_date"], inspection.get("date_precision")
    if rating.get("stated_year"):
        return date(rating["stated_year"], 1, 1), "year"
    # An article reporting a new rating is dated with its report.
    if document_date is not None:
        return document_date, "day"
    return None, None
