"""Thin Dagster assets, one module per layer: ingest -> extract -> publish."""
