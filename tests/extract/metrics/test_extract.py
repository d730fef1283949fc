"""Metrics of a document: which figures are facts, with measure, subject,
provider and period. Sentences are taken from the seed articles."""

from __future__ import annotations

import json
import math
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import spacy

from pipelines.extract.metrics import extract_metrics
from pipelines.extract.providers import ProviderMention
from pipelines.read.document import Section, SourceDocument, build_document, find_paragraphs
from schemas.registry import TABLES
from schemas.tables import Metrics
from tests.documents import context

ROOT = Path(__file__).resolve().parents[3]

PROVIDERS = {
    "London CRC": "london-crc",
    "London Community Rehabilitation Company": "london-crc",
    "MTCnovo": "mtcnovo",
    "MTCNovo": "mtcnovo",
    "National Probation Service": "national-probation-service",
    "NPS": "national-probation-service",
}


def document(text: str, published: date | None = None, sections: list[Section] | None = None) -> SourceDocument:
    return SourceDocument(
        document_id="doc",
        source_path="doc.txt",
        sha256="",
        text=text,
        published_date=published,
        paragraphs=find_paragraphs(text),
        sections=sections or [Section(0, "article", 0, len(text))],
    )


def mentions_in(text: str) -> list[ProviderMention]:
    """Provider mentions found with a fixed alias list, so these tests do not
    depend on the provider reference data, which grows independently."""
    pattern = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, PROVIDERS), key=len, reverse=True)) + r")\b")
    return [ProviderMention(PROVIDERS[m.group()], m.start(), m.end(), m.group()) for m in pattern.finditer(text)]


@pytest.fixture
def metrics(nlp):
    def run(text: str, published: date | None = None, sections: list[Section] | None = None) -> list[dict]:
        doc = document(text, published, sections)
        rows = extract_metrics(context(doc, nlp(text), mentions=mentions_in(text)))
        for row in rows:
            assert list(row) == TABLES["metrics"].columns
            assert row["text"] == text[row["char_start"] : row["char_end"]]
            assert math.isfinite(row["value"])
        return rows

    return run


def values(rows: list[dict]) -> list[tuple[float, str]]:
    return [(round(r["value"], 4), r["unit"]) for r in rows]


# --- each form, on a real sentence --------------------------------------------


def test_count_with_thousands_separator(metrics):
    text = (
        "The London CRC, which is owned by MTCnovo, is the largest of the companies and was "
        "supervising 28,750 offenders across the capital as of the end of June."
    )
    (row,) = metrics(text)
    assert (row["value"], row["unit"], row["qualifier"]) == (28750, "count", "exact")
    assert row["text"] == "28,750 offenders"
    assert row["measure"] == "offenders_supervised"
    assert row["provider_id"] == "london-crc"
    assert row["metric_id"] == f"doc:{row['char_start']}-{row['char_end']}"
    assert row["inspection_id"] is None
    assert row["sentence"] == text


def test_percent_with_decimals_and_just(metrics):
    text = "It's important to recognise that only 40 cases were inspected, just 0.13%, of London CRC's case load."
    assert values(metrics(text)) == [(40, "count"), (0.13, "percent")]
    assert [r["qualifier"] for r in metrics(text)] == ["exact", "exact"]


def test_per_cent_in_words(metrics):
    text = "Staff morale is low, with vacancies running at 20 per cent, the report said."
    (row,) = metrics(text)
    assert (row["value"], row["unit"], row["measure"]) == (20, "percent", "staff_vacancy_rate")


def test_money_with_magnitude_suffix(metrics):
    text = "Seven-year probation contracts worth £3.7bn were given to companies including MTCNovo."
    (row,) = metrics(text)
    assert (row["value"], row["unit"], row["measure"]) == (3.7e9, "gbp", "contract_value")


def test_money_with_magnitude_word_and_rate(metrics):
    text = "We have invested an extra £22 million a year to support offenders on release."
    (row,) = metrics(text)
    assert (row["value"], row["unit"]) == (22e6, "gbp")
    assert row["measure"] == "additional_investment_per_year"


def test_number_words_count_for_countable_things(metrics):
    (row,) = metrics("The inspectors made six recommendations, reproduced in full here.")
    assert (row["value"], row["unit"], row["measure"]) == (6, "count", "recommendations")


def test_quarter_of_a_million(metrics):
    text = (
        "Probation services, which manage more than a quarter of a million offenders a year in "
        "England and Wales, have been part-privatised for the last five years."
    )
    (row,) = metrics(text)
    assert (row["value"], row["unit"], row["qualifier"]) == (250_000, "count", "more_than")
    assert row["measure"] == "offenders_supervised_per_year"


