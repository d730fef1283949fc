"""Start-up: what a command imports before it has anything to parse."""

from __future__ import annotations

import subprocess
import sys


def test_the_build_stack_imports_without_spacy():
    # spaCy (and its model) cost half a second of imports before the model
    # load; a build whose documents are all stored, and every other command,
    # never parse, so importing the CLI, the Dagster definitions and the
    # in-process build must not import it.
    script = (
        "import sys\n"
        "import pipelines.build, pipelines.cli, pipelines.definitions\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc')))\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "[]"
