"""Which quoted spans are quotations and who said them (quotes/attribution.py, names.py,
events.py, resolution.py, phrases.py, headlines.py), on short sentences of the kind
news reports about probation inspections are written in."""

from __future__ import annotations

from pipelines.read.document import Section
from tests.extract.quotes.helpers import only, speakers, texts

# --- which quoted spans are quotations ----------------------------------------------


def test_scare_quotes_and_names_are_not_quotations(quotes):
    text = (
        "Probation news\n\n"
        "The 'Transforming Rehabilitation' reforms left staff with an \"alarming\" workload and "
        "\"undue risk\", under a scheme called \"Payment By Results Pilot\"."
    )
    assert quotes(text) == []


def test_partial_quotation_of_three_words_counts(quotes):
    text = "Probation news\n\nDame Glenys Stacey said moving to new contracts would help but warned “serious design flaws” would remain."
    found = only(quotes(text))
    assert found.text == "serious design flaws"
    assert found.speaker.name == "Glenys Stacey"
    assert found.cue == "warned"


def test_partial_quotation_after_a_scare_quote_in_the_same_sentence(quotes):
    text = (
        "Probation news\n\n"
        'Mayor of London Sadiq Khan said the "deeply alarming" report "shows that the probation service is simply not working".'
    )
    found = only(quotes(text))
    assert found.text == "shows that the probation service is simply not working"
    assert found.speaker.name == "Sadiq Khan"
    assert found.speaker.role == "Mayor of London"


# --- attribution forms -------------------------------------------------------------


def test_title_before_name_and_honorific(quotes):
    text = (
        "Probation news\n\n"
        'HM Chief Inspector of Probation Dame Glenys Stacey said: "Services are now well below what people rightly expect."'
    )
    speaker = only(quotes(text)).speaker
    assert (speaker.name, speaker.speaker_type, speaker.role) == (
        "Glenys Stacey",
        "person",
        "HM Chief Inspector of Probation",
    )


def test_quote_then_said_name_with_role_of_provider(quotes, gazetteer):
    text = (
        "Probation news\n\n"
        '"We recognise the importance of independent inspection," said Helga Swidenbank, director of probation at the London CRC.'
    )
    found = only(quotes(text))
    assert found.text == "We recognise the importance of independent inspection,"
    assert found.cue == "said"
    speaker = found.speaker
    assert speaker.name == "Helga Swidenbank"
    assert speaker.role == "director of probation"
    assert speaker.organisation == "London CRC"
    assert speaker.provider_id == gazetteer.resolve("London CRC")


def test_appositive_before_speech_verb(quotes):
    text = (
        "Probation news\n\n"
        'Helga Swidenbank, director of probation at the London CRC, said: "We have a number of improvements to make."'
    )
    speaker = only(quotes(text)).speaker
    assert (speaker.name, speaker.role, speaker.organisation) == ("Helga Swidenbank", "director of probation", "London CRC")


def test_quote_then_name_said(quotes):
    text = (
        "Probation news\n\n"
        "“I find it difficult to see how this can be achieved while probation remains subject to commerce,” "
        "Dame Glenys Stacey added."
    )
    found = only(quotes(text))
    assert (found.speaker.name, found.cue) == ("Glenys Stacey", "added")


def test_dash_attribution(quotes):
    text = '"Public protection must come first in every case we supervise." - Justin Russell, Chief Inspector of Probation'
    found = only(quotes("Probation news\n\n" + text))
    assert found.speaker.name == "Justin Russell"
    assert found.speaker.role == "Chief Inspector of Probation"


def test_name_and_colon_without_a_verb(quotes):
    text = "Probation news\n\nChief Inspector of Probation Justin Russell: “In some areas we found budgets being squeezed and staff under pressure.”"
    assert speakers(quotes(text)) == ["Justin Russell"]


def test_speaker_introduced_with_colon_in_the_paragraph_before(quotes):
    text = (
        "Probation news\n\n"
        "Speaking today, Richard Garside said:\n\n"
        '"Something has gone badly wrong, and very quickly, with the probation service."'
    )
    assert speakers(quotes(text)) == ["Richard Garside"]


