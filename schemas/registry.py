"""The tables of the dataset: their models, keys and Arrow schemas.

Keys are declared here, beside the models, so that the DuckDB constraints,
the asset checks and the Frictionless data package all read one definition.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa
import pyarrow

from schemas import tables


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    ref_columns: tuple[str, ...]
    # A list column holds many references; SQL cannot declare it, checks can.
    is_list: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    model: type[pa.DataFrameModel]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    evidence: bool = field(default=False)  # rows carry document_id/char_start/char_end/text

    @property
    def description(self) -> str:
        return self.model.to_schema().description or ""

    @property
    def columns(self) -> list[str]:
        return list(self.model.to_schema().columns)

    def column_descriptions(self) -> dict[str, str]:
        return {name: col.description or "" for name, col in self.model.to_schema().columns.items()}

    def arrow_schema(self) -> pyarrow.Schema:
        schema = self.model.to_schema()
        fields = []
        for name, column in schema.columns.items():
            fields.append(
                pyarrow.field(
                    name,
                    arrow_type(column.dtype.type),
                    nullable=column.nullable,
                    metadata={"description": column.description or ""},
                )
            )
        return pyarrow.schema(fields, metadata={"description": schema.description or "", "table": self.name})

    def empty(self) -> pd.DataFrame:
        return self.arrow_schema().empty_table().to_pandas(types_mapper=pandas_type)


def _fk(columns: str, table: str, ref: str, is_list: bool = False) -> ForeignKey:
    return ForeignKey(tuple(columns.split(",")), table, tuple(ref.split(",")), is_list)


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table("documents", tables.Documents, ("document_id",)),
        Table("sections", tables.Sections, ("document_id", "section_index"), (_fk("document_id", "documents", "document_id"),)),
        Table(
            "providers",
            tables.Providers,
            ("provider_id",),
            (
                _fk("owner_provider_id", "providers", "provider_id"),
                _fk("successor_provider_id", "providers", "provider_id"),
                _fk("parent_provider_id", "providers", "provider_id"),
            ),
        ),
        Table(
            "provider_mentions",
            tables.ProviderMentions,
            ("mention_id",),
            (_fk("document_id", "documents", "document_id"), _fk("provider_id", "providers", "provider_id")),
            evidence=True,
        ),
        Table("speakers", tables.Speakers, ("speaker_id",), (_fk("provider_id", "providers", "provider_id"),)),
        Table(
            "inspections",
            tables.Inspections,
            ("inspection_id",),
            (
                _fk("provider_ids", "providers", "provider_id", is_list=True),
                _fk("document_ids", "documents", "document_id", is_list=True),
                _fk("document_id", "documents", "document_id"),
            ),
            evidence=True,
        ),
        Table(
            "metrics",
            tables.Metrics,
            ("metric_id",),
            (
                _fk("document_id", "documents", "document_id"),
                _fk("provider_id", "providers", "provider_id"),
                _fk("inspection_id", "inspections", "inspection_id"),
            ),
            evidence=True,
        ),
        Table(
            "quotes",
            tables.Quotes,
            ("quote_id",),
            (
                _fk("document_id", "documents", "document_id"),
                _fk("document_id,section_index", "sections", "document_id,section_index"),
                _fk("speaker_id", "speakers", "speaker_id"),
                _fk("inspection_id", "inspections", "inspection_id"),
            ),
            evidence=True,
        ),
        Table(
            "ratings",
            tables.Ratings,
            ("rating_id",),
            (
                _fk("document_id", "documents", "document_id"),
                _fk("provider_id", "providers", "provider_id"),
                _fk("inspection_id", "inspections", "inspection_id"),
            ),
            evidence=True,
        ),
        Table("ingest_errors", tables.IngestErrors, ("source_path", "stage")),
    )
}


def arrow_type(dtype: object) -> pyarrow.DataType:
    """The Arrow type of a pandas dtype used in the models."""
    if isinstance(dtype, pd.ArrowDtype):
        return dtype.pyarrow_dtype
    mapping = {
        pd.StringDtype(): pyarrow.string(),
        pd.Int64Dtype(): pyarrow.int64(),
        pd.Int32Dtype(): pyarrow.int32(),
        pd.Float64Dtype(): pyarrow.float64(),
        pd.BooleanDtype(): pyarrow.bool_(),
    }
    return mapping[dtype]


def pandas_type(arrow: pyarrow.DataType) -> object:
    """Read Arrow data back into the dtypes the models declare."""
    if pyarrow.types.is_string(arrow) or pyarrow.types.is_large_string(arrow):
        return pd.StringDtype()
    if pyarrow.types.is_int64(arrow):
        return pd.Int64Dtype()
    if pyarrow.types.is_int32(arrow):
        return pd.Int32Dtype()
    if pyarrow.types.is_floating(arrow):
        return pd.Float64Dtype()
    if pyarrow.types.is_boolean(arrow):
        return pd.BooleanDtype()
    return pd.ArrowDtype(arrow)


def to_frame(name: str, rows: list[dict]) -> pd.DataFrame:
    """Rows (dicts keyed by column) -> a frame with the table's columns and
    dtypes, sorted by primary key so every build is byte-identical."""
    table = TABLES[name]
    schema = table.arrow_schema()
    if not rows:
        return table.empty()
    arrow = pyarrow.Table.from_pylist([{c: row.get(c) for c in schema.names} for row in rows], schema=schema)
    frame = arrow.to_pandas(types_mapper=pandas_type)
    return frame.sort_values(list(table.primary_key), kind="stable", ignore_index=True)
