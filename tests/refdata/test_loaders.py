"""Each reference data file has one reader, and the refdata README names it."""

from __future__ import annotations

import ast
import re

from tests.conftest import ROOT

REFDATA = ROOT / "pipelines" / "refdata"
README = (REFDATA / "README.md").read_text(encoding="utf-8")


def reads(source: str, stem: str) -> bool:
    """Whether a module reads ``refdata/<stem>.yaml``: it calls ``load_refdata``
    and names the file, or opens the file by its name."""
    tree = ast.parse(source)
    strings = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    calls_loader = any(
        isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "load_refdata"
        for node in ast.walk(tree)
    )
    return f"{stem}.yaml" in strings or (calls_loader and stem in strings)


def readers(stem: str) -> list[str]:
    """The modules of pipelines/ and schemas/ that read ``refdata/<stem>.yaml``
    (``load_refdata`` itself aside)."""
    paths = sorted([*(ROOT / "pipelines").rglob("*.py"), *(ROOT / "schemas").rglob("*.py")])
    return [
        path.relative_to(ROOT).as_posix()
        for path in paths
        if path != REFDATA / "__init__.py" and reads(path.read_text(encoding="utf-8"), stem)
    ]


def readme_reader(stem: str) -> str:
    """The first module in the "read by" column of the file's row in the README."""
    [row] = [line for line in README.splitlines() if line.startswith(f"| `{stem}.yaml` |")]
    first = re.search(r"`([\w/]+\.py)`", row.split("|")[2]).group(1)
    return first if first.startswith("pipelines/") else f"pipelines/extract/{first}"


def test_every_refdata_file_has_one_reader_named_in_the_readme():
    stems = sorted(path.stem for path in REFDATA.glob("*.yaml"))
    assert "ratings" in stems and "providers" in stems
    for stem in stems:
        found = readers(stem)
        assert len(found) == 1, f"refdata/{stem}.yaml is read by {found or 'no module'}"
        assert readme_reader(stem) == found[0], f"the refdata README names another reader of {stem}.yaml"


def test_the_check_sees_a_reader_and_not_a_mention():
    loader = 'from pipelines.refdata import load_refdata\n\ndef f():\n    return load_refdata("ratings")\n'
    opener = 'def f(files):\n    return files.joinpath("ratings.yaml").open()\n'
    mention = '"""Built from refdata/ratings.yaml by its loader."""\nNAME = "ratings"\n'
    assert reads(loader, "ratings") and reads(opener, "ratings")
    assert not reads(loader, "providers") and not reads(mention, "ratings")
