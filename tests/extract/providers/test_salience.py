"""One rule for the provider an article named last before a point."""

from __future__ import annotations

from pipelines.extract.providers import ProviderMention
from pipelines.extract.providers.salience import named_before
from pipelines.read.model import Section
from tests.documents import article

TEXT = "Kent CRC was praised. Kent CRC grew. Essex CRC shrank. The CRC said so.\n\nA reader: Essex CRC, Essex CRC!"
SECTIONS = [Section(0, "article", 0, 72), Section(1, "comment", 72, len(TEXT))]


def mentions_of(text: str, *names: str) -> list[ProviderMention]:
    found = []
    for name in names:
        start = text.find(name)
        while start >= 0:
            found.append(ProviderMention(name.split()[0].lower(), start, start + len(name), name))
            start = text.find(name, start + 1)
    return sorted(found, key=lambda m: m.char_start)


def test_named_before_stops_at_the_offset_and_at_the_start_of_its_section():
    document = article(TEXT, sections=SECTIONS)
    mentions = mentions_of(TEXT, "Kent CRC", "Essex CRC")
    before_the_crc = named_before(document, mentions, TEXT.index("The CRC"))
    assert [m.provider_id for m in before_the_crc] == ["kent", "kent", "essex"]
    in_the_comment = named_before(document, mentions, len(TEXT) - 1)
    assert [m.char_start for m in in_the_comment] == [TEXT.index("Essex CRC, "), TEXT.rindex("Essex CRC")]


def test_a_document_without_sections_counts_every_earlier_mention():
    text = "Kent CRC, then Essex CRC. The CRC said so."
    document = article(text, sections=[])
    document.sections = []
    found = named_before(document, mentions_of(text, "Kent CRC", "Essex CRC"), text.index("The CRC"))
    assert [m.provider_id for m in found] == ["kent", "essex"]



def _named(*ids: str) -> list:
    from pipelines.extract.providers.records import ProviderMention

    return [ProviderMention(pid, 10 * i, 10 * i + 4, pid) for i, pid in enumerate(ids)]


def test_dominant_majority_needs_more_than_half_of_the_mentions():
    from pipelines.extract.providers.salience import dominant

    assert dominant(_named("kent", "kent", "essex"), quorum="majority") == "kent"
    assert dominant(_named("kent", "essex"), quorum="majority") is None
    assert dominant(_named("kent", "kent", "essex", "surrey", "sussex"), quorum="majority") is None


def test_dominant_plurality_is_the_one_named_most_none_on_a_tie():
    from pipelines.extract.providers.salience import dominant

    assert dominant(_named("kent", "kent", "essex", "surrey", "sussex"), quorum="plurality") == "kent"
    assert dominant(_named("kent", "essex", "essex", "kent"), quorum="plurality") is None
    assert dominant([], quorum="plurality") is None
