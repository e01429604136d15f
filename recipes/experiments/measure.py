"""Run one experiment recipe (with overrides) and evaluate its final model on held-out compose
tasks; append one JSON line (settings, steps, seconds, load, per-level accuracy) to results.jsonl.

    .venv/bin/python recipes/experiments/measure.py RECIPE --label L [--set k=v ...]
        [--levels 1,2,3,4,5] [--n 200] [--eval-only CHECKPOINT] [--knobs JSON]

Evaluation uses the recipe's compose knobs (`--knobs` for `--eval-only`).
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import datasets
import transformers

QUICKSTART_KNOBS = {"template": "symbolic", "shuffle": False, "step_check": "values",
                    "instructions": False}
RESULTS = Path(__file__).with_name("results.jsonl")


def evaluate_levels(checkpoint: str, levels: tuple[int, ...], n: int, knobs: dict,
                    samples: int = 0, max_new_tokens: int = 110) -> dict:
    """Greedy accuracy per level; with `samples`, also pass@1 of that many T=1.0 samples."""
    from rlsynth.evaluate import EvalSettings, evaluate

    common = dict(envs=("compose",), levels=levels, n=n, max_new_tokens=max_new_tokens,
                  batch_size=100,
                  workers=0, knobs={"compose": knobs})
    rows = {r["level"]: {"acc": round(r["accuracy"], 3), "maj": r["majority_baseline"],
                         "proc": round(r["process_acc"] or 0, 3)}
            for r in evaluate(checkpoint, EvalSettings(**common)).rows}
    if samples:
        sampled = EvalSettings(**common, greedy=False, temperature=1.0, ks=(1, samples))
        for r in evaluate(checkpoint, sampled).rows:
            rows[r["level"]]["sampled"] = round(r["accuracy"], 3)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("recipe", nargs="?")
    parser.add_argument("--label", required=True)
    parser.add_argument("--set", dest="overrides", action="append", default=[])
    parser.add_argument("--levels", default="1,2,3,4,5")
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--eval-only")
    parser.add_argument("--knobs", type=json.loads, default=QUICKSTART_KNOBS)
    parser.add_argument("--max-new-tokens", type=int, default=110)
    parser.add_argument("--samples", type=int, default=0,
                        help="also evaluate pass@1 of this many T=1.0 samples per task")
    args = parser.parse_args()
    datasets.disable_progress_bars()
    transformers.logging.set_verbosity_error()
    levels = tuple(int(x) for x in args.levels.split(","))
    record = {"label": args.label, "overrides": args.overrides,
              "load_start": os.getloadavg()[0]}
    knobs = args.knobs
    if args.eval_only:
        checkpoint = args.eval_only
    else:
        from rlsynth.train.recipe import load_recipe
        from rlsynth.train.run import train

        recipe = load_recipe(args.recipe, args.overrides)
        knobs = dict(recipe.envs[0].knobs)
        result = train(recipe)
        stage = result.stages[-1]
        checkpoint = result.final_model
        record.update(recipe=args.recipe, steps=stage.steps, train_s=stage.wall_seconds,
                      steps_per_s=round(stage.steps / stage.wall_seconds, 3))
    started = time.time()
    record["checkpoint"] = checkpoint
    record["eval"] = evaluate_levels(checkpoint, levels, args.n, knobs, args.samples,
                                     args.max_new_tokens)
    record["eval_s"] = round(time.time() - started, 1)
    record["load_end"] = os.getloadavg()[0]
    with RESULTS.open("a") as f:
        f.write(json.dumps(record) + "\n")
    print(json.dumps(record))


if __name__ == "__main__":
    main()
