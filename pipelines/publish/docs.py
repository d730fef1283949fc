"""The release's Markdown: a data dictionary generated from the schemas, and a
dataset card (the release's README.md) generated from the schemas, the data
and the evaluation against gold annotations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import metadata

import pyarrow

from pipelines.evaluation.scoring import Evaluation
from pipelines.publish.datapackage import LICENSE, TITLE
from pipelines.publish.duckdb import VIEWS
from schemas.registry import TABLES, Table, arrow_type

DATABASE = "probation.duckdb"


@dataclass
class ReleaseFacts:
    """What the documents say about one release."""

    version: str
    created: dt.datetime
    created_rule: str
    rows: dict[str, int]
    parquet_paths: dict[str, str]  # table -> path relative to the release folder
    documents: list[dict]  # the documents table without its text
    evaluation: Evaluation | None
    evaluation_note: str  # why there is no evaluation, when there is none
    changelog_summary: str


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _type_name(arrow: pyarrow.DataType) -> str:
    if pyarrow.types.is_list(arrow):
        return f"list of {_type_name(arrow.value_type)}s"
    return {
        pyarrow.string(): "string",
        pyarrow.int64(): "integer (64-bit)",
        pyarrow.int32(): "integer (32-bit)",
        pyarrow.float64(): "number (64-bit float)",
        pyarrow.bool_(): "boolean",
        pyarrow.date32(): "date",
    }[arrow]


def _check_text(check) -> str:
    stats = check.statistics or {}
    if check.name == "isin":
        return "one of " + ", ".join(f"`{v}`" for v in stats["allowed_values"])
    if check.name == "str_matches":
        return f"matches `{stats['pattern']}`"
    if check.name == "greater_than_or_equal_to":
        return f">= {stats['min_value']}"
    return check.name


def _keys_text(table: Table) -> list[str]:
    lines = [f"- Primary key: ({', '.join(f'`{c}`' for c in table.primary_key)})"]
    for fk in table.foreign_keys:
        target = f"`{fk.table}`({', '.join(f'`{c}`' for c in fk.ref_columns)})"
        source = ", ".join(f"`{c}`" for c in fk.columns)
        if fk.is_list:
            lines.append(
                f"- Every item of {source} references {target} (a list column: enforced by the pipeline's checks, "
                "not declared in the DuckDB file or the Table Schema)"
            )
        else:
            lines.append(f"- Foreign key: {source} references {target}")
    return lines


def data_dictionary(facts: ReleaseFacts) -> str:
    lines = [
        f"# Data dictionary: {TITLE} {facts.version}",
        "",
        "Generated from the pandera models (`schemas/tables.py`) and the keys (`schemas/registry.py`) that the "
        "pipeline validates every table against; row counts are this release's. The same descriptions are in "
        "`datapackage.json`, the Parquet field metadata and the DuckDB column comments.",
        "",
        "Every row that comes from text carries `document_id`, `char_start` and `char_end` (Python code points, "
        "end exclusive), and `documents.text[char_start:char_end]` is its exact evidence.",
        "",
        "| table | rows | one row per | file |",
        "|---|---:|---|---|",
    ]
    for name, table in TABLES.items():
        lines.append(
            f"| [`{name}`](#{name}) | {facts.rows[name]} | {_cell(table.description)} | "
            f"`{facts.parquet_paths[name]}` |"
        )
    for name, table in TABLES.items():
        model = table.model.to_schema()
        lines += ["", f"## {name}", "", _cell(table.description), "", f"- Rows: {facts.rows[name]}"]
        lines += _keys_text(table)
        if model.unique and tuple(model.unique) != table.primary_key:
            lines.append(f"- Unique together: ({', '.join(f'`{c}`' for c in model.unique)})")
        if model.checks:
            lines.append("- Row checks: " + ", ".join(f"`{c.name}`" for c in model.checks))
        lines += ["", "| column | type | null | description | values |", "|---|---|---|---|---|"]
        for column_name, column in model.columns.items():
            values = [_check_text(check) for check in column.checks]
            if column.unique:
                values.insert(0, "unique")
            lines.append(
                f"| `{column_name}` | {_type_name(arrow_type(column.dtype.type))} | "
                f"{'yes' if column.nullable else 'no'} | {_cell(column.description or '')} | "
                f"{_cell('; '.join(values))} |"
            )
    lines += [
        "",
        f"## Views (in `{DATABASE}` only)",
        "",
        "| view | what it shows |",
        "|---|---|",
    ]
    lines += [f"| `{view}` | {_cell(description)} |" for view, (description, _sql) in VIEWS.items()]
    return "\n".join(lines) + "\n"


METHOD = """\
The pipeline is rule-based and deterministic: the same articles give the same
rows, byte for byte. It uses one spaCy parse per document (the small English
pipeline `en_core_web_sm` 3.8.0) and reference data kept as YAML in the code
repository; no machine-learned step is trained on this data.

