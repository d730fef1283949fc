"""What the Dagster UI shows about a table, generated from its schema: the
column schema (types, nullability, keys, descriptions), row counts and a
preview of the first rows."""

import dagster as dg
import pandas as pd

from schemas.registry import TABLES

PREVIEW_ROWS = 5
# Long texts (whole articles, long quotations) would make the preview unreadable.
PREVIEW_CHARS = 80


def column_schema(name: str) -> dg.TableSchema:
    table = TABLES[name]
    schema = table.model.to_schema()
    references = {c: fk for fk in table.foreign_keys for c in fk.columns}
    columns = []
    for column_name, column in schema.columns.items():
        other = []
        if column_name in table.primary_key:
            other.append("primary key" if len(table.primary_key) == 1 else f"part of primary key ({', '.join(table.primary_key)})")
        if column_name in references:
            fk = references[column_name]
            other.append(f"references {fk.table}.{', '.join(fk.ref_columns)}" + (" (each element)" if fk.is_list else ""))
        if column.checks:
            other.extend(str(check) for check in column.checks)
        columns.append(
            dg.TableColumn(
                name=column_name,
                type=str(table.arrow_schema().field(column_name).type),
                description=column.description,
                constraints=dg.TableColumnConstraints(nullable=column.nullable, unique=column.unique, other=other),
            )
        )
    return dg.TableSchema(columns=columns)


def definition_metadata(name: str) -> dict:
    return {"dagster/column_schema": column_schema(name), "dagster/table_name": name}


def _shorten(value: object) -> object:
    text = str(value)
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"


def output_metadata(frame: pd.DataFrame) -> dict:
    preview = frame.head(PREVIEW_ROWS).map(_shorten) if not frame.empty else frame
    return {
        "dagster/row_count": len(frame),
        "preview": dg.MetadataValue.md(preview.to_markdown(index=False) if not frame.empty else "(no rows)"),
    }


def table_out(name: str, automation_condition: dg.AutomationCondition | None = None) -> dg.AssetOut:
    return dg.AssetOut(
        kinds={"pandas", "pandera"},
        automation_condition=automation_condition,
        description=TABLES[name].description,
        metadata=definition_metadata(name),
    )