def test_free_standing_quote_goes_to_the_speaker_just_named(quotes):
    text = (
        "Probation news\n\n"
        "Sam Gyimah, justice minister, said the company's performance was totally unacceptable. "
        "“An urgent improvement plan is now in place and I will not hesitate to take more action.”"
    )
    found = only(quotes(text))
    assert (found.speaker.name, found.speaker.role) == ("Sam Gyimah", "justice minister")


def test_described_as_saying_goes_to_the_subject(quotes):
    text = (
        "Probation news\n\n"
        "Helga Swidenbank runs the London CRC.\n\n"
        'She described public protection as the company\'s number one priority, saying: "Since the inspection, we have made progress."'
    )
    assert speakers(quotes(text)) == ["Helga Swidenbank"]


def test_participle_after_a_misattached_clause_takes_the_speech_verbs_subject(quotes):
    text = (
        "Probation news\n\n"
        "Shadow justice secretary Richard Burgon claimed the “reckless” privatisation has left the public less safe, "
        "adding: “The Tories need to act on the mounting evidence.”"
    )
    found = only(quotes(text))
    assert (found.speaker.name, found.cue, found.speaker.role) == ("Richard Burgon", "adding", "Shadow justice secretary")


def test_went_on_to_say(quotes):
    text = (
        "Probation news\n\n"
        "Ian Lawrence went on to say: “The chief inspector has highlighted the fact that staff shortages are severe.”"
    )
    assert speakers(quotes(text)) == ["Ian Lawrence"]


def test_colon_after_a_headline_quote_names_the_speaker(quotes):
    text = "Probation news\n\n‘Sometimes you just have to believe’: Chris Grayling in 2013 on privatising probation"
    assert speakers(quotes(text)) == ["Chris Grayling"]


# --- references back to a speaker -----------------------------------------------------


def test_short_names_resolve_to_the_full_name_given_earlier(quotes):
    text = (
        "Probation news\n\n"
        "The Chief Inspector of Probation Dame Glenys Stacey published her report.\n\n"
        'Dame Glenys said: "Services are now well below what people rightly expect."\n\n'
        "The reforms were introduced by Chris Grayling in 2014.\n\n"
        'Mr Grayling said: "These reforms will bring down reoffending for the first time."'
    )
    assert speakers(quotes(text)) == ["Glenys Stacey", "Chris Grayling"]


def test_first_name_reference(quotes):
    text = (
        "Probation news\n\n"
        "The Centre's Director, Richard Garside, has today called on the government to act.\n\n"
        'Richard said: "The government needs to get a grip of the situation quickly."'
    )
    assert speakers(quotes(text)) == ["Richard Garside"]


def test_pronouns_follow_gender_from_honorifics_and_earlier_pronouns(quotes):
    text = (
        "Probation news\n\n"
        'Dame Glenys Stacey said: "Services are now well below what people rightly expect."\n\n'
        'Justice Minister Sam Gyimah said: "I met senior managers at London CRC yesterday."\n\n'
        'He added: "An urgent improvement plan is now in place."\n\n'
        'She added: "This simple lack of management attention was the most striking finding."'
    )
    # Sam Gyimah's gender is learnt from "He added", so "She" skips him.
    assert speakers(quotes(text)) == ["Glenys Stacey", "Sam Gyimah", "Sam Gyimah", "Glenys Stacey"]


def test_it_refers_to_the_last_organisation_or_report(quotes):
    text = (
        "Probation news\n\n"
        "Napo, the probation workers’ union, said “staff in London have done their utmost to make the model work”.\n\n"
        "Justice Minister Sam Gyimah said the contracts were under review.\n\n"
        "It questioned whether the reforms were a “reckless ideological and politically-driven agenda”."
    )
    found = quotes(text)
    assert speakers(found) == ["Napo", "Napo"]
    assert {q.speaker.speaker_type for q in found} == {"organisation"}
    assert found[1].cue == "questioned"