1. **Documents.** Each article file is decoded and normalised (Unicode NFC,
   LF line ends, plain spaces); every offset in the dataset indexes into this
   normalised `documents.text`. Files that cannot be used are listed in
   `ingest_errors` instead.
2. **Sections.** A saved web page is split into the page's own article,
   articles it reproduces from other outlets, reader comments and page
   furniture; the sections tile the text.
3. **Providers.** Mentions are found with a register of every period's
   providers: probation trusts (2010-2014), CRCs and their owners and the NPS
   and its divisions (2014-2021), the Probation Service, its regions and
   Probation Delivery Units (from 2021), youth offending services, HMPPS and
   NOMS (aliases matched tolerantly); bare contract-area names presented as
   CRCs; "the CRC" resolved to the CRC the article is about; PDUs and youth
   services named by pattern ("the PDU in Tameside", a rated list of youth
   services); places and "the probation service" resolved to the provider of
   the article's date; and a fallback that registers organisations presented
   as providers but missing from the reference data. The `providers` table is
   the whole reference register, with each provider's period, successor and
   parent, plus those found in text, with `mention_count`.
4. **Quotes and speakers.** Quotation marks are paired paragraph by paragraph
   (one row per paragraph of a long quotation); the speaker is the subject of
   the speech verb governing the quotation, resolved through titles,
   appositives, short names, pronouns and role references, then merged into
   one canonical speaker across documents.
5. **Metrics.** Every figure is found and normalised (digits, words, money,
   percentages, "eight out of 10"); figures that are dates, durations, ages,
   labels or page furniture are dropped; the rest get a measure, a subject, a
   provider and an ISO period from their sentence.
6. **Inspections.** Sentences that refer to an inspection report are grouped
   into distinct inspections per article (tense separates a previous
   inspection from the one reported), then merged across articles; quotes and
   metrics are linked to the inspection their passage is about.
