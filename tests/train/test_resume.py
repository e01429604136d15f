"""Checkpoints resume exactly: N steps straight == k steps, a Ctrl-C, and `--resume` to N
(metrics, parameters, and the curriculum's moves)."""
import json

import torch
from safetensors.torch import load_file

from rlsynth.train import callbacks
from rlsynth.train.recipe import recipe_from_dict
from rlsynth.train.run import train


def recipe(out):
    return recipe_from_dict({
        "name": "resume", "output_dir": str(out), "seed": 3,
        "model": {"path": "tiny:100k"}, "eval_tasks": 0, "verifier_workers": 0,
        "logging": {"console": False, "tensorboard": False},
        "envs": [{"name": "toy/echo", "levels": [1], "max_level": 4}],
        "curriculum": {"enabled": True, "window": 4, "min_samples": 4, "low": 0.01, "high": 0.02},
        "generation": {"max_completion_length": 12},
        "stages": [{"algo": "grpo", "max_steps": 4, "save_steps": 2, "learning_rate": 1e-2,
                    "per_device_train_batch_size": 4, "num_generations": 4, "beta": 0.1,
                    "lr_scheduler_type": "linear"}]})


def steps(path):
    rows = [json.loads(line) for line in open(path)]
    return {r["step"]: r for r in rows if "loss" in r}


def test_interrupted_and_resumed_run_matches_the_straight_run(tmp_path, monkeypatch):
    straight = train(recipe(tmp_path / "a"))
    assert straight.stages[0].completed and straight.stages[0].steps == 4

    original = callbacks.StopControl.on_step_end

    def ctrl_c_at_step_2(self, args, state, control, **kwargs):
        if state.global_step == 2:
            self.interrupted = True  # what the SIGINT handler sets
        return original(self, args, state, control, **kwargs)

    monkeypatch.setattr(callbacks.StopControl, "on_step_end", ctrl_c_at_step_2)
    first = train(recipe(tmp_path / "b"))
    assert first.interrupted and first.stages[0].steps == 2
    monkeypatch.setattr(callbacks.StopControl, "on_step_end", original)
    resumed = train(recipe(tmp_path / "b"), resume=True)
    assert not resumed.interrupted and resumed.stages[0].steps == 4

    a, b = steps(tmp_path / "a" / "metrics.jsonl"), steps(tmp_path / "b" / "metrics.jsonl")
    assert sorted(a) == sorted(b) == [1, 2, 3, 4]
    for step in (3, 4):
        for key in ("loss", "reward", "kl", "entropy", "completions/mean_length",
                    "curriculum/toy/echo/level"):
            assert a[step][key] == b[step][key], (step, key)
    assert a[4]["loss"] != a[2]["loss"]  # the metrics do move between steps
    weights_a = load_file(tmp_path / "a" / "grpo" / "final" / "model.safetensors")
    weights_b = load_file(tmp_path / "b" / "grpo" / "final" / "model.safetensors")
    assert all(torch.equal(weights_a[k], weights_b[k]) for k in weights_a)