def test_role_reference_resolves_to_the_person_given_that_role(quotes):
    text = (
        "Probation news\n\n"
        "In a highly critical assessment, Chief Inspector of Probation Dame Glenys Stacey said the public could be safer.\n\n"
        "Arguing probation is not a “transactional” service, the chief inspector said: "
        "“We are not talking here about who supplies your internet access.”"
    )
    found = only(quotes(text))
    assert found.speaker.name == "Glenys Stacey"


def test_appositive_role_is_available_to_later_role_references(quotes):
    text = (
        "Probation news\n\n"
        "Liz Truss, the justice secretary, has already ordered a review of the probation system.\n\n"
        'The justice secretary said: "We will not tolerate failure in any part of the system."'
    )
    found = only(quotes(text))
    assert (found.speaker.name, found.speaker.role) == ("Liz Truss", "justice secretary")


def test_spokesperson_speaks_for_the_organisation(quotes):
    text = (
        "Probation news\n\n"
        'A Ministry of Justice spokesperson said: "We are investing in probation services."\n\n'
        'She added: "Performance has not been good enough and we are taking action."'
    )
    found = quotes(text)
    assert speakers(found) == ["Ministry of Justice", "Ministry of Justice"]
    assert found[0].speaker.speaker_type == "organisation"


# --- bodies and providers -----------------------------------------------------------


def test_the_report_speaks_as_the_inspectorate(quotes):
    text = (
        "Probation news\n\n"
        '"There was no assessment in place of the risk of future domestic abuse," the report said. '
        '"It was not clear where he was currently living."'
    )
    found = quotes(text)
    assert speakers(found) == ["HM Inspectorate of Probation"] * 2
    assert {q.speaker.speaker_type for q in found} == {"report"}


def test_report_adding_that(quotes):
    text = (
        "Probation news\n\n"
        "On effectiveness, the report also described the company's performance as poor, "
        'adding that there was an "alarming lack of contact" in too many cases.'
    )
    found = only(quotes(text))
    assert (found.text, found.speaker.name, found.cue) == ("alarming lack of contact", "HM Inspectorate of Probation", "adding")


def test_provider_speaks_under_its_canonical_name(quotes, gazetteer):
    text = "Probation news\n\nMTCNovo said that it was “already addressing the recommendations made in the report”."
    speaker = only(quotes(text)).speaker
    assert (speaker.name, speaker.speaker_type) == (gazetteer.records[gazetteer.resolve("MTCNovo")].name, "organisation")
    assert speaker.provider_id == gazetteer.resolve("MTCNovo")


def test_union_from_reference_data(quotes):
    text = "Probation news\n\nNapo, the probation workers’ union, said “staff have done their utmost despite reservations”."
    speaker = only(quotes(text)).speaker
    assert (speaker.name, speaker.speaker_type) == ("Napo", "organisation")


def test_according_to(quotes):
    text = "Probation news\n\nAccording to the report, “too many cases were not managed well enough”."
    found = only(quotes(text))
    assert (found.speaker.name, found.cue) == ("HM Inspectorate of Probation", "according to")


def test_person_with_organisation_in_prepositional_appositive(quotes):
    text = "Probation news\n\nFrances Crook, of the Howard League, said the system was “broken beyond repair and must be scrapped”."
    speaker = only(quotes(text)).speaker
    assert speaker.name == "Frances Crook"
    assert "Howard League" in speaker.organisation


# --- paragraphs, blocks, headlines, comments ---------------------------------------------


def test_multi_paragraph_quotation_is_one_row_per_paragraph_with_one_speaker(quotes):
    text = (
        "Probation news\n\n"
        'Helga Swidenbank, director of probation at the London CRC, said: "We recognise the importance of inspection.\n\n'
        '"Our change plan is already addressing the recommendations made in the report.\n\n'
        '"The change plan has a clear objective to reduce re-offending."\n\n'
        "Inspectors found the NPS was delivering services better."
    )
    found = quotes(text)
    assert texts(found) == [
        "We recognise the importance of inspection.",
        "Our change plan is already addressing the recommendations made in the report.",
        "The change plan has a clear objective to reduce re-offending.",
    ]
    assert speakers(found) == ["Helga Swidenbank"] * 3


