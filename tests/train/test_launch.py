"""Every launch config loads as an accelerate config, and recipes that name one agree with it."""
import json
from pathlib import Path

import pytest
import yaml
from accelerate.commands.config.config_args import ClusterConfig

from rlsynth.train.recipe import load_recipe

ROOT = Path(__file__).parents[2]
CONFIGS = sorted((ROOT / "launch").glob("*.yaml"))
RECIPES = sorted((ROOT / "recipes").glob("*.yaml"))


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.name)
def test_config_loads_as_accelerate_config(path):
    config = ClusterConfig.from_yaml_file(str(path))
    assert config.num_processes >= 1 and config.num_machines >= 1
    assert config.num_processes % config.num_machines == 0
    if config.distributed_type.value == "DEEPSPEED":
        ds = config.deepspeed_config
        if "deepspeed_config_file" in ds:
            settings = json.loads((ROOT / ds["deepspeed_config_file"]).read_text())
            stage = settings["zero_optimization"]["stage"]
            gather = settings["zero_optimization"].get("stage3_gather_16bit_weights_on_model_save")
        else:
            stage, gather = ds["zero_stage"], ds.get("zero3_save_16bit_model")
        # a stage saves a plain HF checkpoint; under ZeRO-3 that needs the 16-bit gather
        assert stage in (2, 3) and (stage == 2 or gather), path.name
    if config.num_machines > 1:
        assert config.main_process_ip, "multi-node configs need main_process_ip"


def test_readme_documents_every_config():
    readme = (ROOT / "launch" / "README.md").read_text()
    for path in [*CONFIGS, ROOT / "launch" / "slurm.sh"]:
        assert f"launch/{path.name}" in readme, path.name


@pytest.mark.parametrize("path", [p for p in RECIPES if "launch" in yaml.safe_load(p.read_text())],
                         ids=lambda p: p.name)
def test_recipe_matches_its_launch_config(path):
    recipe = load_recipe(path)
    config = yaml.safe_load((ROOT / recipe.launch).read_text())
    processes = config["num_processes"]
    ds = config.get("deepspeed_config", {})
    for stage in recipe.stages:
        if stage.algo != "sft":
            per_step = stage.steps_per_generation or stage.gradient_accumulation_steps
            global_batch = processes * stage.per_device_train_batch_size * per_step
            assert global_batch % stage.num_generations == 0, (stage.name, global_batch)
        accumulation = ds.get("gradient_accumulation_steps")
        assert accumulation in (None, "auto", stage.gradient_accumulation_steps), stage.name
    if config.get("mixed_precision") == "bf16":
        assert recipe.model.dtype in ("bfloat16", "float32")
    if config.get("mixed_precision") == "fp16":
        assert recipe.model.dtype in ("float16", "float32")
