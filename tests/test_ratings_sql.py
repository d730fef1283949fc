"""The ratings views and the README's ratings questions, on a small
database whose answers are known: a PDU rated Inadequate twice running, a
CRC that went from Requires improvement to Good, and a youth offending
service the register does not know."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipelines.publish.duckdb import write_database
from pipelines.publish.parquet import write_table
from schemas.registry import TABLES, to_frame

ROOT = Path(__file__).resolve().parents[1]
TEXT = "Ratings were given."


def _provider(provider_id: str, name: str, provider_type: str) -> dict:
    return {"provider_id": provider_id, "name": name, "aliases": [], "provider_type": provider_type,
            "sector": "public", "owner_provider_id": None, "region": None, "mention_count": 1, "note": None,
            "local_authorities": []}


def _rating(provider_id, area, rating, year, *, previous=False, standard="overall") -> dict:
    return {"rating_id": f"doc:0-7:{provider_id or area}:{year}:{standard}".lower().replace(" ", "-"),
            "document_id": "doc", "provider_id": provider_id, "area": area, "inspection_id": None,
            "standard": standard, "standard_text": None if standard == "overall" else standard, "rating": rating,
            "is_previous": previous, "rated_date": date(year, 1, 1), "rated_date_precision": "year",
            "text": TEXT[:7], "char_start": 0, "char_end": 7, "sentence": TEXT}


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ratings_db")
    rows = {name: [] for name in TABLES}
    rows["documents"] = [{"document_id": "doc", "source_path": "doc.txt", "sha256": "0" * 64, "title": "t",
                          "publisher": None, "published_date": None, "text": TEXT, "n_chars": len(TEXT),
                          "n_words": 3}]
    rows["providers"] = [_provider("snpt-pdu", "Swansea PDU", "pdu"), _provider("essex-crc", "Essex CRC", "crc")]
    rows["ratings"] = [
        _rating("snpt-pdu", "Swansea", "good", 2019),
        _rating("snpt-pdu", "Swansea", "inadequate", 2022, previous=True),
        _rating("snpt-pdu", "Swansea", "inadequate", 2025),
        _rating("snpt-pdu", "Swansea", "inadequate", 2025, standard="leadership"),
        _rating("essex-crc", "Essex", "requires_improvement", 2018),
        _rating("essex-crc", "Essex", "good", 2020),
        _rating(None, "Cardiff", "inadequate", 2020),
    ]
    paths = {}
    for name in TABLES:
        paths[name] = write_table(name, to_frame(name, rows[name]), folder / f"{name}.parquet")
    return write_database(paths, folder / "probation.duckdb")


def _readme_statement(question: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sql = "\n".join(re.findall(r"```sql\n(.*?)```", readme, flags=re.S))
    start = sql.rfind("\n", 0, sql.index(question)) + 1  # from the comment line that asks it
    body = sql[start:].split(";")[0]
    return "\n".join(line for line in body.splitlines() if not line.strip().startswith("--"))


def test_latest_ratings_puts_the_previous_rating_beside_the_latest(database):
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.sql("SELECT name, rating, previous_rating, change FROM latest_ratings ORDER BY name").fetchall()
    assert rows == [
        ("Cardiff", "inadequate", None, None),
        ("Essex CRC", "good", "requires_improvement", "improved"),
        ("Swansea PDU", "inadequate", "inadequate", "unchanged"),
    ]


def test_provider_ratings_names_every_rating(database):
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.sql("SELECT provider_name, provider_type, sentence FROM provider_ratings").fetchall()
    assert len(rows) == 7
    assert ("Essex CRC", "crc", TEXT) in rows


def test_readme_which_services_are_inadequate_now_and_since_when(database):
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.sql(_readme_statement("Which services are rated Inadequate now")).fetchall()
    assert [(name, since) for name, _type, since, _latest in rows] == [
        ("Cardiff", date(2020, 1, 1)),
        ("Swansea PDU", date(2022, 1, 1)),
    ]


def test_readme_how_many_services_of_each_type_were_rated_each_year(database):
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.sql(_readme_statement("How many services of each type were rated each year")).fetchall()
    assert rows == [
        (2018, "crc", 1), (2019, "pdu", 1), (2020, "crc", 1), (2020, "not in the register", 1),
        (2022, "pdu", 1), (2025, "pdu", 1),
    ]
