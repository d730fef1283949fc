"""Providers: the reference register, tolerant alias matching, bare areas
and generic "the CRC" references, the fallback for unknown providers, and
the providers / provider_mentions tables. Texts are written for the tests;
the last test scores the seeds against the gold annotations."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from pipelines.assemble.providers import build_provider_tables
from pipelines.extract.providers import (
    ProviderMention,
    find_provider_mentions,
)
from pipelines.read.document import Section, SourceDocument
from schemas.enums import PROVIDER_TYPES, SECTORS
from tests.documents import article, context

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"


def document(text: str, document_id: str = "doc", sections: list[Section] | None = None) -> SourceDocument:
    return article(text, document_id=document_id, published=date(2018, 6, 1), sections=sections)


@pytest.fixture
def mentions_of(nlp, gazetteer):
    def run(text: str, **kwargs) -> list[ProviderMention]:
        doc = document(text, **kwargs)
        found = find_provider_mentions(context(doc, nlp(text), gazetteer))
        for m in found:
            assert text[m.char_start : m.char_end] == m.text
        return found

    return run


def ids(mentions: list[ProviderMention]) -> list[str]:
    return [m.provider_id for m in mentions]


# --- the register ------------------------------------------------------------------


def test_register_is_complete(gazetteer):
    by_type = {}
    for record in gazetteer.records.values():
        by_type.setdefault(record.provider_type, []).append(record)
        assert record.provider_type in PROVIDER_TYPES
        assert record.sector in SECTORS
    assert len(by_type["crc"]) == 21
    assert len(by_type["probation_trust"]) == 35
    assert len(by_type["nps_division"]) == 7
    # The national service of each era: the NPS (2014-2021), the Probation Service.
    assert {r.provider_id for r in by_type["nps"]} == {"national-probation-service", "probation-service"}
    assert len(by_type["region"]) == 12
    assert len(by_type["pdu"]) >= 100
    assert len(by_type["youth_offending_service"]) >= 150
    assert {r.provider_id for r in by_type["agency"]} == {"hmpps", "noms"}


def test_owner_links_resolve(gazetteer):
    records = gazetteer.records
    for record in records.values():
        if record.owner_provider_id is not None:
            assert record.owner_provider_id in records, record.provider_id
        for owner, start, end in record.owners:
            assert owner in records
            assert start is None or end is None or start <= end
    for crc in (r for r in records.values() if r.provider_type == "crc"):
        assert crc.owner_provider_id, crc.provider_id
    assert records["london-crc"].owner_provider_id == "mtcnovo"
    assert records["thames-valley-crc"].owner_provider_id == "mtcnovo"
    assert records["working-links"].owner_provider_id == "aurelius"
    # A CRC whose owner changed keeps its history, latest owner last.
    wales = records["wales-crc"]
    assert [o[0] for o in wales.owners] == ["working-links", "seetec"]
    assert wales.owner_provider_id == "seetec"


@pytest.mark.parametrize(
    ("name", "provider_id"),
    [
        ("MTCnovo", "mtcnovo"),
        ("MTC Novo", "mtcnovo"),
        ("MTCNovo", "mtcnovo"),
        ("London CRC", "london-crc"),
        ("London Community Rehabilitation Company", "london-crc"),
        ("London Community Rehabilitation Company (CRC)", "london-crc"),
        ("Kent, Surrey and Sussex CRC", "kss-crc"),
        ("Kent Surrey & Sussex CRC", "kss-crc"),
        ("KSS CRC", "kss-crc"),
        ("Devon, Dorset and Cornwall CRC", "ddc-crc"),
        ("Working links", "working-links"),
        ("London Division of the NPS", "nps-london"),
        ("NPS", "national-probation-service"),
        ("Napo", None),
        ("", None),
    ],
)
def test_resolve(gazetteer, name, provider_id):
    assert gazetteer.resolve(name) == provider_id


# --- mentions ----------------------------------------------------------------------


def test_alias_variants_and_possessives(mentions_of):
    found = mentions_of("MTCNovo’s plan was welcomed by MTC Novo staff, and Sodexo-run Northumbria CRC agreed.")
    assert ids(found) == ["mtcnovo", "mtcnovo", "sodexo", "northumbria-crc"]


def test_spacing_punctuation_and_ampersand(mentions_of):
    found = mentions_of("Kent Surrey & Sussex CRC and the Cheshire & Greater Manchester Community Rehabilitation Company.")
    assert ids(found) == ["kss-crc", "cgm-crc"]


def test_abbreviation_in_brackets_is_one_mention(mentions_of):
    found = mentions_of("The National Probation Service (NPS) and the London Community Rehabilitation Company (CRC).")
    assert [(m.text, m.provider_id) for m in found] == [
        ("National Probation Service (NPS)", "national-probation-service"),
        ("London Community Rehabilitation Company (CRC)", "london-crc"),
    ]


def test_nps_divisions(mentions_of):
    text = "Inspectors examined the London Division of the NPS. The Midlands division of the National Probation Service was good."
    assert ids(mentions_of(text)) == ["nps-london", "nps-midlands"]


def test_a_comma_never_joins_a_place_to_an_institution(mentions_of):
    assert ids(mentions_of("Offenders in London, CRC staff said, were not seen.")) == []


def test_bare_area_counts_only_when_presented_as_a_crc(mentions_of):
    assert ids(mentions_of("The firm owns a neighbouring CRC, Thames Valley, where volumes fell.")) == ["thames-valley-crc"]
    assert ids(mentions_of("The London and Thames Valley CRCs are both run by one company.")) == [
        "london-crc", "thames-valley-crc"]
    assert ids(mentions_of("Thames Valley Police said offenders in Thames Valley were safe.")) == []
    assert ids(mentions_of("There are 21 CRCs in England and Wales.")) == []


def test_generic_crc_resolves_to_the_documents_crc(mentions_of):
    text = ("Performance of the Community Rehabilitation Company (CRC) was poor. "
            "The London CRC supervises 28,000 offenders. The 21 CRCs were created in 2014.")
    found = mentions_of(text)
    assert [(m.text, m.provider_id) for m in found] == [
        ("Community Rehabilitation Company (CRC)", "london-crc"),
        ("London CRC", "london-crc"),
    ]


def test_generic_crc_without_a_named_crc_stays_unresolved(mentions_of):
    assert mentions_of("The CRC was poor, and the CRC contracts will end.") == []


def test_generic_crc_before_a_word_of_crcs_in_general_is_no_one_crc(mentions_of):
    text = "The London CRC was poor. The CRC model failed, and the CRC's staff across England left."
    assert [(m.text, m.provider_id) for m in mentions_of(text)] == [("London CRC", "london-crc")]
    text = "The London CRC was poor. The CRC failed."
    assert [m.text for m in mentions_of(text)] == ["London CRC", "CRC"]


def test_unknown_crc_and_trust_are_discovered(mentions_of):
    found = mentions_of("Inspectors criticised Barsetshire CRC. Staff came from the Barsetshire Probation Trust.")
    assert [(m.provider_id, m.discovered.provider_type) for m in found] == [
        ("barsetshire-crc", "crc"),
        ("barsetshire-probation-trust", "probation_trust"),
    ]
    assert "reference data" in found[0].discovered.note


def test_owner_named_by_the_text_is_discovered(mentions_of):
    found = mentions_of("The CRC is run by the probation company Acme Justice, inspectors said.")
    assert [(m.text, m.provider_id, m.discovered.provider_type) for m in found] == [
        ("Acme Justice", "acme-justice", "other")]


def test_no_fallback_for_government_people_or_headlines(mentions_of):
    assert mentions_of("Probation was run by the Ministry of Justice. It was managed by Dame Glenys Stacey.") == []
    assert mentions_of("Probation Services In Crisis Say Inspectors CRC Report\n\nBody text follows.") == []


def test_ambiguous_partial_area_is_not_guessed(mentions_of):
    assert mentions_of("Inspectors visited Yorkshire CRC last year.") == []


def test_odd_input_never_raises(nlp, gazetteer):
    for text in ("", "   ", "CRC", "(NPS)", "the CRC’s", "&&&"):
        doc = document(text)
        assert isinstance(find_provider_mentions(context(doc, nlp(text), gazetteer)), list)
        assert isinstance(find_provider_mentions(context(doc, None, gazetteer)), list)
    assert gazetteer.find_mentions("") == []


# --- tables ------------------------------------------------------------------------


def test_tables_hold_every_provider_and_every_mention(nlp, gazetteer):
    texts = {
        "a": "The London CRC, owned by MTCnovo, was inspected. Barsetshire CRC was too.",
        "b": "MTC Novo said the NPS was better.",
    }
    mentions = {}
    for document_id, text in texts.items():
        mentions[document_id] = find_provider_mentions(context(document(text, document_id), nlp(text), gazetteer))
    providers, rows = build_provider_tables(gazetteer, mentions)

    by_id = {p["provider_id"]: p for p in providers}
    assert len(by_id) == len(providers) == len(gazetteer.records) + 1  # the register plus the discovered CRC
    assert by_id["mtcnovo"]["mention_count"] == 2
    assert by_id["essex-crc"]["mention_count"] == 0
    assert by_id["barsetshire-crc"]["provider_type"] == "crc"
    assert by_id["london-crc"]["aliases"][0] == "London CRC"
    for row in providers:
        assert row["owner_provider_id"] is None or row["owner_provider_id"] in by_id
        assert isinstance(row["aliases"], list) and row["name"] in row["aliases"]
    for row in rows:
        assert texts[row["document_id"]][row["char_start"] : row["char_end"]] == row["text"]
        assert row["mention_id"] == f"{row['document_id']}:{row['char_start']}-{row['char_end']}"
        assert row["provider_id"] in by_id
    assert len({r["mention_id"] for r in rows}) == len(rows)
    assert build_provider_tables(gazetteer, mentions) == (providers, rows)  # deterministic


# --- the seeds against the gold ------------------------------------------------------


def _normal(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.replace("&", " and ").lower()).strip()


def test_seed_providers_match_the_gold(nlp, gazetteer):
    from pipelines.read.document import build_document

    mentions = {}
    gold_names: set[str] = set()
    for path in sorted(SEEDS.glob("*.txt")):
        doc, _ = build_document(path.stem, path.name, path.read_bytes())
        mentions[path.stem] = find_provider_mentions(context(doc, nlp(doc.text), gazetteer))
        gold_names |= set(json.loads((GOLD / f"{path.stem}.json").read_text())["providers"])
    providers, _ = build_provider_tables(gazetteer, mentions)
    predicted = [p for p in providers if p["mention_count"]]
    gold = [g for g in json.loads((GOLD / "providers.json").read_text()) if g["name"] in gold_names]

    def matches(p, g):
        keys = {_normal(g["name"]), *(_normal(a) for a in g["aliases"])}
        return _normal(p["name"]) in keys or _normal(g["name"]) in {_normal(a) for a in p["aliases"]}

    true_positives = sum(1 for p in predicted if any(matches(p, g) for g in gold))
    precision, recall = true_positives / len(predicted), true_positives / len(gold)
    assert 2 * precision * recall / (precision + recall) >= 0.95
