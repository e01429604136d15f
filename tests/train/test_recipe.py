"""Recipes: validation messages name the bad key and the fix; overrides; the shipped recipes load."""
from pathlib import Path

import pytest
import yaml

from rlsynth.train.recipe import RecipeError, load_recipe, recipe_from_dict

RECIPES = Path(__file__).parents[2] / "recipes"
BASE = {"name": "t", "model": {"path": "tiny:100k"}, "envs": [{"name": "toy/sum"}],
        "stages": [{"algo": "sft", "max_steps": 2},
                   {"algo": "grpo", "max_steps": 2, "per_device_train_batch_size": 4,
                    "num_generations": 4}]}


def test_valid_recipe_and_output_dir_template():
    recipe = recipe_from_dict(BASE)
    assert recipe.output_dir == "runs/t"
    assert [s.name for s in recipe.stages] == ["sft", "grpo"]


def test_unknown_key_names_its_path():
    bad = {**BASE, "stages": [{"algo": "sft", "max_step": 2}]}
    with pytest.raises(RecipeError, match=r"stages\.0\.max_step: unknown key"):
        recipe_from_dict(bad)


def test_bad_value_and_missing_budget():
    with pytest.raises(RecipeError, match=r"stages\.0\.algo"):
        recipe_from_dict({**BASE, "stages": [{"algo": "ppo", "max_steps": 1}]})
    with pytest.raises(RecipeError, match="needs a budget"):
        recipe_from_dict({**BASE, "stages": [{"algo": "sft"}]})


def test_generation_batch_must_divide_into_groups():
    stage = {"algo": "grpo", "max_steps": 1, "per_device_train_batch_size": 6,
             "num_generations": 4}
    with pytest.raises(RecipeError, match="multiple of num_generations=4"):
        recipe_from_dict({**BASE, "stages": [stage]})


def test_unknown_env_suggests_close_names():
    with pytest.raises(RecipeError, match=r"envs\.0.*did you mean 'toy/sum'"):
        recipe_from_dict({**BASE, "envs": [{"name": "toy/sun"}]})


def test_bad_knob_and_level_name_the_env():
    with pytest.raises(RecipeError, match="knob 'digits'"):
        recipe_from_dict({**BASE, "envs": [{"name": "toy/sum", "knobs": {"digits": 99}}]})
    with pytest.raises(RecipeError, match="exceeds env 'toy/sum'"):
        recipe_from_dict({**BASE, "envs": [{"name": "toy/sum", "level": 9}]})


def test_bad_reward_term_names_known_terms():
    with pytest.raises(RecipeError, match=r"rewards.*unknown reward term 'speed'"):
        recipe_from_dict({**BASE, "rewards": {"terms": {"speed": 1.0}}})


def test_overrides_by_stage_name_index_and_nested_key():
    recipe = recipe_from_dict(BASE, ["stages.grpo.max_steps=7", "stages.0.learning_rate=0.01",
                                     "generation.temperature=0.5", "seed=3"])
    assert recipe.stage("grpo").max_steps == 7
    assert recipe.stages[0].learning_rate == 0.01
    assert recipe.generation.temperature == 0.5 and recipe.seed == 3
    with pytest.raises(RecipeError, match="no list entry 'ppo'"):
        recipe_from_dict(BASE, ["stages.ppo.max_steps=1"])
    with pytest.raises(RecipeError, match="key.sub=value"):
        recipe_from_dict(BASE, ["seed"])


def test_missing_file_and_bad_yaml(tmp_path):
    with pytest.raises(RecipeError, match="not found"):
        load_recipe(tmp_path / "nope.yaml")
    (tmp_path / "bad.yaml").write_text("name: [unclosed")
    with pytest.raises(RecipeError, match="not valid YAML"):
        load_recipe(tmp_path / "bad.yaml")


@pytest.mark.parametrize("path", sorted(RECIPES.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_recipes_load(path):
    data = yaml.safe_load(path.read_text())
    data.pop("experiment", None)  # `rlsynth run`'s section (rlsynth/experiment.py checks it)
    recipe = recipe_from_dict(data, source=str(path))
    assert recipe.stages


def test_generation_settings_reach_trl_including_vllm_colocate(tmp_path):
    """No GPU here to run vLLM: what is checked is that the recipe's settings arrive in TRL's
    GRPOConfig under TRL's names (TRL starts vLLM from them)."""
    from rlsynth.train.rl import grpo_config

    recipe = recipe_from_dict({**BASE, "generation": {
        "max_completion_length": 40, "temperature": 0.7, "use_vllm": True,
        "vllm_gpu_memory_utilization": 0.25}})
    config = grpo_config(recipe, recipe.stage("grpo"), tmp_path)
    assert (config.use_vllm, config.vllm_mode, config.vllm_gpu_memory_utilization) == (
        True, "colocate", 0.25)
    assert (config.max_completion_length, config.temperature) == (40, 0.7)
    plain = grpo_config(recipe_from_dict(BASE), recipe.stage("grpo"), tmp_path)
    assert plain.use_vllm is False
