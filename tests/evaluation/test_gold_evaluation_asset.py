"""The UI's gold_evaluation asset scores the build and, beside it, a second
annotated set built on its own, as `make eval` does."""

from __future__ import annotations

import shutil

from pipelines.build import build
from pipelines.resources import PathsResource
from tests.conftest import GOLD, SEEDS


def _one_article_set(folder, seed):
    (folder / "docs").mkdir(parents=True)
    (folder / "gold").mkdir()
    shutil.copy(seed, folder / "docs" / seed.name)
    shutil.copy(GOLD / f"{seed.stem}.json", folder / "gold")
    shutil.copy(GOLD / "providers.json", folder / "gold")
    return folder


def test_the_asset_shows_the_scores_of_the_build_and_of_the_development_set(tmp_path):
    first, second = sorted(SEEDS.glob("*.txt"))[:2]
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(first, seeds)
    dev_set = _one_article_set(tmp_path / "dev", second)
    paths = PathsResource(seeds_dir=str(seeds), outputs_dir=str(tmp_path / "out"), gold_dir=str(GOLD),
                          dev_set_dir=str(dev_set))
    result = build(paths)
    assert result.success
    scores = result.output_for_asset("gold_evaluation")
    assert set(scores) == {"build", "dev"}
    assert scores["dev"]["tables"]["quotes"]["f1"] == 1.0
    metadata = next(
        e.materialization.metadata for e in result.all_events
        if e.event_type_value == "ASSET_MATERIALIZATION" and e.asset_key.to_user_string() == "gold_evaluation"
    )
    assert "dev set" not in metadata["dev/scores"].value and "quote attribution" in metadata["dev/scores"].value
    assert metadata["dev/f1/quotes"].value == 1.0
    # The development set is built apart from the dataset: outputs/ holds one article.
    assert (tmp_path / "out" / ".cache" / "eval" / "dev" / "parquet" / "documents.parquet").exists()


def test_a_development_set_that_cannot_be_built_is_reported_not_fatal(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], seeds)
    paths = PathsResource(seeds_dir=str(seeds), outputs_dir=str(tmp_path / "out"), gold_dir=str(GOLD),
                          dev_set_dir=str(tmp_path / "missing"))
    result = build(paths)
    assert result.success
    assert set(result.output_for_asset("gold_evaluation")) == {"build"}


def test_a_build_of_articles_the_gold_does_not_annotate_is_not_scored(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "unannotated.txt").write_text(
        "Kent CRC improving, say inspectors\n\nHM Chief Inspector of Probation Dame Glenys Stacey said the Kent, "
        "Surrey and Sussex CRC had improved.\n", encoding="utf-8")
    paths = PathsResource(seeds_dir=str(seeds), outputs_dir=str(tmp_path / "out"), gold_dir=str(GOLD),
                          dev_set_dir=str(tmp_path / "missing"))
    result = build(paths)
    assert result.success
    assert result.output_for_asset("gold_evaluation") == {}
    metadata = next(
        e.materialization.metadata for e in result.all_events
        if e.event_type_value == "ASSET_MATERIALIZATION" and e.asset_key.to_user_string() == "gold_evaluation"
    )
    assert "no article annotated" in metadata["build/scores"].value
