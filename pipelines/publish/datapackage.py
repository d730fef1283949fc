"""The release's ``datapackage.json``: a Frictionless Data Package (v2) with
one tabular resource per Parquet file, its Table Schema generated from the
pandera models and the keys in ``schemas.registry``."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pandera.pandas as pa
import pyarrow

from schemas.registry import TABLES, Table, arrow_type

PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
TABLE_SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
PARQUET_MEDIATYPE = "application/vnd.apache.parquet"

NAME = "probation-inspections-england-wales"
TITLE = "Probation inspections in England and Wales"
DESCRIPTION = (
    "Inspections, probation providers, numeric facts and quotations extracted from articles about "
    "HM Inspectorate of Probation reports. Every row that comes from text carries document_id, "
    "char_start and char_end, and documents.text[char_start:char_end] is its exact evidence."
)
KEYWORDS = ["probation", "inspection", "HM Inspectorate of Probation", "England", "Wales", "criminal justice"]
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _field_type(arrow: pyarrow.DataType) -> dict:
    if pyarrow.types.is_list(arrow):
        # frictionless 5.21 reads a Parquet list as a numpy array, which its
        # list and array types reject; the description names the item type.
        return {"type": "any"}
    if pyarrow.types.is_string(arrow):
        return {"type": "string"}
    if pyarrow.types.is_integer(arrow):
        return {"type": "integer"}
    if pyarrow.types.is_floating(arrow):
        return {"type": "number"}
    if pyarrow.types.is_boolean(arrow):
        return {"type": "boolean"}
    if pyarrow.types.is_date32(arrow):
        return {"type": "date"}
    raise TypeError(f"no Table Schema type for Arrow type {arrow}")


def _xsd_pattern(pattern: str) -> str:
    """Table Schema patterns are XML Schema regular expressions: implicitly
    anchored, without non-capturing groups."""
    return pattern.removeprefix("^").removesuffix("$").replace("(?:", "(")


def _constraints(column: pa.Column) -> dict:
    constraints: dict = {}
    if not column.nullable:
        constraints["required"] = True
    if column.unique:
        constraints["unique"] = True
    for check in column.checks:
        stats = check.statistics or {}
        if check.name == "isin":
            constraints["enum"] = list(stats["allowed_values"])
        elif check.name == "str_matches":
            constraints["pattern"] = _xsd_pattern(stats["pattern"])
        elif check.name == "greater_than_or_equal_to":
            constraints["minimum"] = stats["min_value"]
        else:
            raise ValueError(f"no Table Schema constraint for the pandera check {check.name} on {column.name}")
    return constraints


def _list_note(table: Table, column: str, arrow: pyarrow.DataType) -> str:
    if not pyarrow.types.is_list(arrow):
        return ""
    note = f" A list of {_field_type(arrow.value_type)['type']} values."
    for fk in table.foreign_keys:
        if fk.is_list and column in fk.columns:
            note += (
                f" Each item references {fk.table}.{','.join(fk.ref_columns)}; Table Schema cannot declare a "
                "foreign key on a list column, so the pipeline's foreign_keys check enforces it instead."
            )
    return note


def table_schema(table: Table) -> dict:
    model = table.model.to_schema()
    fields = []
    for name, column in model.columns.items():
        arrow = arrow_type(column.dtype.type)
        field = {"name": name, **_field_type(arrow)}
        field["description"] = (column.description or "") + _list_note(table, name, arrow)
        constraints = _constraints(column)
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    schema = {
        "$schema": TABLE_SCHEMA_PROFILE,
        "fields": fields,
        "missingValues": [""],
        "primaryKey": list(table.primary_key),
    }
    if model.unique and list(model.unique) != list(table.primary_key):
        schema["uniqueKeys"] = [list(model.unique)]
    foreign_keys = []
    for fk in table.foreign_keys:
        if fk.is_list:
            continue
        reference: dict = {"fields": list(fk.ref_columns)}
        if fk.table != table.name:  # v2: a reference without a resource is to the same resource
            reference = {"resource": fk.table, **reference}
        foreign_keys.append({"fields": list(fk.columns), "reference": reference})
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return schema


def resource(table: Table, release_dir: Path, relative_path: str) -> dict:
    """No ``bytes``: frictionless 5.21 reads Parquet through pyarrow, never
    counts its bytes, and so reports every declared ``bytes`` as wrong
    (it skips the hash check for the same reason; SHA256SUMS covers both)."""
    path = release_dir / relative_path
    return {
        "name": table.name,
        "type": "table",
        "path": relative_path,
        "format": "parquet",
        "mediatype": PARQUET_MEDIATYPE,
        "hash": f"sha256:{sha256_file(path)}",
        "description": table.description,
        "schema": table_schema(table),
    }


def package(
    release_dir: Path,
    parquet_paths: dict[str, str],
    version: str,
    created: dt.datetime,
    sources: list[dict],
) -> dict:
    """The descriptor; ``parquet_paths`` maps each table to its path relative
    to ``release_dir``."""
    return {
        "$schema": PACKAGE_PROFILE,
        "name": NAME,
        "title": TITLE,
        "description": DESCRIPTION,
        "version": version,
        "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "keywords": KEYWORDS,
        "licenses": [LICENSE],
        "sources": sources,
        "resources": [resource(TABLES[name], release_dir, path) for name, path in parquet_paths.items()],
    }


def write(descriptor: dict, path: Path) -> Path:
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def source_entries(documents: list[dict]) -> list[dict]:
    """One Data Package source per article, in document_id order."""
    sources = []
    for doc in sorted(documents, key=lambda d: d["document_id"]):
        entry = {"title": doc["title"], "document_id": doc["document_id"], "sha256": doc["sha256"]}
        if doc.get("publisher"):
            entry["publisher"] = doc["publisher"]
        if doc.get("published_date") is not None:
            entry["published"] = doc["published_date"].isoformat()
        sources.append(entry)
    return sources

