"""Providers: the reference register and their mentions in a document.

``records`` holds the types; ``register`` reads the three refdata files
(providers, probation_service, youth_offending_services) with each row's
period, successor and parent, and answers the look-ups that depend on a
date; ``tokens`` and ``matching`` match aliases; ``gazetteer`` finds the
register's aliases and areas; ``generic`` resolves "the CRC"; ``fallback``
registers providers the reference data does not know; ``places`` reads place
names and lists; ``patterns`` finds PDUs, youth offending services and
place references; ``era`` dates the article and decides what the national
service's name means; ``spans`` keeps the spans mentions have taken;
``extract`` runs them over one document (its
docstring lists the five sources in order of trust). The two tables across
documents are built in ``pipelines.assemble.providers``.
"""

from pipelines.extract.providers.extract import find_provider_mentions
from pipelines.extract.providers.gazetteer import Gazetteer, load_gazetteer
from pipelines.extract.providers.records import ProviderMention, ProviderRecord

__all__ = [
    "Gazetteer",
    "ProviderMention",
    "ProviderRecord",
    "find_provider_mentions",
    "load_gazetteer",
]
