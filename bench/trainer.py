"""Trainer overhead: plain TRL GRPOTrainer vs rlsynth's GRPO, same tiny model, data and settings.

    python bench/trainer.py                       # tiny:1m on compose, 6 timed steps x 3 rounds
    python bench/trainer.py --steps 10 --rounds 3 --size 100k

Both trainers start from the same tiny checkpoint, read the same prompts (compose, plain format),
verify through the same `verify_batch` and use the same GRPOConfig; the plain one gets rlsynth's
adapters reward function (outcome score), rlsynth's adds its reward spec, per-(env, level)
metrics, curriculum bookkeeping and callbacks. Rounds alternate the two (plain, rlsynth, plain,
...) so machine noise hits both; each round runs one untimed warm-up step first. Prints steps/s
and generated tokens/s for both and their ratio, and writes bench/results/trainer.{json,md}.
Target: rlsynth's overhead under 10 % (ratio of steps/s >= 0.90).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from transformers import TrainerCallback

from rlsynth.train.recipe import recipe_from_dict

RESULTS = Path(__file__).parent / "results"


class StepClock(TrainerCallback):
    """Wall and CPU time and generated tokens of the steps after the first (the warm-up). CPU
    time (this process, all threads) is what to compare on a shared machine: other processes
    stretch wall time at random, not this process's CPU seconds."""

    def __init__(self, generation_batch: int):
        self.generation_batch = generation_batch
        self.started = None
        self.tokens = 0.0
        self.steps = 0

    def on_step_end(self, args, state, control, **kwargs):
        if state.global_step == 1:
            self.started = time.perf_counter()
            self.cpu_started = time.process_time()

    def on_log(self, args, state, control, logs=None, **kwargs):
        if state.global_step > 1 and logs and "completions/mean_length" in logs:
            self.tokens += logs["completions/mean_length"] * self.generation_batch
            self.steps += 1

    def on_train_end(self, args, state, control, **kwargs):
        self.seconds = time.perf_counter() - self.started
        self.cpu_seconds = time.process_time() - self.cpu_started


def make_recipe(size: str, steps: int, out: str):
    return recipe_from_dict({
        "name": "bench-trainer", "output_dir": out, "seed": 0, "model": {"path": f"tiny:{size}"},
        "envs": [{"name": "compose", "levels": [1, 2],
                  "knobs": {"template": "symbolic", "shuffle": False}}],
        "eval_tasks": 0, "verifier_workers": 0,
        "logging": {"console": False, "jsonl": False, "tensorboard": False},
        "generation": {"max_completion_length": 48},
        "stages": [{"algo": "grpo", "max_steps": steps + 1, "learning_rate": 1e-4,
                    "per_device_train_batch_size": 16, "num_generations": 8, "beta": 0.0}]})


def plain_trl(recipe, model_path: str, clock: StepClock):
    """TRL's GRPOTrainer with the adapters' reward function and a materialised prompt dataset."""
    from datasets import Dataset
    from trl import GRPOTrainer

    from rlsynth.adapters import make_reward_function
    from rlsynth.train.data import build_mixture, render_row
    from rlsynth.train.rl import grpo_config

    stage = recipe.stages[0]
    mixture = build_mixture(recipe.envs, seed=recipe.seed)
    rows = [render_row(mixture, i) for i in range(stage.num_prompts // 100)]
    dataset = Dataset.from_dict({"prompt": [r["prompt"] for r in rows],
                                 "task": [r["task"] for r in rows]})
    config = grpo_config(recipe, stage, Path(recipe.output_dir) / "plain")
    return GRPOTrainer(model=model_path, reward_funcs=[make_reward_function(workers=0)],
                       args=config, train_dataset=dataset, callbacks=[clock])


def rlsynth_grpo(recipe, model_path: str, clock: StepClock):
    from rlsynth.train.rl import build_rl_trainer

    stage = recipe.stages[0]
    trainer, _ = build_rl_trainer(recipe, stage, model_path, Path(recipe.output_dir) / "rlsynth")
    trainer.add_callback(clock)
    return trainer


def measure(build, recipe, model_path: str) -> dict:
    stage = recipe.stages[0]
    clock = StepClock(stage.per_device_train_batch_size)
    trainer = build(recipe, model_path, clock)
    trainer.train()
    return {"steps_per_s": clock.steps / clock.seconds, "tokens_per_s": clock.tokens / clock.seconds,
            "steps_per_cpu_s": clock.steps / clock.cpu_seconds,
            "tokens_per_cpu_s": clock.tokens / clock.cpu_seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1m", help="tiny model size (100k, 1m, 10m)")
    parser.add_argument("--steps", type=int, default=6, help="timed steps per round")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per trainer")
    args = parser.parse_args()

    import torch

    from rlsynth.train.models import resolve_model

    with tempfile.TemporaryDirectory() as out:
        recipe = make_recipe(args.size, args.steps, out)
        model_path = resolve_model(recipe.model, ["compose"], Path(out) / "init")
        runs: dict[str, list[dict]] = {"trl": [], "rlsynth": []}
        for _ in range(args.rounds):
            for name, build in (("trl", plain_trl), ("rlsynth", rlsynth_grpo)):
                torch.manual_seed(0)
                runs[name].append(measure(build, recipe, model_path))
    keys = ("steps_per_s", "tokens_per_s", "steps_per_cpu_s", "tokens_per_cpu_s")
    summary = {name: {key: statistics.median(r[key] for r in rounds) for key in keys}
               for name, rounds in runs.items()}
    ratio = {key: summary["rlsynth"][key] / summary["trl"][key] for key in keys}
    lines = ["| trainer | steps/s | generated tokens/s | steps/CPU-s | generated tokens/CPU-s |",
             "|---|---|---|---|---|"]
    for name in ("trl", "rlsynth"):
        lines.append(f"| {name} | " + " | ".join(f"{summary[name][k]:.3f}" for k in keys) + " |")
    lines.append("| rlsynth / trl | " + " | ".join(f"{ratio[k]:.3f}" for k in keys) + " |")
    verdict = "PASS" if ratio["steps_per_cpu_s"] >= 0.90 else "FAIL"
    lines.append(f"\nrlsynth overhead: {100 * (1 - ratio['steps_per_cpu_s']):.1f} % of steps per "
                 f"CPU-second (target < 10 %: {verdict}); wall-clock ratio "
                 f"{ratio['steps_per_s']:.3f}. tiny:{args.size}, {args.rounds} rounds x "
                 f"{args.steps} steps, medians; {os.cpu_count()} CPUs, load average "
                 f"{os.getloadavg()[0]:.1f} at the end.")
    table = "\n".join(lines)
    print(table)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "trainer.md").write_text("# bench/trainer.py\n\n" + table + "\n")
    (RESULTS / "trainer.json").write_text(json.dumps(
        {"summary": summary, "ratio": ratio, "runs": runs, "size": args.size,
         "steps": args.steps, "rounds": args.rounds, "machine": platform.platform()}, indent=2))


if __name__ == "__main__":
    main()
