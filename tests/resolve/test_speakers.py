"""Corpus-level speakers and quotation rows, built from candidates."""

from __future__ import annotations

import re

from pipelines.extract.quotes import QuoteCandidate, SpeakerRef
from pipelines.extract.slugs import slugify
from pipelines.resolve.speakers import build_quote_tables, speaker_id

STACEY = SpeakerRef("Glenys Stacey", "person", "HM Chief Inspector of Probation", None, None)
STACEY_SHORT_ROLE = SpeakerRef("Glenys Stacey", "person", "chief inspector", None, None)
GLENYS = SpeakerRef("Glenys", "person", None, None, None)
SWIDENBANK = SpeakerRef("Helga Swidenbank", "person", "director of probation", "London CRC", "london-crc")
REPORT = SpeakerRef("HM Inspectorate of Probation", "report", None, None, None)
MTCNOVO = SpeakerRef("MTCnovo", "organisation", None, None, "mtcnovo")


def quote(document_id: str, start: int, text: str, speaker: SpeakerRef | None, cue: str | None = "said", **kw):
    return QuoteCandidate(
        document_id=document_id,
        section_index=kw.get("section_index", 0),
        text=text,
        char_start=start,
        char_end=start + len(text),
        is_comment=kw.get("is_comment", False),
        cue=cue,
        speaker=speaker,
    )


SERVICES = "Services are now well below what people rightly expect, and the city is more at risk as a result."


def test_one_speaker_row_per_canonical_speaker_across_documents():
    speakers, _ = build_quote_tables(
        [
            quote("a", 10, SERVICES, STACEY),
            quote("b", 50, "The probation model delivered by Transforming Rehabilitation is irredeemably flawed.", STACEY_SHORT_ROLE),
            quote("c", 5, "Individual caseloads have reduced when compared with a year ago.", GLENYS),
        ]
    )
    assert speakers == [
        {
            "speaker_id": "glenys-stacey",
            "name": "Glenys Stacey",
            "speaker_type": "person",
            "role": "HM Chief Inspector of Probation",
            "organisation": None,
            "provider_id": None,
        }
    ]


def test_a_short_name_shared_by_two_full_names_is_left_alone():
    speakers, rows = build_quote_tables(
        [
            quote("a", 0, "The government needs to get a grip of the situation.", SpeakerRef("Richard Garside", "person", None, None, None)),
            quote("b", 0, "The Justice Secretary must admit now that it failed.", SpeakerRef("Richard Burgon", "person", None, None, None)),
            quote("c", 0, "Something has gone badly wrong with probation.", SpeakerRef("Richard", "person", None, None, None)),
        ]
    )
    assert [s["name"] for s in speakers] == ["Richard", "Richard Burgon", "Richard Garside"]
    assert rows[2]["speaker"] == "Richard"


def test_speaker_rows_carry_organisation_and_provider():
    speakers, rows = build_quote_tables(
        [
            quote("a", 0, "We recognise the importance of independent inspection.", SWIDENBANK),
            quote("b", 0, "We recognise the importance of independent inspection.", MTCNOVO),
            quote("a", 100, "The proportion of work carried out to a sufficient standard was low.", REPORT),
        ]
    )
    by_id = {s["speaker_id"]: s for s in speakers}
    assert by_id["helga-swidenbank"]["organisation"] == "London CRC"
    assert by_id["helga-swidenbank"]["provider_id"] == "london-crc"
    assert by_id["mtcnovo"]["speaker_type"] == "organisation"
    assert by_id["mtcnovo"]["provider_id"] == "mtcnovo"
    assert by_id["hm-inspectorate-of-probation"]["speaker_type"] == "report"
    assert {r["speaker_id"] for r in rows} == set(by_id)


def test_quote_rows_follow_the_contract():
    _, rows = build_quote_tables(
        [
            quote("doc1", 739, SERVICES, STACEY, section_index=2),
            quote("doc1", 900, "given their SFO secrets.", None, cue=None, is_comment=True, section_index=5),
        ]
    )
    first, second = rows
    assert first == {
        "quote_id": "doc1:739-836",
        "document_id": "doc1",
        "section_index": 2,
        "text": SERVICES,
        "speaker_id": "glenys-stacey",
        "speaker": "Glenys Stacey",
        "speaker_type": "person",
        "cue": "said",
        "char_start": 739,
        "char_end": 836,
        "is_comment": False,
        "inspection_id": None,
        "quote_group_id": first["quote_group_id"],
    }
    assert (second["speaker_id"], second["speaker"], second["speaker_type"], second["is_comment"]) == (None, None, None, True)
    assert all(re.fullmatch(r"qg-[0-9a-f]{12}", r["quote_group_id"]) for r in rows)
    assert first["quote_group_id"] != second["quote_group_id"]