def test_out_of_is_one_ratio_row(metrics):
    text = (
        "Says eight out of 10 Community Rehabilitation Companies (CRCs) inspected since January last "
        "year were rated “inadequate” for implementation and delivery of probation supervision."
    )
    (row,) = metrics(text)
    assert (row["value"], row["unit"], row["numerator"], row["denominator"]) == (0.8, "ratio", 8, 10)
    assert row["measure"] == "providers_rated_inadequate"


def test_ratio_over_a_named_population(metrics):
    text = "Inspectors examined the work of the CRC in north London, covering eight out of 32 London boroughs."
    (row,) = metrics(text)
    assert (row["value"], row["numerator"], row["denominator"]) == (0.25, 8, 32)
    assert row["text"] == "eight out of 32 London boroughs"


def test_ratio_with_the(metrics):
    text = "MTCNovo runs two out of the 21 community rehabilitation companies (CRCs) set up to deliver the service."
    (row,) = metrics(text)
    assert row["value"] == pytest.approx(2 / 21)
    assert row["provider_id"] == "mtcnovo"


def test_fraction_with_qualifier(metrics):
    text = (
        "The assessment of risk of harm posed to others was not carried out well enough in over "
        "half of the cases inspected."
    )
    (row,) = metrics(text)
    assert (row["value"], row["unit"], row["qualifier"]) == (0.5, "ratio", "more_than")
    assert row["measure"] == "share_of_cases_below_standard"


def test_change_gives_before_and_after_rows(metrics):
    text = "Staff morale is low, while the number of offices has been reduced from 40 to 27 raising concerns."
    rows = [r for r in metrics(text) if r["unit"] == "count"]
    assert sorted((r["measure"], r["value"]) for r in rows) == [("offices_after", 27), ("offices_before", 40)]
    assert {r["metric_id"].rsplit(":", 1)[1] for r in rows} == {"before", "after"}
    assert len({r["metric_id"] for r in rows}) == 2


def test_increments(metrics):
    text = "Our reforms mean 40,000 more offenders are being supervised."
    (row,) = metrics(text)
    assert (row["value"], row["measure"]) == (40000, "additional_offenders_supervised")
    text = "This means that an extra 50,000 extra people are now supervised, an increase of…"
    (row,) = metrics(text)
    assert row["value"] == 50000 and row["measure"].startswith("additional_")


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("The company running probation services for nearly 30,000 offenders in London has improved.", "approx"),
        ("Around 17% of all those under probation supervision nationally live in the capital.", "approx"),
    ],
)
def test_qualifiers_kept(metrics, text, qualifier):
    (row,) = metrics(text)
    assert row["qualifier"] == qualifier


# --- not metrics ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Thousands of criminals were supervised in the community.",
        "Tens of thousands of offenders are being supervised under an “irredeemably flawed” system.",
        "Seven-year probation contracts were given to companies.",
        "They bid for the contracts two years ago.",
        "Probation services have been part-privatised for the last five years.",
        "All prisoners sentenced to 12 months or less are now subject to 12 month’s supervision on release.",
        "Offenders are seen every six weeks.",
        "A shake-up of the regime was rolled out in 2014.",
        "The report is available at from 15 December 2016.",
        "Today HM Inspectorate of Probation published a fourth report on the early implementation.",
        "She described public protection as the company's number one priority.",
        "  1. Ensure, in all cases, that responsible officers identify the risk of harm.",
        "One Response",
        "Each region would contain one NPS division and one CRC.",
        "Damning Probation Report 2",
        "The report, Transforming Rehabilitation – Early Implementation 4: an Independent…",
        "Those two quotes are the headline findings from the report.",
        "It was now turning its attention to two other key tenets of good probation services.",
        "An interface agreement promoted effective work between the two organisations.",
        "One positive and sustained relationship with a youth worker can make all the difference.",
        "Mr Grayling, 55, said the reforms were working.",
        "Offenders aged 18 to 25 were given priority.",
        "Call 0300 123 4567 between 9am and 5pm.",
        "Shares\n\n1,234",
        "Comments 312",
        "Probation staff at work. Photograph: PA\n\n1 of 5",
        "The Centre recommended the 2016 recommendations be adopted.",
    ],
)
def test_not_metrics(metrics, text):
    assert metrics(text) == []


def test_a_figure_in_a_list_item_is_a_fact(metrics):
    assert values(metrics("• 28,750 offenders")) == [(28750, "count")]


