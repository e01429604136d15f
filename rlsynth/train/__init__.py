"""Training: SFT, GRPO and AHPO on TRL 1.16 + accelerate + DeepSpeed + peft, driven by recipes.

Python API (what `rlsynth train`, `rlsynth run` and your own scripts use):

    from rlsynth.train import load_recipe, train, run_stage, load_model_and_tokenizer

    recipe = load_recipe("recipes/compose-ahpo.yaml", ["stages.ahpo.max_steps=50"])
    result = train(recipe, resume=False)        # -> TrainResult
    result.final_model                          # plain HF checkpoint of the last stage
    result.metrics_path                         # JSONL, one line per logged step of every stage
    [(s.name, s.model_dir, s.wall_seconds, s.completed) for s in result.stages]

    # one stage from a given checkpoint (what `rlsynth run` chains itself)
    stage_result = run_stage(recipe, recipe.stage("ahpo"), "runs/x/sft/final")
    model, tokenizer = load_model_and_tokenizer(stage_result.model_dir)

    # tiny:<size> models are built once into a directory (then load like any checkpoint)
    path = resolve_model(recipe.model, [e.name for e in recipe.envs], "runs/x/model-init")

Modules, in reading order:
- recipe.py        the recipe schema (pydantic, `extra="forbid"`), `load_recipe`, `--set` overrides
- models.py        hub/local models, `tiny:<size>` Llama/Qwen2 + char/word tokenizers, LoRA, saving
- data.py          the prompt stream (rendered from the live Mixture), SFT pairs, held-out tasks
- scoring.py       the TRL reward function: verify_batch -> rewards.combine (+ per-token rewards)
- advantages.py    the math as pure functions: group/token advantages, AHPO gate, expert NLL
- grpo_trainer.py  GRPOTrainer subclass: process (B, T) advantages, metrics, curriculum feed
- ahpo_trainer.py  AHPO = GRPO + gated expert NLL (MM-HELIX)
- curriculum.py    windowed success rates per (env, level) move the Mixture's levels
- callbacks.py     JSONL + rich console, wall-clock budgets, Ctrl-C save+stop, exact-resume reseed
- sft.py / rl.py   build a stage's TRL trainer from the recipe
- run.py           `train` / `run_stage`: stages in order, checkpoints, resume, TrainResult
- heldout.py       quick held-out accuracy of a checkpoint (greedy)
- cli.py           `rlsynth train RECIPE [--set k=v] [--resume] [--stage NAME]`
"""
from rlsynth.train.models import load_model_and_tokenizer, resolve_model
from rlsynth.train.recipe import Recipe, RecipeError, load_recipe, recipe_from_dict
from rlsynth.train.run import StageResult, TrainResult, run_stage, train

__all__ = ["Recipe", "RecipeError", "StageResult", "TrainResult", "load_model_and_tokenizer",
           "load_recipe", "recipe_from_dict", "resolve_model", "run_stage", "train"]