def test_same_quotation_in_several_documents_shares_a_group():
    _, rows = build_quote_tables(
        [
            quote("a", 0, SERVICES, STACEY),
            quote("b", 0, "Services are now well below what people rightly expect and the city is more at risk as a result", STACEY),
            quote("c", 0, SERVICES.replace("rightly", "quite rightly"), STACEY),
            quote("d", 0, "We recognise the importance of independent inspection.", MTCNOVO),
        ]
    )
    groups = [r["quote_group_id"] for r in rows]
    assert groups[0] == groups[1] == groups[2] != groups[3]


def test_partial_quotation_joins_the_group_of_the_full_one():
    full = (
        "A combination of unmanageable case loads, inexperienced officers, extremely poor oversight and a lack of "
        "senior management focus and control meant some service users were not seen for weeks or months."
    )
    partial = "lack of senior management focus and control meant some service users were not seen for weeks or months"
    scattered = "notable improvement from a very low base"
    long_with_scattered_words = (
        "The quality of work has improved from a very low base, and is still improving. "
        "That is not acceptable but it is a notable improvement and achievement for this company."
    )
    _, rows = build_quote_tables(
        [
            quote("a", 0, full, STACEY),
            quote("b", 0, partial, STACEY),
            quote("c", 0, scattered, REPORT),
            quote("c", 100, long_with_scattered_words, STACEY),
        ]
    )
    groups = {r["document_id"] + str(r["char_start"]): r["quote_group_id"] for r in rows}
    assert groups["a0"] == groups["b0"]
    assert groups["c0"] != groups["c100"]


def test_output_is_deterministic_whatever_the_input_order():
    candidates = [
        quote("b", 0, SERVICES, STACEY),
        quote("a", 10, SERVICES, STACEY),
        quote("a", 500, "We recognise the importance of independent inspection.", MTCNOVO),
        quote("c", 5, "Individual caseloads have reduced when compared with a year ago.", GLENYS),
    ]
    first = build_quote_tables(candidates)
    second = build_quote_tables(list(reversed(candidates)))
    assert first == second
    _, rows = first
    assert [r["quote_id"] for r in rows] == ["a:10-107", "a:500-554", "b:0-97", "c:5-69"]
    # The group is named after its earliest member, so adding documents later does not rename it.
    assert rows[0]["quote_group_id"] == rows[2]["quote_group_id"]


def test_duplicate_candidates_give_one_row():
    candidate = quote("a", 10, SERVICES, STACEY)
    _, rows = build_quote_tables([candidate, candidate])
    assert len(rows) == 1


def test_empty_input():
    assert build_quote_tables([]) == ([], [])


def test_speaker_ids_are_ascii_slugs_and_never_empty():
    assert speaker_id("Glenys Stacey") == "glenys-stacey"
    assert speaker_id("HM Inspectorate of Probation") == "hm-inspectorate-of-probation"
    assert speaker_id("Zoë O’Brien") == "zoe-obrien"
    assert slugify("——") == ""
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", speaker_id("——"))


def test_an_office_holder_is_one_speaker_however_named():
    forms = ["Glenys Stacey", "Dame Glenys Stacey", "Glenys Stacy"]
    candidates = [
        quote(f"d{i}", 0, "the service is not good enough at all", SpeakerRef(name, "person", None, None, None))
        for i, name in enumerate(forms)
    ]
    speakers, rows = build_quote_tables(candidates)
    assert [s["name"] for s in speakers] == ["Glenys Stacey"]
    assert {r["speaker"] for r in rows} == {"Glenys Stacey"}


def test_a_name_close_to_no_office_holder_stays_as_written():
    speakers, _ = build_quote_tables([quote("d", 0, "we will appeal", SpeakerRef("Jane Smith", "person", None, None, None))])
    assert [s["name"] for s in speakers] == ["Jane Smith"]


def test_the_memo_keeps_the_groups_and_a_rebuild_gives_the_same_tables():
    candidates = [quote("a", 10, SERVICES, STACEY), quote("c", 5, "Caseloads have reduced since a year ago.", GLENYS)]
    memo: dict = {}
    first = build_quote_tables(candidates, memo=memo)
    first[1][0]["inspection_id"] = "hmip-2016-london"  # the caller fills the rows in: the memo must not see it
    assert memo, "the groups are kept for the next build"
    assert build_quote_tables(candidates, memo=memo) == build_quote_tables(candidates)
    changed = [*candidates, quote("b", 0, SERVICES, STACEY)]
    assert build_quote_tables(changed, memo=memo) == build_quote_tables(changed)
