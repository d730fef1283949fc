"""Providers: the reference register, their mentions in a document, and the
providers tables.

``records`` holds the types; ``tokens`` and ``matching`` match aliases;
``gazetteer`` loads refdata/providers.yaml and finds its aliases and areas;
``generic`` resolves "the CRC"; ``fallback`` registers providers the
reference data does not know; ``extract`` runs them over one document
(its docstring lists the four sources in order of trust); ``tables`` builds
the two tables across documents.
"""

from pipelines.extract.providers.extract import find_provider_mentions
from pipelines.extract.providers.gazetteer import Gazetteer, load_gazetteer
from pipelines.extract.providers.records import ProviderMention, ProviderRecord
from pipelines.extract.providers.tables import build_provider_tables

__all__ = [
    "Gazetteer",
    "ProviderMention",
    "ProviderRecord",
    "build_provider_tables",
    "find_provider_mentions",
    "load_gazetteer",
]
