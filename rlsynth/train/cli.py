"""`rlsynth train RECIPE [--set key.sub=value ...] [--resume] [--stage NAME ...]`.

Works the same under `accelerate launch ... -m rlsynth train RECIPE` and
`torchrun ... -m rlsynth train RECIPE` (and `-m rlsynth.train`, without the top-level CLI).
"""
from __future__ import annotations

import argparse
import os
import sys


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("train", help="train a model with a recipe (sft, grpo, ahpo)",
                                   description=__doc__,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    configure(parser)
    return parser


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("recipe", help="recipe YAML, e.g. recipes/compose-ahpo.yaml")
    parser.add_argument("--set", dest="overrides", action="append", default=[],
                        metavar="KEY=VALUE",
                        help="override a recipe value, e.g. --set stages.sft.max_steps=50 "
                             "(lists by index or stage name; value parsed as YAML)")
    parser.add_argument("--resume", action="store_true",
                        help="skip finished stages and continue the interrupted one from its "
                             "last checkpoint")
    parser.add_argument("--stage", dest="stages", action="append", default=None,
                        help="run only this stage (repeatable)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rlsynth.train.recipe import RecipeError, load_recipe

    try:
        recipe = load_recipe(args.recipe, args.overrides)
    except RecipeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from rlsynth.train.run import train

    result = train(recipe, resume=args.resume, stages=args.stages)
    if os.environ.get("RANK", "0") != "0":  # one report per job, not per process
        return 130 if result.interrupted else 0
    if result.interrupted:
        print(f"stopped; continue with: rlsynth train {args.recipe} --resume", file=sys.stderr)
        return 130
    print(f"final model: {result.final_model}\nmetrics: {result.metrics_path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rlsynth.train", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    configure(parser)
    args = parser.parse_args(argv)
    return args.func(args)
