"""Provider reference data and gazetteer matching of provider mentions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipelines.extract.refdata import load_refdata


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


@dataclass(frozen=True)
class ProviderMention:
    """One mention of a provider: ``text == document.text[char_start:char_end]``."""

    provider_id: str
    char_start: int
    char_end: int
    text: str


@dataclass
class Gazetteer:
    records: dict[str, ProviderRecord]
    _pattern: re.Pattern = field(init=False, repr=False)
    _by_alias: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_alias = {}
        for record in self.records.values():
            for alias in (record.name, *record.aliases):
                self._by_alias[_alias_key(alias)] = record.provider_id
        # Longest alias first so "London Community Rehabilitation Company" wins over "London".
        aliases = sorted({a for r in self.records.values() for a in (r.name, *r.aliases)}, key=len, reverse=True)
        self._pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, aliases)) + r")(?![\w-])")

    def find_mentions(self, text: str) -> list[ProviderMention]:
        return [
            ProviderMention(self._by_alias[_alias_key(m.group())], m.start(), m.end(), m.group())
            for m in self._pattern.finditer(text)
        ]

    def resolve(self, name: str) -> str | None:
        """provider_id for an organisation name as written, or None."""
        return self._by_alias.get(_alias_key(name))


def _alias_key(alias: str) -> str:
    return re.sub(r"\s+", " ", alias).strip().casefold()


def load_gazetteer() -> Gazetteer:
    rows = load_refdata("providers")["providers"]
    records = {
        row["provider_id"]: ProviderRecord(
            provider_id=row["provider_id"],
            name=row["name"],
            aliases=tuple(row.get("aliases") or ()),
            provider_type=row["provider_type"],
            sector=row["sector"],
            owner_provider_id=row.get("owner_provider_id"),
            region=row.get("region"),
        )
        for row in rows
    }
    return Gazetteer(records)
