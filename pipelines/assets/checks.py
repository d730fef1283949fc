"""Asset checks generated from the schemas: one blocking schema check per
table (pandera, lazily, so every failing row is named), and blocking checks
for primary keys, foreign keys and evidence spans. A failing blocking check
stops publishing."""


import dagster as dg
import pandas as pd
import pandera.pandas as pa

from schemas.integrity import evidence_violations, foreign_key_violations, primary_key_violations
from schemas.registry import TABLES

MAX_ROWS_SHOWN = 20


def _result(asset: str, check: str, failures: pd.DataFrame, what: str) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        asset_key=asset,
        check_name=check,
        passed=failures.empty,
        severity=dg.AssetCheckSeverity.ERROR,
        description=None if failures.empty else f"{len(failures)} {what}",
        metadata={
            "failing_rows": len(failures),
            "preview": dg.MetadataValue.md(failures.head(MAX_ROWS_SHOWN).to_markdown(index=False))
            if not failures.empty
            else dg.MetadataValue.md("none"),
        },
    )


def schema_failures(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    try:
        TABLES[name].model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        return cases[["column", "check", "failure_case", "index"]].astype(str)
    return pd.DataFrame(columns=["column", "check", "failure_case", "index"])


def _schema_check(name: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=name,
        name="schema",
        blocking=True,
        description=f"Every row of {name} passes its pandera schema (types, nulls, vocabularies, unique keys).",
    )
    def check(table: pd.DataFrame) -> dg.AssetCheckResult:
        return _result(name, "schema", schema_failures(name, table), "values fail the schema")

    return check


schema_checks = [_schema_check(name) for name in TABLES]

_integrity_specs = []
for _name, _table in TABLES.items():
    _integrity_specs.append(
        dg.AssetCheckSpec("primary_key", asset=_name, blocking=True, description=f"{', '.join(_table.primary_key)} is unique and not null.")
    )
    if _table.foreign_keys:
        _integrity_specs.append(
            dg.AssetCheckSpec("foreign_keys", asset=_name, blocking=True, description="Every reference points at an existing row.")
        )
    if _table.evidence:
        _integrity_specs.append(
            dg.AssetCheckSpec(
                "evidence_spans",
                asset=_name,
                blocking=True,
                description="documents.text[char_start:char_end] equals the row's text.",
            )
        )


@dg.multi_asset_check(specs=_integrity_specs, ins={name: dg.AssetIn(name) for name in TABLES})
def integrity_checks(**frames: pd.DataFrame):
    for spec in _integrity_specs:
        name = spec.asset_key.path[-1]
        frame = frames[name]
        if spec.name == "primary_key":
            yield _result(name, spec.name, primary_key_violations(name, frame), "rows repeat or miss their key")
        elif spec.name == "foreign_keys":
            yield _result(name, spec.name, foreign_key_violations(name, frame, frames), "references point nowhere")
        else:
            yield _result(name, spec.name, evidence_violations(frame, frames["documents"]), "rows do not match their evidence span")
