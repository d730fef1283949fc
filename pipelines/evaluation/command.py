"""`probation-data eval`: with no gold folder, build every annotated set
(the seeds, the development set) into its own folder and print one table of
scores per set; with `--gold`, score an existing build against that folder.
`--errors` adds the list of errors a developer works from."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from typing import TYPE_CHECKING

# Only what the command's help needs is imported here: the scoring (pandas)
# and the builds (Dagster, spaCy) load when a command runs.
from pipelines.evaluation.sets import EVAL_OUTPUTS, GOLD_SETS, SetBuildFailed, build_and_evaluate

if TYPE_CHECKING:
    from pipelines.evaluation.scoring import Evaluation

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_parser(commands, default_out: Path) -> None:
    parser = commands.add_parser(
        "eval",
        help="score the pipeline against gold annotations",
        description=__doc__,
    )
    parser.add_argument("--set", choices=sorted(GOLD_SETS), action="append", dest="sets",
                        help=f"build and score only this annotated set (repeatable; default: all, into {EVAL_OUTPUTS})")
    parser.add_argument("--gold", type=Path, default=None,
                        help="score the build in --out against this folder of gold JSON files instead")
    parser.add_argument("--out", type=Path, default=default_out, help="with --gold: the outputs folder that was built")
    parser.add_argument("--errors", action="store_true",
                        help="also list, per document, what was missed, what was extra and which speakers are wrong")
    parser.add_argument("--json", type=Path, default=None, help="also write the scores to this JSON file")


def run(args: argparse.Namespace) -> int:
    if args.gold is not None:
        return _score_existing_build(args.out, args.gold, args.errors, args.json)
    scores: dict[str, dict] = {}
    for name in args.sets or list(GOLD_SETS):
        gold_set = GOLD_SETS[name]
        print(f"Building the {name} set ({gold_set.docs}) into {EVAL_OUTPUTS / name} ...", file=sys.stderr)
        try:
            result = build_and_evaluate(gold_set)
        except SetBuildFailed as error:
            print(f"error: {error}.", file=sys.stderr)
            return EXIT_FAILED
        _print(name, result.evaluation, result.gold_documents() if args.errors else None,
               result.outputs / "parquet")
        scores[name] = result.evaluation.as_dict()
    if args.json:
        args.json.write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    return EXIT_OK


def _score_existing_build(out: Path, gold: Path, errors: bool, json_path: Path | None) -> int:
    from pipelines.evaluation.scoring import evaluate, load_gold

    parquet = out / "parquet"
    if not parquet.is_dir():
        print(f"error: no built dataset in {out}; run `probation-data build --out {out}` first.", file=sys.stderr)
        return EXIT_USAGE
    if not gold.is_dir():
        print(f"error: the gold folder {gold} does not exist.", file=sys.stderr)
        return EXIT_USAGE
    evaluation = evaluate(parquet, gold)
    _print(None, evaluation, load_gold(gold)[0] if errors else None, parquet)
    if json_path:
        json_path.write_text(json.dumps(evaluation.as_dict(), indent=2) + "\n", encoding="utf-8")
    return EXIT_OK


def _print(name: str | None, evaluation: Evaluation, gold_documents: list[dict] | None, parquet: Path) -> None:
    from pipelines.evaluation.errors import list_errors, render_errors
    from pipelines.evaluation.scoring import read_tables

    if name:
        print(f"\n{name} set")
    print(evaluation.render())
    if gold_documents is not None:
        mentions = read_tables(parquet).get("provider_mentions")
        print()
        print(render_errors(list_errors(evaluation, gold_documents, mentions)))