7. **Ratings.** A rating word (outstanding, good, requires improvement,
   inadequate) is a rating when it is quoted, follows a cue ("rated",
   "judged", "an overall rating of"), names a rating ("its requires
   improvement rating") or is the verb or complement of a named body; counts
   of unnamed services and descriptions ("good in parts") are not ratings.
   The rated body is a provider mention, a place tied to a body noun
   ("Derby's service"), each name of a list ("Six services 'Good' - Brent,
   ...") or the article's own provider; each rating is linked to the
   inspection its passage is about and dated by that report.
8. **Checks.** Before anything is published, every table must pass its
   pandera schema and blocking checks for primary keys, foreign keys
   (including list references) and evidence spans
   (`documents.text[char_start:char_end]` equals the row's text).
"""


def _evaluation_section(facts: ReleaseFacts) -> list[str]:
    lines = ["## Evaluation against gold annotations", ""]
    evaluation = facts.evaluation
    if evaluation is None:
        return lines + [f"Not evaluated: {facts.evaluation_note}."]
    lines += [
        f"Scored against hand annotations of all {len(facts.documents)} articles, made independently of the "
        "extractors (rules: quotes match at token F1 >= 0.8 within a document; metrics by value within 0.5% and "
        "unit; providers by name or alias; inspections by publication month, else title overlap; ratings by value, "
        "standard and provider within a document; '-' where there is nothing to find and nothing was found).",
        "",
        "| table | gold | extracted | matched | precision | recall | F1 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for score in evaluation.scores:
        precision, recall, f1 = score.formatted()
        lines.append(
            f"| `{score.table}` | {score.gold} | {score.predicted} | {score.matched} | {precision} | {recall} | {f1} |"
        )
    lines += [
        "",
        f"Quote attribution accuracy: {evaluation.attribution_accuracy:.3f} over {evaluation.attributed} matched "
        "quotes with a gold speaker.",
        "",
        "**Read these scores with care:** the extraction rules were developed on the project's annotated "
        "articles. Where those are the articles scored here, the scores show that the release reproduces the "
        "annotations; they are not an estimate of accuracy on articles the pipeline has not seen.",
    ]
    return lines


def _limitations(facts: ReleaseFacts) -> list[str]:
    undated = sum(1 for d in facts.documents if d.get("published_date") is None)
    no_publisher = sum(1 for d in facts.documents if not d.get("publisher"))
    return [
        "## Known limitations",
        "",
        f"- **A small corpus.** {len(facts.documents)} articles; counts in this dataset describe what these "
        "articles say, not probation in England and Wales as a whole. An inspection appears only if an article "
        "reports or names it.",
        "- **Extraction is rule-based.** Rows are what the rules found; see the evaluation above for what that "
        "means and does not mean. Every extracted row carries its evidence span, so any row can be checked "
        "against the sentence it came from.",
        f"- **Missing metadata.** {no_publisher} of {len(facts.documents)} documents have no `publisher` and "
        f"{undated} have no `published_date`: the text did not state them. Inspections dated only to a month or "
        "a year carry the first day of the period, with `date_precision` saying how much is known.",
        "- **Reference register.** `providers` holds every provider in the reference data, mentioned or not "
        "(`mention_count` = 0), so its row count is not the number of providers in the articles.",
        "- **List references.** `inspections.provider_ids` and `inspections.document_ids` are lists; neither "
        "DuckDB nor Table Schema can declare a foreign key on a list, so those references are enforced by the "
        "pipeline's checks only. `datapackage.json` types list columns as `any`, because frictionless 5.21 reads "
        "Parquet lists as arrays it rejects as `list` or `array`; the data dictionary gives their real type.",
        "- **Data Package file sizes.** Resources declare a `sha256:` hash but no `bytes`: frictionless 5.21 "
        "cannot count the bytes of a Parquet resource and reports an error whenever `bytes` is declared. "
        "`SHA256SUMS` covers every file.",
        "- **The DuckDB file** is rebuilt from this release's Parquet files, so the two always agree. DuckDB does "
        "not promise byte-identical database files (some compression methods write uninitialised padding, "
        "duckdb/duckdb#23382); this one is written with those methods off so that a rebuild gives the same "
        "bytes, but the Parquet files are the reference: a rebuilt database whose bytes differ holds the same tables.",
    ]


def _licence() -> list[str]:
    return [
        "## Licence",
        "",
        f"The dataset's own work (the extracted tables, identifiers, normalised values, schemas and "
        f"documentation) is released under [{LICENSE['title']}]({LICENSE['path']}) ({LICENSE['name']}).",
        "",
        "That licence does **not** cover the articles. `documents.text` holds the full normalised text of every "
        "source article, and `quotes.text`, `metrics.sentence`, `inspections.headline_finding` and the evidence "
        "columns quote them verbatim, so that every row can be checked against its source. The articles remain "
        "the work of their authors and publishers. Quote them as fair dealing allows; for any other reuse of the "
        "texts ask their publishers, or drop those columns (the rest of the dataset stands without them).",
    ]


def _sources(facts: ReleaseFacts) -> list[str]:
    lines = [
        "## Sources",
        "",
        f"{len(facts.documents)} articles about HM Inspectorate of Probation reports (news pieces, blog posts, "
        "archive pages). `sha256` is the digest of the file as read.",
        "",
        "| document_id | title | publisher | published | words | sha256 |",
        "|---|---|---|---|---:|---|",
    ]
    for doc in facts.documents:
        published = doc["published_date"].isoformat() if doc.get("published_date") else "not stated"
        lines.append(
            f"| `{doc['document_id']}` | {_cell(doc['title'])} | {_cell(doc.get('publisher') or 'not stated')} | "
            f"{published} | {doc['n_words']} | `{doc['sha256'][:12]}…` |"
        )
    return lines


def _software() -> str:
    versions = []
    for package in ("probation-data", "pandas", "pyarrow", "duckdb", "spacy"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            continue
    return ", ".join(versions)


def dataset_card(facts: ReleaseFacts) -> str:
    version, created = facts.version, facts.created.strftime("%Y-%m-%dT%H:%M:%SZ")
    lines = [
        f"# {TITLE}: release {version}",
        "",
        "An open dataset of HM Inspectorate of Probation inspections in England and Wales, extracted from "
        "articles about the inspectorate's reports: **inspections**, **providers** (Community Rehabilitation "
        "Companies, the National Probation Service and its divisions, probation trusts, their owners), "
        "**metrics** (numeric facts), **quotes** (who said what) and **ratings** (how the inspectorate rated each "
        "service, overall and per standard), each tied to the exact span of text it came from.",
        "",
        f"- Version: {version} ({facts.changelog_summary}; see `CHANGELOG.md`)",
        f"- Created: {created} ({facts.created_rule})",
        f"- Licence: {LICENSE['name']} for the dataset's own work; the article texts remain their publishers' "
        "(see Licence)",
        f"- Built with: {_software()}",
        "",
        "## Files",
        "",
        "| file | what it is |",
        "|---|---|",
    ]
    for name in TABLES:
        lines.append(f"| `{facts.parquet_paths[name]}` | the `{name}` table, {facts.rows[name]} rows (Parquet, zstd) |")
    lines += [
        f"| `{DATABASE}` | every table with primary and foreign keys, column comments and views (DuckDB "
        f"{metadata.version('duckdb')}) |",
        "| `datapackage.json` | Frictionless Data Package (v2): resources, Table Schemas, keys, sources, licence |",
        "| `DATA_DICTIONARY.md` | every table and column: type, nullability, allowed values, meaning |",
        "| `CHANGELOG.md` | rows added, removed and changed, and schema changes, since the previous release |",
        "| `SHA256SUMS` | SHA-256 of every other file (`sha256sum -c SHA256SUMS`) |",
        "",
        "## Tables",
        "",
        "| table | rows | one row per |",
        "|---|---:|---|",
    ]
    lines += [f"| `{name}` | {facts.rows[name]} | {_cell(t.description)} |" for name, t in TABLES.items()]
    lines += ["", *_sources(facts), "", "## How the rows were extracted", "", METHOD.rstrip("\n"), ""]
    lines += [*_evaluation_section(facts), "", *_limitations(facts), "", *_licence(), ""]
    lines += [
        "## Verify and query",
        "",
        "```sh",
        "sha256sum -c SHA256SUMS            # every file is as published",
        "frictionless validate datapackage.json",
        "```",
        "",
        "```python",
        "import duckdb",
        "",
        f"con = duckdb.connect('{DATABASE}', read_only=True)   # or query the Parquet files directly:",
        "duckdb.sql(\"SELECT speaker, count(*) AS quotes FROM 'parquet/quotes.parquet' GROUP BY ALL ORDER BY quotes DESC\").show()",
        "```",
        "",
        "## Citation",
        "",
        f"{TITLE}, version {version} ({created[:10]}). Licensed {LICENSE['name']}.",
    ]
    return "\n".join(lines) + "\n"
