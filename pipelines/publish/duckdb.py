"""The DuckDB file: every table with its keys and comments, plus the views a
user wants first.

DuckDB allows one writer, so the database is written into a folder of its
own (a build's or a release's, see atomic.py) and published with that folder:
a reader holding the old file open neither blocks the build nor sees a
half-written database.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow

from schemas.registry import TABLES, Table

VIEWS = {
    "quotes_with_speakers": (
        "Every quotation with its speaker's role and organisation and the document carrying it.",
        """
        SELECT q.quote_id, q.document_id, d.title AS document_title, q.text, q.speaker, q.speaker_type,
               s.role AS speaker_role, s.organisation AS speaker_organisation, q.cue, q.is_comment,
               q.inspection_id, q.quote_group_id, q.char_start, q.char_end
        FROM quotes q
        JOIN documents d USING (document_id)
        LEFT JOIN speakers s USING (speaker_id)
        """,
    ),
    "metrics_with_providers": (
        "Every figure with the name of the provider it is about.",
        """
        SELECT m.metric_id, m.document_id, m.measure, m.value, m.unit, m.numerator, m.denominator,
               m.qualifier, m.period, m.subject, m.provider_id, p.name AS provider_name,
               m.inspection_id, m.text, m.sentence
        FROM metrics m
        LEFT JOIN providers p USING (provider_id)
        """,
    ),
    "inspections_with_documents": (
        "Inspections with the names of the providers inspected and the titles of the documents reporting them.",
        """
        SELECT i.inspection_id, i.title, i.inspectorate, i.inspection_type, i.area, i.published_date,
               i.date_precision, i.lead_inspector, i.headline_finding,
               (SELECT list(p.name ORDER BY p.name) FROM providers p WHERE list_contains(i.provider_ids, p.provider_id))
                   AS provider_names,
               (SELECT list(d.title ORDER BY d.document_id) FROM documents d WHERE list_contains(i.document_ids, d.document_id))
                   AS document_titles,
               len(i.document_ids) AS reported_by
        FROM inspections i
        """,
    ),
    "inspections_by_year": (
        "How many inspection reports were published each year, by type: rows with a publication date only "
        "(precise to the day, month or year), and the number of those undated in a row of its own.",
        """
        SELECT coalesce(CAST(year(published_date) AS VARCHAR), 'undated') AS year, inspection_type,
               count(*) AS inspections
        FROM inspections
        GROUP BY ALL
        ORDER BY year, inspection_type
        """,
    ),
    "provider_ratings": (
        "Every rating with the rated provider's name, type and region, the inspection that gave it and the "
        "sentence that states it.",
        """
        SELECT r.rating_id, r.document_id, r.provider_id, p.name AS provider_name, p.provider_type,
               p.region AS provider_region, r.area, r.standard, r.standard_text, r.rating, r.is_previous,
               r.rated_date, r.rated_date_precision, r.inspection_id, i.title AS inspection_title,
               i.published_date AS inspection_date, r.text, r.sentence
        FROM ratings r
        LEFT JOIN providers p USING (provider_id)
        LEFT JOIN inspections i USING (inspection_id)
        """,
    ),
    "latest_ratings": (
        "The most recent overall rating of each rated provider (or unregistered area), with the one before it "
        "beside it: who improved and who declined.",
        """
        WITH dated AS (
            SELECT coalesce(r.provider_id, 'area:' || lower(r.area)) AS body, r.provider_id, r.area, r.rating,
                   r.rated_date, r.rated_date_precision, r.document_id, r.sentence,
                   CASE r.rating WHEN 'outstanding' THEN 4 WHEN 'good' THEN 3
                                 WHEN 'requires_improvement' THEN 2 WHEN 'inadequate' THEN 1 END AS score
            FROM ratings r
            WHERE r.standard = 'overall'
        ),
        distinct_ratings AS (
            -- The same rating reported by several articles is one rating.
            SELECT body, any_value(provider_id) AS provider_id, any_value(area) AS area, rating, score, rated_date,
                   any_value(rated_date_precision) AS rated_date_precision, min(document_id) AS document_id,
                   any_value(sentence) AS sentence
            FROM dated
            GROUP BY body, rating, score, rated_date
        ),
        ranked AS (
            SELECT *, row_number() OVER (PARTITION BY body ORDER BY rated_date DESC NULLS LAST, score) AS recency
            FROM distinct_ratings
        )
        SELECT l.provider_id, coalesce(p.name, l.area) AS name, p.provider_type, p.region, l.rating,
               l.rated_date, l.rated_date_precision, prev.rating AS previous_rating,
               prev.rated_date AS previous_rated_date,
               CASE WHEN prev.score IS NULL THEN NULL WHEN l.score > prev.score THEN 'improved'
                    WHEN l.score < prev.score THEN 'declined' ELSE 'unchanged' END AS change,
               l.document_id, l.sentence
        FROM ranked l
        LEFT JOIN ranked prev ON prev.body = l.body AND prev.recency = 2
        LEFT JOIN providers p ON p.provider_id = l.provider_id
        WHERE l.recency = 1
        """,
    ),
    "provider_summary": (
        "One row per provider: owner, the provider it is part of, its period and successor, mentions, figures, "
        "quotes by its people, and inspections of it.",
        """
        SELECT p.provider_id, p.name, p.provider_type, p.sector, o.name AS owner, p.region, p.mention_count,
               parent.name AS part_of, p.valid_from, p.valid_to, successor.name AS succeeded_by,
               (SELECT count(*) FROM metrics m WHERE m.provider_id = p.provider_id) AS metrics,
               (SELECT count(*) FROM quotes q JOIN speakers s USING (speaker_id) WHERE s.provider_id = p.provider_id)
                   AS quotes,
               (SELECT count(*) FROM inspections i WHERE list_contains(i.provider_ids, p.provider_id)) AS inspections
        FROM providers p
        LEFT JOIN providers o ON p.owner_provider_id = o.provider_id
        LEFT JOIN providers parent ON p.parent_provider_id = parent.provider_id
        LEFT JOIN providers successor ON p.successor_provider_id = successor.provider_id
        """,
    ),
}


# Compression methods that can write uninitialised padding into the file, so
# the same tables would not always give the same bytes: ALPRD did here (about
# one build in ten), FSST is reported upstream (duckdb/duckdb#23382); the rest
# of the floating-point and FSST families go too, unverified. The tables are
# small, so the bytes this costs do not matter.
UNSTABLE_COMPRESSION = "alp,alprd,chimp,patas,fsst,dict_fsst,zstd"


def _sql_type(arrow_type: pyarrow.DataType) -> str:
    if pyarrow.types.is_list(arrow_type):
        return f"{_sql_type(arrow_type.value_type)}[]"
    return {
        pyarrow.string(): "VARCHAR",
        pyarrow.int64(): "BIGINT",
        pyarrow.int32(): "INTEGER",
        pyarrow.float64(): "DOUBLE",
        pyarrow.bool_(): "BOOLEAN",
        pyarrow.date32(): "DATE",
    }[arrow_type]


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_table_sql(table: Table) -> str:
    schema = table.arrow_schema()
    lines = [
        f"{field.name} {_sql_type(field.type)}{'' if field.nullable else ' NOT NULL'}" for field in schema
    ]
    lines.append(f"PRIMARY KEY ({', '.join(table.primary_key)})")
    for fk in table.foreign_keys:
        # List columns and self-references cannot be declared in DuckDB; the
        # asset checks enforce them instead.
        if fk.is_list or fk.table == table.name:
            continue
        lines.append(f"FOREIGN KEY ({', '.join(fk.columns)}) REFERENCES {fk.table} ({', '.join(fk.ref_columns)})")
    return f"CREATE TABLE {table.name} (\n    " + ",\n    ".join(lines) + "\n)"


def _comments_sql(table: Table) -> list[str]:
    statements = [f"COMMENT ON TABLE {table.name} IS {_quote(table.description)}"]
    for column, description in table.column_descriptions().items():
        statements.append(f"COMMENT ON COLUMN {table.name}.{column} IS {_quote(description)}")
    return statements


def write_database(parquet_paths: dict[str, Path], path: Path) -> Path:
    """Build the database at ``path`` (in a folder nobody reads yet) from
    the Parquet files; on failure, remove what was written."""
    try:
        with duckdb.connect(str(path), config={"disabled_compression_methods": UNSTABLE_COMPRESSION}) as con:
            for name, table in TABLES.items():  # registry order puts referenced tables first
                con.execute(create_table_sql(table))
                for statement in _comments_sql(table):
                    con.execute(statement)
                columns = ", ".join(table.arrow_schema().names)
                con.execute(
                    f"INSERT INTO {name} SELECT {columns} FROM read_parquet(?)", [str(parquet_paths[name])]
                )
            for view, (description, sql) in VIEWS.items():
                con.execute(f"CREATE VIEW {view} AS {sql}")
                con.execute(f"COMMENT ON VIEW {view} IS {_quote(description)}")
            con.execute("CHECKPOINT")
    except BaseException:
        for written in (path, path.with_name(f"{path.name}.wal")):
            written.unlink(missing_ok=True)
        raise
    return path
