"""`rlsynth run`: the quickstart's pipeline end to end on a tiny budget, and its recipe checks."""
import json
from pathlib import Path

import pytest
import yaml

from rlsynth.cli import main
from rlsynth.experiment import control_stage, load_experiment
from rlsynth.train.recipe import RecipeError

ROOT = Path(__file__).resolve().parents[2]

TINY = {
    "name": "tiny-run",
    "seed": 0,
    "model": {"path": "tiny:100k"},
    "envs": [{"name": "compose", "level": 1, "knobs": {"template": "symbolic", "shuffle": False}}],
    "rewards": {"terms": {"outcome": 1.0}},
    "verifier_workers": 0,
    "eval_tasks": 0,
    "logging": {"console": False, "tensorboard": False},
    "generation": {"max_completion_length": 24},
    "stages": [
        {"name": "sft", "algo": "sft", "max_steps": 3, "num_examples": 32,
         "per_device_train_batch_size": 8, "learning_rate": 3e-3},
        {"name": "grpo", "algo": "grpo", "max_steps": 2, "num_generations": 4,
         "per_device_train_batch_size": 4, "num_prompts": 16},
    ],
    "experiment": {"sft_levels": [1], "rl_levels": [2], "harder_levels": [3], "n": 4,
                   "max_new_tokens": 24, "samples": 2},
}


def write_recipe(tmp_path, data):
    data = {**data, "output_dir": str(tmp_path / "run")}
    path = tmp_path / "recipe.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


@pytest.mark.slow
def test_run_writes_a_report_with_every_arm(tmp_path):
    path = write_recipe(tmp_path, TINY)
    assert main(["run", str(path)]) == 0
    out = tmp_path / "run"
    report = (out / "report.md").read_text()
    for text in ("SFT model", "after RL", "SFT-only control", "majority baseline",
                 "Stage timings", "sft-control"):
        assert text in report
    summary = json.loads((out / "summary.json").read_text())
    assert {"rl_gain_rl_levels", "control_gain_rl_levels", "rl_worst_drop_sft_levels"} <= set(summary)
    assert "rl_gain_rl_levels" in summary["sampled"] and "Pass@1 per level, sampled" in report
    sampled = json.loads((out / "eval" / "rl-sampled" / "eval.json").read_text())
    assert sampled["settings"]["greedy"] is False and all(r["tasks"] == 4 for r in sampled["rows"])
    for name in ("accuracy_per_level.png", "accuracy_per_level_sampled.png", "training.png",
                 "recipe.yaml"):
        assert (out / name).stat().st_size > 0
    assert yaml.safe_load((out / "recipe.yaml").read_text())["experiment"]["n"] == 4
    rows = json.loads((out / "eval" / "rl" / "eval.json").read_text())["rows"]
    assert [r["level"] for r in rows] == [1, 2, 3] and all(r["tasks"] == 4 for r in rows)
    # resume: every phase is done, so nothing trains again and the report is rewritten
    assert main(["run", str(path), "--resume"]) == 0


@pytest.mark.slow
def test_the_quickstart_recipe_runs_end_to_end_on_a_tiny_budget(tmp_path):
    """The README's main job, shrunk: the same recipe file and code path, minutes not hours."""
    out = tmp_path / "quickstart"
    assert main(["run", str(ROOT / "recipes" / "quickstart.yaml"),
                 "--set", f"output_dir={out}", "--set", "model.path=tiny:100k",
                 "--set", "stages.sft.max_steps=4", "--set", "stages.sft.num_examples=128",
                 "--set", "stages.rl.max_steps=2", "--set", "stages.rl.max_seconds=60",
                 "--set", "generation.max_completion_length=24",
                 "--set", "experiment.n=4", "--set", "experiment.max_new_tokens=24",
                 "--set", "logging.console=false"]) == 0
    report = (out / "report.md").read_text()
    summary = json.loads((out / "summary.json").read_text())
    for arm in ("sft", "rl", "control"):
        rows = json.loads((out / "eval" / arm / "eval.json").read_text())["rows"]
        for row in rows:  # every accuracy in the report, beside its majority baseline
            assert f"{100 * row['accuracy']:.1f}%" in report
            assert f"{100 * row['majority_baseline']:.1f}%" in report
    assert summary["total_seconds"] > 0 and "rl_gain_rl_levels" in summary


def test_experiment_section_is_required_and_validated(tmp_path):
    plain = {k: v for k, v in TINY.items() if k != "experiment"}
    with pytest.raises(RecipeError, match="experiment"):
        load_experiment(write_recipe(tmp_path, plain))
    bad = {**TINY, "experiment": {**TINY["experiment"], "nn": 3}}
    with pytest.raises(RecipeError, match="nn"):
        load_experiment(write_recipe(tmp_path, bad))
    rl_only = {**TINY, "stages": TINY["stages"][1:]}
    with pytest.raises(RecipeError, match="SFT stage"):
        load_experiment(write_recipe(tmp_path, rl_only))


def test_overrides_reach_the_experiment_section(tmp_path):
    exp = load_experiment(write_recipe(tmp_path, TINY), ["experiment.n=7", "stages.sft.max_steps=9"])
    assert exp.spec.n == 7 and exp.recipe.stage("sft").max_steps == 9
    assert exp.spec.levels == (1, 2, 3) and exp.spec.role(2) == "RL"


def test_the_bundled_quickstart_recipe_loads():
    path = ROOT / "recipes" / "quickstart.yaml"
    if not path.is_file():
        pytest.fail("recipes/quickstart.yaml is missing")
    exp = load_experiment(path)
    assert exp.recipe.stages[0].algo == "sft" and exp.spec.n >= 200


def test_the_control_continues_the_last_sft_stage_for_the_rl_seconds(tmp_path):
    sft = load_experiment(write_recipe(tmp_path, TINY)).recipe.stage("sft").model_copy(
        update={"lr_scheduler_type": "warmup_stable_decay", "warmup_steps": 20,
                "trl": {"lr_scheduler_kwargs": {"num_decay_steps": 9}, "seed": 3}})
    same = control_stage(sft, 42.0, None)
    assert (same.name, same.max_seconds, same.max_steps) == ("sft-control", 42.0, None)
    assert (same.learning_rate, same.trl) == (sft.learning_rate, sft.trl)
    steady = control_stage(sft, 42.0, 5e-4)
    assert (steady.learning_rate, steady.lr_scheduler_type, steady.warmup_steps) == (
        5e-4, "constant", 0)
    assert steady.trl == {"seed": 3} and steady.num_examples == sft.num_examples
