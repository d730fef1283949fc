"""Several reports named in one sentence, one reference each: local units
inspected together and listed ("when inspecting the probation units in North
Manchester, Tameside and Wigan"), or several local units each given its own
rating ("Leicester's service has been judged inadequate while Derby's service
requires improvement")."""

from __future__ import annotations

import re
from dataclasses import replace

from pipelines.extract.inspections.places import _known_places
from pipelines.extract.inspections.refs import _Cue, _Ref
from pipelines.extract.inspections.sentences import _Sentence
from schemas.enums import INSPECTED_UNIT_TYPES


class _Listings:
    """The part of the reader that splits a reference naming several reports."""

    def _split_listed(self, sentence: _Sentence, ref: _Ref) -> list[_Ref]:
        if ref.status != "current":
            return [ref]
        return self._listed_places(sentence, ref) or self._rated_units(sentence, ref) or [ref]

    def _listed_places(self, sentence: _Sentence, ref: _Ref) -> list[_Ref]:
        m = self.refdata.listing.search(sentence.text)
        if not m:
            return []
        start = sentence.start + m.start()
        places: dict[str, int] = {}  # place -> where its name ends
        for item in re.finditer(r"[^,&]+?(?=\s*(?:,|&|\band\b|$))", m.group("list")):
            place = re.sub(r"^\s*(?:and\s+)?", "", item.group()).strip()
            if place and place != "and":
                places.setdefault(place, sentence.start + m.start("list") + item.end())
        if len(places) < 3 or self._one_area(m.group("list")):
            # "Warwickshire and West Mercia", "Kent, Surrey and Sussex": one
            # area's name; two names joined by "and" too often are one.
            return []
        # Each report's evidence runs from the listing's start to its place.
        named = list(dict.fromkeys((*ref.subjects, *ref.providers, *(m.provider_id for m in self.provider_mentions))))
        return [replace(self._one_of_several(ref, area=place, providers=tuple(
            p for p in named if self._named_after(p, place) and self._provider_type(p) in INSPECTED_UNIT_TYPES)[:1]),
            cues=[_Cue(start, end, "listed", strong=True)]) for place, end in places.items()]

    def _one_area(self, listed: str) -> bool:
        """Whether the whole list names one area or one provider."""
        whole = " ".join(listed.split()).casefold()
        return any(whole == place.casefold() for place in _known_places()) or any(
            whole in (self._provider_name(m.provider_id) or "").casefold() for m in self.provider_mentions)

    def _named_after(self, provider_id: str, place: str) -> bool:
        """A unit named after the place, in any word order ("Manchester North
        PDU" for "North Manchester")."""
        words = set(re.findall(r"[\w'’-]+", (self._provider_name(provider_id) or "").casefold()))
        return set(re.findall(r"[\w'’-]+", place.casefold())) <= words

    def _rated_units(self, sentence: _Sentence, ref: _Ref) -> list[_Ref]:
        """Two or more local units of one kind in the sentence, with as many
        ratings: each rating is its unit's own report."""
        units = list(dict.fromkeys(m.provider_id for m in self._inspectable(sentence)))
        kinds = {self._provider_type(p) for p in units}
        if len(units) < 2 or len(kinds) != 1 or not kinds <= set(INSPECTED_UNIT_TYPES):
            return []
        ratings = self.refdata.cue_patterns["rating_labels"].findall(sentence.text)
        if len(ratings) < len(units):
            return []
        return [self._one_of_several(ref, area=None, providers=(p,)) for p in units]

    def _one_of_several(self, ref: _Ref, area: str | None, providers: tuple[str, ...]) -> _Ref:
        return replace(ref, area=area, area_from_topic=bool(area), providers=providers, subjects=providers,
                       topic=None, given_title=None, introduces=True, distinct=True, strong=True)

    def _provider_name(self, provider_id: str) -> str | None:
        record = self.gazetteer.records.get(provider_id)
        if record:
            return record.name
        return next((m.discovered.name for m in self.provider_mentions if m.provider_id == provider_id and m.discovered),
                    None)