def test_figures_in_reader_comments_are_not_facts(metrics):
    article = "The London CRC supervises 28,750 offenders."
    comment = "Another 300 staff will go, mark my words."
    text = article + "\n\n" + comment
    sections = [
        Section(0, "article", 0, len(article)),
        Section(1, "comment", len(article) + 2, len(text)),
    ]
    assert values(metrics(text, sections=sections)) == [(28750, "count")]


# --- provider, subject, period --------------------------------------------------


def test_pronoun_refers_back_to_the_subject_of_the_previous_sentence(metrics):
    text = (
        "MTCnovo is the largest of the 21 companies set up when probation services were split "
        "between the National Probation Service and CRCs. It supervises 28,750 offenders across north London."
    )
    rows = {r["value"]: r for r in metrics(text)}
    assert rows[28750]["provider_id"] == "mtcnovo"
    # A count of companies is about the companies, not about the one named beside it.
    assert rows[21]["provider_id"] is None
    assert rows[21]["measure"] == "crc_count"


def test_the_company_refers_back_to_a_named_provider(metrics):
    text = (
        "The London Community Rehabilitation Company improved.\n\n"
        "The company running probation services for nearly 30,000 offenders has made progress."
    )
    (row,) = metrics(text)
    assert row["provider_id"] == "london-crc"


def test_each_figure_gets_the_provider_of_its_own_phrase(metrics):
    text = (
        "At the end of September, a total of 258,157 offenders were on probation in England and Wales "
        "– 151,788 under CRC supervision and 106,369 managed by the NPS."
    )
    rows = {r["value"]: r for r in metrics(text, published=date(2016, 12, 15))}
    assert set(rows) == {258157, 151788, 106369}
    assert rows[106369]["provider_id"] == "national-probation-service"
    assert rows[151788]["provider_id"] is None
    # The bare figures count the offenders named once at the start.
    assert rows[151788]["measure"].startswith("offenders")
    assert rows[258157]["period"] == "2016-09"


def test_coordinated_provider_is_not_the_subject(metrics):
    text = (
        "Under the overhaul probation services in England and Wales were divided into a new National "
        "Probation Service and 21 privately-owned Community Rehabilitation Companies (CRCs)."
    )
    (row,) = metrics(text)
    assert row["provider_id"] is None
    assert row["subject"] == "Community Rehabilitation Companies"
    assert row["measure"] == "crc_count"


def test_a_pronoun_continuing_a_non_provider_gets_no_provider(metrics):
    text = (
        "The London CRC was rated inadequate.\n\n"
        "In 2018, the Ministry of Justice announced it would end the contracts early at a cost of £170m."
    )
    (row,) = metrics(text)
    assert (row["value"], row["provider_id"], row["measure"]) == (170e6, None, "cost")


def test_measure_from_the_counted_noun_and_its_modifiers(metrics):
    text = "There were 1,347 serious further offences committed by people under supervision."
    (row,) = metrics(text)
    assert row["measure"] == "serious_further_offences"
    (row,) = metrics("The service runs 14 approved premises and 40 hostels.")[1:]
    assert row["measure"] == "hostel_count"


def test_rate_per_thousand_is_a_ratio(metrics):
    text = "Last year 7,000 offenders were recalled to prison, a rate of 12.3 per 1,000."
    rows = metrics(text, published=date(2019, 3, 1))
    assert values(rows) == [(7000, "count"), (0.0123, "ratio")]
    assert [r["period"] for r in rows] == ["2018", "2018"]
    assert rows[0]["measure"] == "offenders_recalled"


def test_period_without_a_document_date_is_null(metrics):
    text = "At the end of September, a total of 258,157 offenders were on probation in England and Wales."
    (row,) = metrics(text)
    assert row["period"] is None


def test_period_from_a_year_in_the_same_clause(metrics):
    text = "Under an overhaul, 35 probation trusts were replaced in 2014 by the public-sector NPS."
    (row,) = metrics(text)
    assert (row["value"], row["period"], row["provider_id"]) == (35, "2014", None)


def test_relative_year(metrics):
    text = "One in five probation officers in the south-west quit last year."
    (row,) = metrics(text, published=date(2019, 3, 1))
    assert (row["value"], row["period"]) == (0.2, "2018")


# --- robustness -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "1 2 3 4 5 6 7 8 9 10 " * 50,
        "9" * 400 + " offenders and £" + "9" * 320 + "bn",
        "\x00\x07 12 cases \x1b[31m 40%",
        "٣٠٠ حالة و ٤٠٪ and 300 cases",
        "Ⅻ ½ ² 12 ¾ of the 40",
        "from from 1 to to 2 between and 3 out of of 4 in in 5",
        "£££ %%% ... --- 1,2,3 0.0.0 00000 +44",
    ],
)
def test_odd_input_never_raises(metrics, text, caplog):
    metrics(text)
    # Figures are not dropped by an internal error either (those are logged).
    assert not [r for r in caplog.records if r.name.startswith("pipelines.extract.metrics")]


