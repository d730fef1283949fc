"""The corpus-wide tables assembled by DuckDB over the row store
(``store.py``): each kind of per-document row is a view of the corpus's
current documents only, joined, deduplicated and grouped in SQL; what is
left to Python is the corpus-wide merges (inspections, speakers and quote
groups) and the few rows they make.

Every table equals what ``tables.py`` builds from the extractions in
memory, row for row and type for type (tests/assemble/test_store.py)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from contextlib import contextmanager

import pandas as pd
import pyarrow as pa

from pipelines.assemble.providers import provider_row
from pipelines.assemble.ratings import rating_row
from pipelines.assemble.rows import KINDS, inspection_mention, provider_record, quote_candidate
from pipelines.assemble.store import RowView
from pipelines.extract.providers import Gazetteer
from pipelines.resolve.inspections import merge_inspections
from pipelines.resolve.speakers import build_quote_tables
from schemas.registry import TABLES, pandas_type, to_frame

_MENTION_ID = "concat(document_id, ':', char_start, '-', char_end)"


@contextmanager
def connect(view: RowView) -> Iterator:
    """A DuckDB connection where each kind is a view of the corpus's rows
    (with ``position``, the document's place in the corpus)."""
    import duckdb

    con = duckdb.connect()
    try:
        live = pa.table({
            "doc_key": pa.array([key for key, _, _ in view.live], pa.string()),
            "dir": pa.array([f"{view.folder}/{segment}" for _, segment, _ in view.live], pa.string()),
            "position": pa.array(range(len(view.live)), pa.int64()),
        })
        con.register("live_rows", live)
        con.execute("CREATE TEMP TABLE live AS SELECT * FROM live_rows")
        con.unregister("live_rows")
        for kind, schema in KINDS.items():
            files = view.files(kind)
            if files:
                listed = ", ".join(_literal(f) for f in files)
                con.execute(
                    f"CREATE TEMP VIEW {kind} AS SELECT r.* EXCLUDE (filename), l.position "
                    f"FROM read_parquet([{listed}], filename = true) r JOIN live l "
                    f"ON r.doc_key = l.doc_key AND r.filename = l.dir || '/{kind}.parquet'"
                )
            else:
                empty = pa.schema([pa.field("doc_key", pa.string()), pa.field("ordinal", pa.int32()), *schema,
                                   pa.field("position", pa.int64())]).empty_table()
                con.register(kind, empty)
        yield con
    finally:
        con.close()


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def frame(name: str, table: pa.Table) -> pd.DataFrame:
    """Arrow rows -> the table's frame, as ``schemas.registry.to_frame``
    makes it from dicts: its columns and dtypes, sorted by primary key."""
    spec = TABLES[name]
    if table.num_rows == 0:
        return spec.empty()
    schema = spec.arrow_schema()
    result = table.select(schema.names).cast(schema).to_pandas(types_mapper=pandas_type)
    return result.sort_values(list(spec.primary_key), kind="stable", ignore_index=True)


def _ordered(con, kind: str) -> pa.Table:
    return con.execute(f"SELECT * FROM {kind} ORDER BY position, ordinal").fetch_arrow_table()


def documents(view: RowView) -> pd.DataFrame:
    with connect(view) as con:
        return frame("documents", _ordered(con, "documents"))


def sections(view: RowView) -> pd.DataFrame:
    with connect(view) as con:
        return frame("sections", _ordered(con, "sections"))


def provider_tables(view: RowView, gazetteer: Gazetteer) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(providers, provider_mentions). A mention counts once its provider is
    known: from the reference data, or found in the text by it or by a
    mention before it (documents in id order); the first finding's record
    registers the provider."""
    with connect(view) as con:
        con.register("gazetteer", pa.table({"provider_id": pa.array(sorted(gazetteer.records), pa.string())}))
        con.execute(f"""
            CREATE TEMP TABLE numbered AS
            SELECT *, {_MENTION_ID} AS mention_id,
                   row_number() OVER (ORDER BY document_id, position, ordinal) AS seq
            FROM provider_mentions;
            CREATE TEMP TABLE found AS
            SELECT provider_id, min(seq) AS seq FROM numbered
            WHERE discovered IS NOT NULL AND provider_id NOT IN (SELECT provider_id FROM gazetteer)
            GROUP BY provider_id;
            CREATE TEMP TABLE counted AS
            SELECT n.* FROM numbered n LEFT JOIN found f USING (provider_id)
            WHERE n.provider_id IN (SELECT provider_id FROM gazetteer) OR n.seq >= f.seq
            QUALIFY row_number() OVER (PARTITION BY n.mention_id ORDER BY n.seq) = 1;
        """)
        mentions = con.execute(
            "SELECT mention_id, document_id, provider_id, char_start, char_end, text FROM counted "
            "ORDER BY document_id, char_start, char_end, seq").fetch_arrow_table()
        counts = dict(con.execute("SELECT provider_id, count(*) FROM counted GROUP BY provider_id").fetchall())
        surfaces = dict(con.execute(
            "SELECT provider_id, list(text ORDER BY seq) FROM counted "
            "WHERE provider_id NOT IN (SELECT provider_id FROM gazetteer) GROUP BY provider_id").fetchall())
        found = con.execute("SELECT n.provider_id, n.discovered FROM numbered n JOIN found f ON n.seq = f.seq").fetchall()
    records = dict(gazetteer.records)
    records.update({provider_id: provider_record(record) for provider_id, record in found})
    providers = [provider_row(records[pid], counts.get(pid, 0), surfaces.get(pid, []), gazetteer) for pid in sorted(records)]
    return to_frame("providers", providers), frame("provider_mentions", mentions)


def inspection_table(view: RowView, memo: MutableMapping | None = None) -> tuple[list[dict], dict[str, str]]:
    """(inspections rows, {inspection mention id: inspection_id}): every
    document's mentions merged (``merge_inspections``; ``memo`` keeps the
    groups of blocks no changed document touches)."""
    with connect(view) as con:
        rows = _ordered(con, "inspection_mentions").to_pylist()
    by_document: dict[str, list] = {}
    for row in rows:
        by_document.setdefault(row["document_id"], []).append(inspection_mention(row))
    return merge_inspections(by_document, memo=memo)


@contextmanager
def _linked(view: RowView, links: Mapping[str, str]) -> Iterator:
    """A connection with the merge's ``links``, checked to tell each
    document's mentions apart, as the per-document links assume."""
    with connect(view) as con:
        con.register("links", pa.table({"mention_id": pa.array(list(links), pa.string()),
                                        "inspection_id": pa.array(list(links.values()), pa.string())}))
        shared = con.execute(f"""
            WITH m AS (SELECT DISTINCT document_id, {_MENTION_ID} AS mention_id FROM inspection_mentions)
            SELECT m.document_id FROM m LEFT JOIN links l USING (mention_id) GROUP BY m.document_id
            HAVING count(l.inspection_id) < count(*) OR count(DISTINCT l.inspection_id) < count(*) LIMIT 1
        """).fetchall()
        if shared:
            raise ValueError(f"the inspection merge left a mention of {shared[0][0]} without an inspection, or "
                             "gave two of its mentions one inspection; the per-document links assume neither")
        yield con


