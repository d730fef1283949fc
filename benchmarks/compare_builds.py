"""Compare the Parquet tables of two builds row by row.

    python benchmarks/compare_builds.py BEFORE_OUT AFTER_OUT

Each table is sorted by its primary key (from schemas/registry.py; every
column for a table the registry does not know) and compared cell by cell,
lists and nulls included. Prints one line per table and the differing keys;
exits 1 when any table differs, so a refactoring that must not change the
rows can be checked in one command.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from schemas.registry import TABLES  # noqa: E402

SHOWN = 5  # differing keys printed per table


def _rows(path: Path) -> tuple[list[str], list[dict]]:
    table = pq.read_table(path)
    return table.column_names, table.to_pylist()


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b


def _key(row: dict, columns: tuple[str, ...]) -> tuple:
    return tuple(repr(row[c]) for c in columns)


def compare_table(name: str, before: Path, after: Path) -> list[str]:
    """The differences of one table, one line each; empty when identical."""
    if not before.exists() or not after.exists():
        return [f"only in {'after' if after.exists() else 'before'}"]
    columns_before, rows_before = _rows(before)
    columns_after, rows_after = _rows(after)
    if columns_before != columns_after:
        return [f"columns differ: {columns_before} != {columns_after}"]
    key_columns = TABLES[name].primary_key if name in TABLES else tuple(columns_before)
    by_key_before = {_key(r, key_columns): r for r in rows_before}
    by_key_after = {_key(r, key_columns): r for r in rows_after}
    problems = []
    if len(by_key_before) != len(rows_before) or len(by_key_after) != len(rows_after):
        problems.append("duplicate primary keys")
    removed = sorted(by_key_before.keys() - by_key_after.keys())
    added = sorted(by_key_after.keys() - by_key_before.keys())
    changed = []
    for key in sorted(by_key_before.keys() & by_key_after.keys()):
        a, b = by_key_before[key], by_key_after[key]
        columns = [c for c in columns_before if not _same(a[c], b[c])]
        if columns:
            changed.append((key, columns))
    problems += [f"removed {k}" for k in removed[:SHOWN]] + [f"added {k}" for k in added[:SHOWN]]
    problems += [f"changed {k} in {cols}" for k, cols in changed[:SHOWN]]
    if removed or added or changed:
        problems.append(f"{len(removed)} removed, {len(added)} added, {len(changed)} changed in all")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path, help="outputs folder of the first build (holds parquet/)")
    parser.add_argument("after", type=Path, help="outputs folder of the second build")
    args = parser.parse_args(argv)
    before, after = args.before / "parquet", args.after / "parquet"
    names = sorted({p.stem for p in before.glob("*.parquet")} | {p.stem for p in after.glob("*.parquet")})
    if not names:
        print(f"no Parquet files in {before} or {after}")
        return 2
    differing = 0
    for name in names:
        problems = compare_table(name, before / f"{name}.parquet", after / f"{name}.parquet")
        rows = pq.read_metadata(before / f"{name}.parquet").num_rows if (before / f"{name}.parquet").exists() else 0
        print(f"{name:<18} {rows:>7} rows  {'identical' if not problems else f'{len(problems)} differences'}")
        for problem in problems:
            print(f"    {problem}")
        differing += bool(problems)
    print(f"{len(names)} tables, {differing} differing")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