def test_without_a_parse_figures_still_come_from_the_text():
    text = "The London CRC supervises 28,750 offenders, 12 per cent more than planned."
    rows = extract_metrics(context(document(text), None, mentions=mentions_in(text)))
    assert values(rows) == [(28750, "count"), (12, "percent")]


def test_a_parse_without_a_parser_still_gives_rows():
    text = "The London CRC supervises 28,750 offenders."
    rows = extract_metrics(context(document(text), spacy.blank("en")(text)))
    assert values(rows) == [(28750, "count")]


def test_parse_of_another_text_still_gives_rows(nlp):
    text = "The London CRC supervises 28,750 offenders."
    rows = extract_metrics(context(document(text), nlp("Something else entirely.")))
    assert values(rows) == [(28750, "count")]
    assert rows[0]["text"] == text[rows[0]["char_start"] : rows[0]["char_end"]]


def test_ids_are_deterministic(metrics):
    text = "Staff morale is low, while the number of offices has been reduced from 40 to 27."
    assert metrics(text) == metrics(text)


# --- the seeds, scored as the gold README scores them -----------------------------


def _matches(row: dict, gold: dict) -> bool:
    units = row["unit"] == gold["unit"] or (
        {row["unit"], gold["unit"]} == {"count", "ratio"} and row["numerator"] is not None
    )
    return units and abs(row["value"] - gold["value"]) <= 0.005 * abs(gold["value"])


@pytest.fixture(scope="module")
def seed_rows(nlp, gazetteer):
    """Metrics of every seed, with the seed's gold metrics: {document_id: (rows, gold)}."""
    found = {}
    for gold_path in sorted((ROOT / "tests" / "gold").glob("0*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))["metrics"]
        raw = (ROOT / "seeds" / f"{gold_path.stem}.txt").read_bytes()
        doc, _warning = build_document(gold_path.stem, f"{gold_path.stem}.txt", raw)
        rows = extract_metrics(context(doc, nlp(doc.text), gazetteer, gazetteer.find_mentions(doc.text)))
        for row in rows:
            assert row["text"] == doc.text[row["char_start"] : row["char_end"]]
        found[gold_path.stem] = (rows, gold)
    return found


def test_rows_fit_the_metrics_table_schema(seed_rows, metrics):
    rows = [row for seed, _gold in seed_rows.values() for row in seed]
    rows += metrics("Nearly two-thirds of the 3,500 staff, a fifth of them agency workers, cost £1.2bn in 2018-19.")
    Metrics.validate(pd.DataFrame(rows))


def test_seed_gold_f1(seed_rows):
    tp = fp = fn = 0
    for rows, gold in seed_rows.values():
        unmatched = list(gold)
        for row in rows:
            hit = next((g for g in unmatched if _matches(row, g)), None)
            if hit is None:
                fp += 1
            else:
                unmatched.remove(hit)
                tp += 1
        fn += len(unmatched)
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.95, (tp, fp, fn)


def test_a_sentence_of_hundreds_of_figures_takes_linear_work(nlp, monkeypatch):
    """Found by the property tests: every bare figure asked every earlier one
    for its counted noun, and each asked walked the whole run of compounds
    ("CRC CRC ..."), so one sentence of numbers took half a minute."""
    from pipelines.extract.metrics import extract as extract_module
    from pipelines.extract.metrics import nouns as nouns_module

    text = "Probation news\n\n" + " ".join(["12,500"] * 300) + " " + " ".join(["CRC"] * 300) + " 42 offenders.\n"
    calls = 0
    counted_noun = nouns_module._counted_noun

    def counting(*args):
        nonlocal calls
        calls += 1
        return counted_noun(*args)

    for module in (extract_module, nouns_module):  # the first call and the calls back from earlier figures
        monkeypatch.setattr(module, "_counted_noun", counting)
    rows = extract_metrics(context(document(text), nlp(text)))
    assert calls <= 2 * 302
    for row in rows:
        assert row["text"] == text[row["char_start"] : row["char_end"]]


# --- issue 18: number forms, one short sentence written for each ---------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The panel made nine recommendations.", [(9, "count")]),
        ("Three services were inspected last spring.", [(3, "count")]),
        ("Inspectors rated all four aspects as poor.", [(4, "count")]),
        ("Two recent reports found failings.", [(2, "count")]),
        ("3 services were rated good.", [(3, "count")]),
        ("The union will study the five recommendations for improvement in the report.", [(5, "count")]),
        ("The review was the third of seven where inspectors looked at housing.", [(7, "count")]),
        ("The firm drew up a four-point plan.", [(4, "count")]),
    ],
)
def test_small_counts_with_the_noun_they_count(metrics, text, expected):
    assert values(metrics(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # counts in a list of ratings, the rated things named or elided
        ("Of the 12 teams inspected, five required improvement while one, Bristol, was rated inadequate.",
         [(12, "count"), (5, "count"), (1, "count")]),
        ("- Four services ‘Good’ - Leeds, York, Hull and Wakefield", [(4, "count")]),
        ("- One service ‘Outstanding’ - Barnet", [(1, "count")]),
        ("Of 30 services, 10 as 'Requires improvement'.", [(30, "count"), (10, "count")]),
        ("Its work was sound and, in one respect, ‘Outstanding’.", [(1, "count")]),
    ],
)
def test_counts_in_lists_of_ratings(metrics, text, expected):
    assert values(metrics(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Six out 10 cases were reviewed on time.", [(0.6, "ratio")]),
        ("The team scored 12 points out of a possible 30.", [(0.4, "ratio")]),
        ("The office scored just three inspection points out a possible 24 this time.", [(0.125, "ratio")]),
        ("None of the 21 companies met the standard.", [(0.0, "ratio")]),
        ("Not one of the seven divisions met the standard.", [(0.0, "ratio")]),
        ("Half of the cases were late.", [(0.5, "ratio")]),
        ("Given that half of the cases involved violence, risk work matters.", [(0.5, "ratio")]),
        ("A third of offenders reoffended.", [(0.3333, "ratio")]),
        ("One quarter of staff left.", [(0.25, "ratio")]),
        ("The results were poor, with more than half requiring improvement.", [(0.5, "ratio")]),
        ("Less than half were seen on time.", [(0.5, "ratio")]),
        ("More than two-thirds, or 68 per cent, of officers said caseloads were too high.",
         [(0.6667, "ratio"), (68, "percent")]),
    ],
)
def test_ratios_and_fractions(metrics, text, expected):
    assert values(metrics(text)) == expected