def metrics(view: RowView, links: Mapping[str, str]) -> pd.DataFrame:
    with _linked(view, links) as con:
        table = con.execute(
            "SELECT m.* EXCLUDE (doc_key, ordinal, position, linked_mention), l.inspection_id "
            "FROM metrics m LEFT JOIN links l ON l.mention_id = m.linked_mention ORDER BY m.position, m.ordinal"
        ).fetch_arrow_table()
    return frame("metrics", table)


def quote_tables(
    view: RowView, links: Mapping[str, str], memo: MutableMapping | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    with _linked(view, links) as con:
        rows = con.execute(
            "SELECT q.*, l.inspection_id FROM quotes q LEFT JOIN links l ON l.mention_id = q.linked_mention "
            "ORDER BY q.position, q.ordinal").fetch_arrow_table().to_pylist()
    linked = {(row["document_id"], row["char_start"], row["char_end"]): row["inspection_id"] for row in rows}
    speakers, quotes = build_quote_tables((quote_candidate(row) for row in rows), memo=memo)
    for row in quotes:
        row["inspection_id"] = linked[(row["document_id"], row["char_start"], row["char_end"])]
    return to_frame("speakers", speakers), to_frame("quotes", quotes)


def ratings(view: RowView, inspection_rows: list[dict], links: Mapping[str, str]) -> pd.DataFrame:
    inspections = {row["inspection_id"]: row for row in inspection_rows}
    with _linked(view, links) as con:
        rows = con.execute(
            "SELECT r.* EXCLUDE (doc_key, ordinal, position, linked_mention), l.inspection_id AS linked "
            "FROM ratings r LEFT JOIN links l ON l.mention_id = r.linked_mention ORDER BY r.position, r.ordinal"
        ).fetch_arrow_table().to_pylist()
    return to_frame("ratings", [
        rating_row(row, inspections.get(row.pop("linked")), row.pop("document_date")) for row in rows
    ])
