"""End to end on CPU: a tiny model through sft -> grpo -> ahpo on compose, metrics that move,
and training that goes on through verifiers that crash or hang."""
import json

import pytest
from transformers import AutoModelForCausalLM

from rlsynth.train.recipe import recipe_from_dict
from rlsynth.train.run import train

COMPOSE = {"name": "compose", "levels": [1], "knobs": {"template": "symbolic", "shuffle": False,
                                                       "step_check": "values"}}


def rows(path, stage):
    return [r for r in map(json.loads, open(path)) if r["stage"] == stage and "loss" in r]


@pytest.mark.slow  # ~50 s of CPU
def test_sft_grpo_ahpo_chain_on_compose(tmp_path):
    recipe = recipe_from_dict({
        "name": "e2e", "output_dir": str(tmp_path), "model": {"path": "tiny:100k"},
        "envs": [COMPOSE], "eval_tasks": 0, "verifier_workers": 0,
        "logging": {"console": False, "tensorboard": False},
        "rewards": {"terms": {"outcome": 1.0, "process": 0.5}, "process": {"form": "min"}},
        "curriculum": {"enabled": True, "window": 8, "min_samples": 8},
        "generation": {"max_completion_length": 40},
        "stages": [
            {"algo": "sft", "max_steps": 25, "learning_rate": 3e-3,
             "per_device_train_batch_size": 16, "num_examples": 400, "max_length": 192},
            {"algo": "grpo", "max_steps": 2, "per_device_train_batch_size": 8,
             "num_generations": 4, "beta": 0.02, "epsilon_high": 0.28},
            {"algo": "ahpo", "max_steps": 2, "per_device_train_batch_size": 8,
             "num_generations": 4, "beta": 0.02, "ahpo_threshold": 2}]})
    result = train(recipe)
    assert [s.name for s in result.stages] == ["sft", "grpo", "ahpo"]
    assert all(s.completed for s in result.stages) and not result.interrupted
    assert result.final_model == str(tmp_path / "ahpo" / "final")
    AutoModelForCausalLM.from_pretrained(result.final_model)

    sft = rows(result.metrics_path, "sft")
    assert len(sft) == 25 and sft[-1]["loss"] < sft[0]["loss"] - 0.5  # SFT loss falls
    for stage in ("grpo", "ahpo"):
        logged = rows(result.metrics_path, stage)
        assert len(logged) == 2
        for key in ("reward", "accuracy", "accuracy/compose/level_1", "reward_terms/outcome",
                    "reward_terms/process", "entropy", "kl", "clip_ratio/region_mean",
                    "completions/mean_length", "verifier/failures", "verifier/timeouts",
                    "tokens_per_second", "curriculum/compose/level"):
            assert key in logged[-1], (stage, key)
    ahpo = rows(result.metrics_path, "ahpo")
    assert all(0.0 <= r["ahpo/gate_on_fraction"] <= 1.0 for r in ahpo)
    assert all(r["ahpo/expert_nll"] > 0 for r in ahpo)


@pytest.mark.parametrize("env", ["toy/crash", "toy/hang"])
def test_training_goes_on_through_broken_verifiers(tmp_path, env):
    recipe = recipe_from_dict({
        "name": "broken", "output_dir": str(tmp_path), "model": {"path": "tiny:100k"},
        "envs": [{"name": env}], "eval_tasks": 0, "verifier_workers": 0, "verifier_timeout": 0.5,
        "logging": {"console": False, "tensorboard": False},
        "generation": {"max_completion_length": 24},
        "stages": [{"algo": "grpo", "max_steps": 2, "per_device_train_batch_size": 4,
                    "num_generations": 4}]})
    result = train(recipe)
    assert result.stages[0].completed and result.stages[0].steps == 2
    logged = rows(result.metrics_path, "grpo")
    assert [r["reward"] for r in logged] == [0.0, 0.0]
    if env == "toy/crash":
        assert all(r["verifier/failures"] == 4 for r in logged)
    else:  # only completions containing '7' hang
        assert sum(r["verifier/timeouts"] for r in logged) == sum(
            r["verifier/failures"] for r in logged)
