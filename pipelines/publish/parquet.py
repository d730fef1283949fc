"""Deterministic Parquet files: sorted rows, fixed writer settings, the
schema's descriptions as Arrow field metadata, no timestamps inside."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pyarrow
import pyarrow.ipc
import pyarrow.parquet as pq

from schemas.registry import TABLES

# A string column pays for a dictionary when values repeat often.
_DICTIONARY_MAX_DISTINCT_SHARE = 0.5


def to_arrow(name: str, frame: pd.DataFrame) -> pyarrow.Table:
    schema = TABLES[name].arrow_schema()
    return pyarrow.Table.from_pandas(frame[schema.names], schema=schema, preserve_index=False).replace_schema_metadata(
        schema.metadata
    )


def _dictionary_columns(table: pyarrow.Table) -> list[str]:
    columns = []
    for field in table.schema:
        if not pyarrow.types.is_string(field.type) or table.num_rows == 0:
            continue
        distinct = len(pyarrow.compute.unique(table[field.name]))
        if distinct <= _DICTIONARY_MAX_DISTINCT_SHARE * table.num_rows:
            columns.append(field.name)
    return columns


def table_key(table: pyarrow.Table) -> str:
    """A digest of the table's schema and rows: the Parquet file's bytes
    depend on nothing else (with the writer settings of this module's code)."""
    sink = pyarrow.BufferOutputStream()
    with pyarrow.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return hashlib.sha256(sink.getvalue()).hexdigest()


def write_table(name: str, frame: pd.DataFrame, path: Path) -> Path:
    return write_arrow(to_arrow(name, frame), path)


def write_arrow(table: pyarrow.Table, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(
        table,
        path,
        compression="zstd",
        compression_level=9,
        use_dictionary=_dictionary_columns(table),
        write_statistics=True,
        # Fixed settings so the bytes depend on the data only.
        version="2.6",
        data_page_version="1.0",
        store_schema=True,
        row_group_size=64 * 1024,
    )
    return path
