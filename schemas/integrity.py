"""Relations between tables that a single-table schema cannot check:
primary keys, foreign keys and evidence spans. Each function returns the
offending rows (empty when all is well) so a failure can name them."""

from __future__ import annotations

import pandas as pd

from schemas.registry import TABLES, ForeignKey


def primary_key_violations(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    key = list(TABLES[name].primary_key)
    missing = frame[key].isna().any(axis=1)
    duplicated = frame.duplicated(subset=key, keep=False)
    return frame.loc[missing | duplicated, key]


def foreign_key_violations(name: str, frame: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows whose non-null references point at no row of the referenced table."""
    bad = []
    for fk in TABLES[name].foreign_keys:
        bad.append(_dangling(frame, fk, frames[fk.table]))
    if not bad:
        return frame.iloc[0:0]
    return pd.concat(bad, ignore_index=True)


def _dangling(frame: pd.DataFrame, fk: ForeignKey, referenced: pd.DataFrame) -> pd.DataFrame:
    columns = list(fk.columns)
    values = frame[columns]
    if fk.is_list:
        values = values.explode(columns[0])
    values = values.dropna()
    known = set(map(tuple, referenced[list(fk.ref_columns)].astype(object).itertuples(index=False, name=None)))
    mask = [tuple(row) not in known for row in values.astype(object).itertuples(index=False, name=None)]
    dangling = values.loc[mask].astype(str)
    return pd.DataFrame(
        {
            "column": ",".join(columns),
            "references": f"{fk.table}({','.join(fk.ref_columns)})",
            "value": dangling.agg(",".join, axis=1) if len(dangling) else pd.Series(dtype=str),
        }
    ).drop_duplicates()


def evidence_violations(frame: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Rows whose ``text`` is not exactly ``documents.text[char_start:char_end]``."""
    texts = dict(zip(documents["document_id"], documents["text"]))
    mask = []
    for document_id, start, end, text in frame[["document_id", "char_start", "char_end", "text"]].itertuples(
        index=False, name=None
    ):
        source = texts.get(document_id)
        mask.append(source is None or source[int(start) : int(end)] != text)
    return frame.loc[mask, ["document_id", "char_start", "char_end", "text"]]
