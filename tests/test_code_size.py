"""No module over 600 lines, no class over 300, no function over 80, in the
pipeline's code and its schemas: each stays small enough to read at once."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

MODULE_LINES, CLASS_LINES, FUNCTION_LINES = 600, 300, 80


def too_large(source: str) -> list[str]:
    """What in a module's source is over its limit, as "what (lines)"."""
    found = []
    if len(source.splitlines()) > MODULE_LINES:
        found.append(f"module ({len(source.splitlines())})")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            limit = CLASS_LINES if isinstance(node, ast.ClassDef) else FUNCTION_LINES
            size = node.end_lineno - node.lineno + 1
            if size > limit:
                found.append(f"{node.name} ({size})")
    return found


def modules() -> list[Path]:
    return sorted([*(ROOT / "pipelines").rglob("*.py"), *(ROOT / "schemas").rglob("*.py")])


@pytest.mark.parametrize("path", modules(), ids=lambda path: path.relative_to(ROOT).as_posix())
def test_no_module_class_or_function_is_over_its_limit(path):
    found = too_large(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(ROOT)}: over the limit: {', '.join(found)}"


def test_the_check_sees_a_long_function_and_a_long_class():
    function = "def f():\n" + "    x = 1\n" * FUNCTION_LINES
    klass = "class C:\n" + "".join(f"    def m{i}(self):\n        return {i}\n" for i in range(CLASS_LINES // 2))
    assert too_large(function) == [f"f ({FUNCTION_LINES + 1})"]
    assert too_large(klass) == [f"C ({CLASS_LINES + 1})"]
    assert too_large("def g():\n    return 1\n") == []
