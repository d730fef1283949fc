"""The data's path reads top to bottom in the tree: each stage package imports
only the stages before it (and itself), never a later one, and no stage
imports the Dagster wiring that runs them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

# In the order the data goes through them; refdata is read by every stage.
STAGES = ("refdata", "read", "extract", "resolve", "assemble", "publish")
# Above the stages: what runs them (Dagster, the CLI) may import any stage, never the reverse.
WIRING = ("assets", "jobs", "sensors", "definitions", "build", "cli", "ui", "resources")


def imported_modules(source: str) -> set[str]:
    """Every module a source imports, deferred imports inside functions included."""
    modules: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


def backward_imports(stage: str, modules: set[str]) -> list[str]:
    """The imports a module of ``stage`` must not make."""
    rank = STAGES.index(stage)
    wrong = []
    for module in sorted(modules):
        parts = module.split(".")
        if parts[0] == "dagster" or parts[0].startswith("dagster_"):
            wrong.append(module)
        elif parts[0] == "pipelines" and len(parts) > 1:
            if parts[1] in STAGES and STAGES.index(parts[1]) > rank or parts[1] in WIRING:
                wrong.append(module)
    return sorted({m for m in wrong if not any(m.startswith(w + ".") for w in wrong)})


def stage_modules() -> list[tuple[str, Path]]:
    return [(stage, path) for stage in STAGES for path in sorted((ROOT / "pipelines" / stage).rglob("*.py"))]


def test_every_stage_is_a_package_with_modules():
    found = {stage for stage, _path in stage_modules()}
    assert found == set(STAGES)


@pytest.mark.parametrize(
    ("stage", "path"), stage_modules(), ids=lambda value: value if isinstance(value, str) else value.name
)
def test_no_stage_imports_a_later_stage_or_the_wiring(stage, path):
    wrong = backward_imports(stage, imported_modules(path.read_text(encoding="utf-8")))
    assert not wrong, f"{path.relative_to(ROOT)} ({stage}) imports {', '.join(wrong)}"


def test_the_check_sees_a_deferred_import_of_a_later_stage():
    source = "from pipelines.read.model import Span\n\ndef f():\n    from pipelines.resolve import speakers\n"
    assert backward_imports("extract", imported_modules(source)) == ["pipelines.resolve"]
    assert backward_imports("resolve", imported_modules(source)) == []
    assert backward_imports("publish", imported_modules("import dagster as dg\n")) == ["dagster"]
