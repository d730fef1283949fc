"""What changed since the previous release: rows added, removed and changed
per table (matched by primary key), schema changes, and the semantic-version
bump those changes require.

Breaking (major): a table or column removed (a rename is a removal plus an
addition), a column's type changed or a column that could not be null now
can, a primary key changed. Additive (minor): a table or column added, a
column that could be null no longer can. Anything else is data (patch).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow
import pyarrow.parquet as pq

from schemas.registry import TABLES

BUMPS = ("patch", "minor", "major")
KEYS_SHOWN = 10


class VersionError(ValueError):
    """The version number does not match the changes since the previous release."""


def parse_version(version: str) -> tuple[int, int, int]:
    major, minor, patch = (int(part) for part in version.split("."))
    return major, minor, patch


def bump_of(previous: str, version: str) -> str:
    old, new = parse_version(previous), parse_version(version)
    if new[0] != old[0]:
        return "major"
    return "minor" if new[1] != old[1] else "patch"


@dataclass
class TableChange:
    table: str
    rows_before: int | None  # None: the table is new
    rows_after: int | None  # None: the table was removed
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)
    columns_retyped: dict[str, str] = field(default_factory=dict)  # column -> what changed
    columns_tightened: list[str] = field(default_factory=list)  # nullable before, required now
    key_before: list[str] | None = None  # set only when the primary key changed

    @property
    def bump(self) -> str:
        if self.rows_after is None or self.columns_removed or self.columns_retyped or self.key_before:
            return "major"
        if self.rows_before is None or self.columns_added or self.columns_tightened:
            return "minor"
        return "patch"

    @property
    def schema_notes(self) -> list[str]:
        if self.rows_before is None:
            return ["table added"]
        if self.rows_after is None:
            return ["table removed (breaking)"]
        notes = [f"column `{c}` added" for c in self.columns_added]
        notes += [f"column `{c}` removed or renamed (breaking)" for c in self.columns_removed]
        notes += [f"column `{c}` {what} (breaking)" for c, what in self.columns_retyped.items()]
        notes += [f"column `{c}` may no longer be null" for c in self.columns_tightened]
        if self.key_before:
            notes.append(f"primary key was ({', '.join(self.key_before)}) (breaking); rows not compared")
        return notes


@dataclass
class Changelog:
    version: str
    previous: str | None
    tables: list[TableChange]

    @property
    def required_bump(self) -> str:
        return max((t.bump for t in self.tables), key=BUMPS.index, default="patch")

    def check_version(self) -> None:
        """Refuse a version whose bump is smaller than the changes require."""
        if self.previous is None:
            return
        made, needed = bump_of(self.previous, self.version), self.required_bump
        if BUMPS.index(made) < BUMPS.index(needed):
            reasons = "; ".join(
                f"{t.table}: {note}" for t in self.tables for note in t.schema_notes if t.bump == needed
            )
            raise VersionError(
                f"version {self.version} is a {made} release after {self.previous}, but the changes need a "
                f"{needed} version ({reasons})"
            )

    def summary(self) -> str:
        if self.previous is None:
            return "first release"
        parts = [
            f"{t.table} +{len(t.added)} -{len(t.removed)} ~{len(t.changed)}"
            for t in self.tables
            if t.added or t.removed or t.changed
        ]
        parts += [f"{t.table}: {note}" for t in self.tables for note in t.schema_notes]
        return f"against {self.previous}: " + ("; ".join(parts) if parts else "no changes")

    def render(self) -> str:
        lines = ["# Changelog", ""]
        if self.previous is None:
            lines += [
                f"## {self.version}",
                "",
                "First release: there is no earlier release to compare against.",
                "",
                "| table | rows |",
                "|---|---:|",
            ]
            lines += [f"| `{t.table}` | {t.rows_after} |" for t in self.tables]
            return "\n".join(lines) + "\n"
        lines += [
            f"## {self.version} (against {self.previous})",
            "",
            f"These changes need at least a {self.required_bump} version; this release is a "
            f"{bump_of(self.previous, self.version)} release. Rows are matched by primary key; a changed "
            "row has the same key and a different value in a column both releases have.",
            "",
            "| table | rows before | rows after | added | removed | changed |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for t in self.tables:
            before = "-" if t.rows_before is None else t.rows_before
            after = "-" if t.rows_after is None else t.rows_after
            lines.append(f"| `{t.table}` | {before} | {after} | {len(t.added)} | {len(t.removed)} | {len(t.changed)} |")
        schema_lines = [f"- `{t.table}`: {note}" for t in self.tables for note in t.schema_notes]
        lines += ["", "### Schema changes", ""] + (schema_lines or ["None."])
        row_lines = []
        for t in self.tables:
            for what, keys in (("added", t.added), ("removed", t.removed), ("changed", t.changed)):
                if keys:
                    shown = ", ".join(f"`{k}`" for k in keys[:KEYS_SHOWN])
                    more = f" and {len(keys) - KEYS_SHOWN} more" if len(keys) > KEYS_SHOWN else ""
                    row_lines.append(f"- `{t.table}` {what}: {shown}{more}")
        lines += ["", "### Rows (by primary key)", ""] + (row_lines or ["No row changed."])
        return "\n".join(lines) + "\n"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _declared_keys(release_dir: Path) -> dict[str, list[str]]:
    """Primary keys a previous release declared in its datapackage.json; a
    release made by hand without one is taken to have today's keys."""
    descriptor = release_dir / "datapackage.json"
    if not descriptor.exists():
        return {}
    resources = json.loads(descriptor.read_text(encoding="utf-8")).get("resources", [])
    return {r["name"]: list(r.get("schema", {}).get("primaryKey", [])) for r in resources}


