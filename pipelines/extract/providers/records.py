"""A provider of the reference data (or discovered in text), and one mention of it."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    owners: tuple[tuple[str, int | None, int | None], ...] = ()
    partners: tuple[str, ...] = ()


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