def test_unclosed_quote_does_not_lose_the_rest_of_the_article(quotes):
    text = (
        "Probation news\n\n"
        'One officer said "the caseloads are simply impossible to manage\n\n'
        "The company said it had hired more staff over the summer to cope with demand.\n\n"
        'Justice Minister Sam Gyimah said: "An urgent improvement plan is now in place."'
    )
    found = quotes(text)
    assert texts(found) == ["the caseloads are simply impossible to manage", "An urgent improvement plan is now in place."]
    assert found[-1].speaker.name == "Sam Gyimah"


def test_closing_paragraph_without_its_own_opening_mark(quotes):
    text = (
        "Probation news\n\n"
        'Dame Glenys Stacey said: "The first part of the statement is here.\n\n'
        'The second part of the same statement is here," she added.'
    )
    found = quotes(text)
    assert texts(found) == ["The first part of the statement is here.", "The second part of the same statement is here,"]
    assert speakers(found) == ["Glenys Stacey", "Glenys Stacey"]


def test_block_quotation_after_speech_verb_and_colon(quotes):
    block = (
        "Individual caseloads have reduced when compared with those we saw a year ago. "
        "We gauge that staff morale is better overall."
    )
    text = "Probation news\n\nDame Glenys Stacey published the report today.\n\nSumming up, Dame Glenys said:\n\n" + block
    found = only(quotes(text))
    assert found.text == block
    assert (found.speaker.name, found.cue) == ("Glenys Stacey", "said")


def test_heading_or_list_after_a_colon_is_not_a_block_quotation(quotes):
    text = (
        "Probation news\n\n"
        "Richard Garside writing on the Centre for Crime and Justice Studies website:-\n\n"
        "Time for a rethink as probation crisis deepens\n\n"
        "Her annual report, published on Thursday, says:\n\n"
        "– Reveals white noise is being used to stop private conversations being overheard in open booths;"
    )
    assert quotes(text) == []


def test_headline_quote_takes_the_speaker_of_the_same_words_in_the_body(quotes):
    title = "Probation services watchdog finds practice to be 'well below standard'"
    text = (
        f"{title}\n\n"
        "HM Chief Inspector of Probation Dame Glenys Stacey said probation services have deteriorated.\n\n"
        'Dame Glenys said: "Generally, practice was well below standard, with the public exposed to risk."'
    )
    found = quotes(text, title=title)
    assert texts(found)[0] == "well below standard"
    assert speakers(found) == ["Glenys Stacey", "Glenys Stacey"]
    assert found[0].cue is None


def test_headline_quote_in_a_piece_about_a_report_goes_to_the_inspectorate(quotes):
    title = "CRC and Through The Gate: “Delivery is poor and little to commend.”"
    text = f"{title}\n\nThe report reflects the findings of HM Inspectorate of Probation and HM Inspectorate of Prisons."
    found = only(quotes(text, title=title))
    assert (found.speaker.name, found.speaker.speaker_type) == ("HM Inspectorate of Probation", "report")


def test_reader_comments_are_not_quotations_but_quotes_inside_them_are(quotes):
    article = 'Probation news\n\nNapo said: "Staff have done their utmost for years."\n\n'
    comment = '1. So predictable chickens coming home to roost\n\n2. "given their SFO secrets."'
    text = article + comment
    sections = [Section(0, "article", 0, len(article)), Section(1, "comment", len(article), len(text))]
    found = quotes(text, sections)
    assert texts(found) == ["Staff have done their utmost for years.", "given their SFO secrets."]
    assert [q.is_comment for q in found] == [False, True]
    assert [q.section_index for q in found] == [0, 1]
    assert found[1].speaker is None


def test_boilerplate_is_not_searched(quotes):
    article = "Probation news\n\nInspectors visited the area in March.\n\n"
    furniture = '"Subscribe to get every blog post by email for free"'
    text = article + furniture
    sections = [Section(0, "article", 0, len(article)), Section(1, "boilerplate", len(article), len(text))]
    assert quotes(text, sections) == []
