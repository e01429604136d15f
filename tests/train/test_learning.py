"""RL raises accuracy over its SFT start on the same held-out tasks (slow: ~3 CPU minutes).

toy/echo rewards the share of the prompt's digits a completion repeats, so a briefly SFT-ed tiny
model gets dense reward and GRPO has something to climb within a CPU budget. Accuracy is pass@1
of sampled completions (as the policy acts in training), same tasks and seed before and after."""
import pytest

from rlsynth.train.heldout import heldout_accuracy
from rlsynth.train.recipe import recipe_from_dict
from rlsynth.train.run import train


@pytest.mark.slow
def test_grpo_beats_its_sft_start_on_held_out_tasks(tmp_path):
    recipe = recipe_from_dict({
        "name": "learn", "output_dir": str(tmp_path), "seed": 0,
        "model": {"path": "tiny:100k"}, "eval_tasks": 0, "verifier_workers": 0,
        "logging": {"console": False, "tensorboard": False},
        "envs": [{"name": "toy/echo", "level": 2}],
        "generation": {"max_completion_length": 20},
        "stages": [
            {"algo": "sft", "max_steps": 40, "learning_rate": 3e-3,
             "per_device_train_batch_size": 32, "num_examples": 2000, "max_length": 64},
            {"algo": "grpo", "max_steps": 30, "learning_rate": 5e-4,
             "per_device_train_batch_size": 32, "num_generations": 8}]})
    result = train(recipe)
    sft_dir, rl_dir = (s.model_dir for s in result.stages)
    before = heldout_accuracy(recipe, sft_dir, 200, sampled=True)
    after = heldout_accuracy(recipe, rl_dir, 200, sampled=True)
    assert after >= before + 0.15, (before, after)