def test_more_than_half_is_a_more_than_ratio(metrics):
    (row,) = metrics("More than half of the offices were short of staff.")
    assert (row["value"], row["unit"], row["qualifier"]) == (0.5, "ratio", "more_than")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reoffending increased by 29% in a year.", [(29, "percent")]),
        ("The contracts cost £170m to end.", [(170e6, "gbp")]),
        ("It pays £22m each year to the firms.", [(22e6, "gbp")]),
        ("The deals were worth £3.7bn over seven years.", [(3.7e9, "gbp")]),
        ("The council spent £2.5 million on the hostel.", [(2.5e6, "gbp")]),
    ],
)
def test_percentage_changes_and_money(metrics, text, expected):
    assert values(metrics(text)) == expected


def test_a_percentage_change_says_so_in_its_measure(metrics):
    (row,) = metrics("Recalls increased by 29% last year.")
    assert "change" in row["measure"] or "increase" in row["measure"]


@pytest.mark.parametrize(
    "text",
    [
        "Published 27 Jul 18 by the editor.",
        "Last updated 15/12/2016 at 10:30.",
        "He has been in and out of jail since he was 16 and was known to police.",
        "Subscribe to 100’s of premium titles.",
        "The probation office is the second of its kind.",
        "Meetings lasted over half an hour.",
        "In the second half of 2019 the service improved.",
        "One officer said the two organisations had merged.",
        "Watch the debate on Freeview channel 264 tonight.",
        "Get 50% off your first month of access.",
        "A service scoring 15 or above is rated Outstanding.",
    ],
)
def test_not_metrics(metrics, text):
    assert metrics(text) == []


def test_counts_of_rated_services_say_the_rating_in_their_measure(metrics):
    rows = metrics("Of the 12 teams inspected, five required improvement while one, Bristol, was rated inadequate.")
    assert [r["measure"] for r in rows] == [
        "team_count", "services_rated_requires_improvement", "services_rated_inadequate",
    ]
    (row,) = metrics("- Four services ‘Good’ - Leeds, York, Hull and Wakefield")
    assert row["measure"] == "services_rated_good"


def test_points_out_of_a_possible_total_is_an_inspection_score(metrics):
    (row,) = metrics("The office scored just three inspection points out a possible 24 and inspectors said it was poor.")
    assert (round(row["value"], 4), row["numerator"], row["denominator"]) == (0.125, 3, 24)
    assert row["measure"] == "inspection_score"
