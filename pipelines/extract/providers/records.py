"""A provider of the reference data (or discovered in text), and one mention of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pipelines.extract.slugs import slugify


@dataclass(frozen=True)
class ProviderRecord:
    provider_id: str
    name: str
    aliases: tuple[str, ...]
    provider_type: str
    sector: str
    owner_provider_id: str | None
    region: str | None
    note: str | None = None
    region_names: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    owners: tuple[tuple[str, str | None, str | None], ...] = ()
    partners: tuple[str, ...] = ()
    valid_from: date | None = None
    valid_to: date | None = None
    successor_provider_id: str | None = None
    parent_provider_id: str | None = None
    source: str | None = None
    local_authorities: tuple[str, ...] = ()

    def valid_on(self, on: date | None) -> bool:
        """Whether the provider existed on ``on`` (always, when ``on`` is unknown)."""
        if on is None:
            return True
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or on <= self.valid_to)


@dataclass(frozen=True)
class ProviderMention:
    """One mention of a provider: ``text == document.text[char_start:char_end]``.

    ``discovered`` carries the record of a provider found only in the text
    (not in the reference data), so the providers table can register it.
    """

    provider_id: str
    char_start: int
    char_end: int
    text: str
    discovered: ProviderRecord | None = field(default=None, compare=False)


def discovered(name: str, provider_type: str, sector: str, region: str | None, surface: str) -> ProviderRecord:
    """The record of a provider the text names but the reference data does not know."""
    return ProviderRecord(
        provider_id=slugify(name),
        name=name,
        aliases=(),
        provider_type=provider_type,
        sector=sector,
        owner_provider_id=None,
        region=region,
        note=f"Not in the reference data; found in the text as '{surface}'.",
    )