def _breaking_type_changes(old: pyarrow.Schema, new: pyarrow.Schema) -> dict[str, str]:
    changes = {}
    for name in new.names:
        if name not in old.names:
            continue
        before, after = old.field(name), new.field(name)
        if before.type != after.type:
            changes[name] = f"changed type from {before.type} to {after.type}"
        elif after.nullable and not before.nullable:
            changes[name] = "may now be null"
    return changes


def _keys(con: duckdb.DuckDBPyConnection, sql: str, first: Path, second: Path) -> list[str]:
    return [row[0] for row in con.execute(sql, [str(first), str(second)]).fetchall()]


def _row_changes(
    con: duckdb.DuckDBPyConnection, old: Path, new: Path, key: list[str], compared: list[str]
) -> tuple[list[str], list[str], list[str]]:
    """Keys (as text) of rows only in ``new``, only in ``old``, and in both
    with a different value in one of the ``compared`` columns."""
    shown = " || ', ' || ".join(f"CAST(a.{_quote(k)} AS VARCHAR)" for k in key)
    same_key = " AND ".join(f"a.{_quote(k)} = b.{_quote(k)}" for k in key)
    differs = " OR ".join(f"a.{_quote(c)} IS DISTINCT FROM b.{_quote(c)}" for c in compared) or "false"
    only_in_a = f"SELECT {shown} AS k FROM read_parquet(?) a ANTI JOIN read_parquet(?) b ON {same_key} ORDER BY k"
    in_both = f"SELECT {shown} AS k FROM read_parquet(?) a JOIN read_parquet(?) b ON {same_key} WHERE {differs} ORDER BY k"
    return _keys(con, only_in_a, new, old), _keys(con, only_in_a, old, new), _keys(con, in_both, new, old)


def _table_files(parquet_dir: Path) -> dict[str, Path]:
    """Parquet files by table, registry order first (a table of an older
    release may no longer be in the registry)."""
    order = list(TABLES)
    files = sorted(parquet_dir.glob("*.parquet"), key=lambda p: (order.index(p.stem) if p.stem in order else len(order), p.stem))
    return {p.stem: p for p in files}


def compare(previous: tuple[str, Path] | None, parquet_dir: Path, version: str) -> Changelog:
    """The changes from the ``previous`` release (its version and folder;
    None for a first release) to the tables in ``parquet_dir``."""
    new_files = _table_files(parquet_dir)
    if previous is None:
        tables = [TableChange(name, None, pq.ParquetFile(path).metadata.num_rows) for name, path in new_files.items()]
        return Changelog(version, None, tables)
    previous_version, previous_dir = previous
    old_files = _table_files(previous_dir / "parquet")
    declared = _declared_keys(previous_dir)
    tables = []
    with duckdb.connect() as con:
        for name in [*new_files, *(n for n in old_files if n not in new_files)]:
            old, new = old_files.get(name), new_files.get(name)
            rows_before = pq.ParquetFile(old).metadata.num_rows if old else None
            rows_after = pq.ParquetFile(new).metadata.num_rows if new else None
            change = TableChange(name, rows_before, rows_after)
            tables.append(change)
            if old is None or new is None:
                continue
            old_schema, new_schema = pq.read_schema(old), pq.read_schema(new)
            change.columns_added = [c for c in new_schema.names if c not in old_schema.names]
            change.columns_removed = [c for c in old_schema.names if c not in new_schema.names]
            change.columns_retyped = _breaking_type_changes(old_schema, new_schema)
            change.columns_tightened = [
                c for c in new_schema.names
                if c in old_schema.names and c not in change.columns_retyped
                and old_schema.field(c).nullable and not new_schema.field(c).nullable
            ]
            key = list(TABLES[name].primary_key)
            key_before = declared.get(name, key)
            if key_before != key or not set(key) <= set(old_schema.names):
                change.key_before = key_before
                continue
            compared = [
                c for c in new_schema.names if c in old_schema.names and c not in key and c not in change.columns_retyped
            ]
            change.added, change.removed, change.changed = _row_changes(con, old, new, key, compared)
    return Changelog(version, previous_version, tables)
