"""Place names that make an inspection's area."""

from __future__ import annotations

import functools
import re
from typing import Iterable

from pipelines.extract.inspections.lexicon import lexicon
from pipelines.extract.providers import load_gazetteer
from pipelines.extract.providers.register import place_qualifiers

# "north", "north-east" (also "north east", "northeast"), "inner": the parts of a place, from the reference data.
_COMPASS = "(?:" + "|".join(re.escape(w).replace(r"\-", "[- ]?") for w in place_qualifiers().compass) + ")"
NATIONAL_AREA = "England and Wales"


@functools.lru_cache(maxsize=1)
def _known_places() -> tuple[str, ...]:
    places = {NATIONAL_AREA, "England", "Wales", "London"}
    for record in load_gazetteer().records.values():
        for region in record.region_names:
            places.add(region)
            places.update(p.strip() for p in re.split(r",\s*|\s+and\s+|\s+&\s+", region) if p.strip())
    return tuple(sorted((p for p in places if len(p) > 2 and p[:1].isupper()), key=len, reverse=True))


def _place_pattern(extra: Iterable[str] = ()) -> tuple[re.Pattern, re.Pattern]:
    """(a place phrase in running text, a bare place name). Place names are
    matched with their capitals; the words around them in any case."""
    known = set(_known_places())
    # Compiling the patterns costs a fifth of a parse; most documents name no
    # place the reference data lacks, and the rest often name the same ones.
    not_area = lexicon().not_area
    return _compiled_place_patterns(tuple(sorted({e for e in extra if e not in known and not not_area.search(e)})))


@functools.lru_cache(maxsize=512)
def _compiled_place_patterns(extra: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    places = sorted({*_known_places(), *extra}, key=len, reverse=True)
    place = "|".join(re.escape(p) for p in places)
    compass_lower = _COMPASS
    compass_title = re.sub(r"\b([a-z])", lambda m: m.group(1).upper(), _COMPASS)
    phrase = re.compile(
        rf"\b(?:(?i:in|across|of|for|covering|covered(?:\s+only)?|throughout)\s+(?i:the\s+)?"
        rf"(?:(?P<c1>{compass_lower}|{compass_title})(?:\s+of)?\s+)?(?P<p1>{place})"
        rf"|(?P<c2>{compass_title})\s+(?P<p2>{place})"
        rf"|(?i:pan)-(?P<p3>{place}))(?![\w-])"
    )
    bare = re.compile(rf"(?<![\w-])(?:(?P<c1>{compass_lower}|{compass_title})\s+)?(?P<p1>{place})(?![\w-])")
    return phrase, bare


def _normal_area(compass: str | None, place: str) -> str:
    place = " ".join(w if w.isupper() or w in {"and", "of", "the"} else w[:1].upper() + w[1:] for w in place.split())
    if not compass:
        return place
    compass = re.sub(r"[- ]+", " ", compass.strip()).title()
    return f"{compass} {place}"
