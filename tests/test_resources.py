"""Where steps keep what they hand on: on disk, read back by the next step,
with memory given back before a large load."""

from __future__ import annotations

import dagster as dg

from pipelines import resources
from pipelines.resources import StepOutputs


def test_a_step_output_is_written_whole_and_read_back(tmp_path):
    store = StepOutputs(base_dir=str(tmp_path))
    store.handle_output(dg.build_output_context(asset_key=dg.AssetKey("quotes")), {"rows": [1, 2, 3]})

    assert store.load_input(dg.build_input_context(asset_key=dg.AssetKey("quotes"))) == {"rows": [1, 2, 3]}
    assert [p.name for p in tmp_path.iterdir()] == ["quotes"], "no temporary file is left beside it"


def test_memory_is_given_back_before_a_large_load_only(tmp_path, monkeypatch):
    releases = []
    monkeypatch.setattr(resources, "_release_memory", lambda: releases.append(1))
    monkeypatch.setattr(resources, "RELEASE_BEFORE_BYTES", 1000)
    store = StepOutputs(base_dir=str(tmp_path))
    store.handle_output(dg.build_output_context(asset_key=dg.AssetKey("small")), "x")
    store.handle_output(dg.build_output_context(asset_key=dg.AssetKey("large")), "x" * 5000)

    store.load_input(dg.build_input_context(asset_key=dg.AssetKey("small")))
    assert releases == []
    store.load_input(dg.build_input_context(asset_key=dg.AssetKey("large")))
    assert releases == [1]


def test_memory_is_given_back_once_per_step(tmp_path, monkeypatch):
    releases = []
    monkeypatch.setattr(resources, "_release_memory", lambda: releases.append(1))
    monkeypatch.setattr(resources, "RELEASE_BEFORE_BYTES", 1000)
    store = StepOutputs(base_dir=str(tmp_path))
    for name in ("a", "b"):
        store.handle_output(dg.build_output_context(asset_key=dg.AssetKey(name)), "x" * 5000)
    for step in ("checks", "checks", "publish"):
        for name in ("a", "b"):
            context = dg.build_input_context(asset_key=dg.AssetKey(name))
            monkeypatch.setattr(type(context), "step_key", property(lambda self, step=step: step), raising=False)
            store.load_input(context)
    assert releases == [1, 1]


def test_releasing_memory_never_fails():
    resources._release_memory()
