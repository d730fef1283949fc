"""Stage 3, resolving across documents: what needs every document's mentions.

``speakers`` makes one canonical speaker per person or body and the quote
groups; ``inspections`` merges the mentions of one inspection into one row
with its id, and links a quote, metric or rating to the inspection its
passage is about. Imports only reading and extraction.
"""
