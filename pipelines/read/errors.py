"""The error a user can act on: which file, which stage, what to do."""

from __future__ import annotations


class IngestError(Exception):
    """A document that cannot be read or parsed. ``message`` is a sentence a
    person can act on; it ends up in the ``ingest_errors`` table."""

    def __init__(self, source_path: str, stage: str, message: str):
        # All three in args: exceptions are rebuilt from args when unpickled,
        # and errors travel between assets pickled.
        super().__init__(source_path, stage, message)
        self.source_path = source_path
        self.stage = stage
        self.message = message

    def __str__(self) -> str:
        return self.message
