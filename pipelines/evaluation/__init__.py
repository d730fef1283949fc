"""Measuring the pipeline against hand annotations: the scoring rules
(``scoring``), the pairing of rows (``matching``), the error listing a
developer works from (``errors``), the annotated sets (``sets``) and the
`probation-data eval` command (``command``). Nothing is imported here, so
that the CLI's help does not load pandas."""
