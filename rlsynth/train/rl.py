"""Building a GRPO or AHPO stage: the GRPOConfig from the recipe, the prompt stream, the verified
reward, the curriculum, and the trainer subclass."""
from __future__ import annotations

from pathlib import Path

from rlsynth.train.curriculum import Curriculum
from rlsynth.train.data import build_mixture, prompt_stream, render_row
from rlsynth.train.models import lora_config
from rlsynth.train.run import common_args, standard_callbacks
from rlsynth.train.scoring import VerifiedReward


def grpo_config(recipe, stage, stage_dir: Path):
    """TRL GRPOConfig: the recipe's stage and generation settings under TRL's names."""
    from trl import GRPOConfig

    gen = recipe.generation
    kwargs = dict(
        **common_args(recipe, stage, stage_dir),
        num_generations=stage.num_generations, num_iterations=stage.num_iterations,
        loss_type=stage.loss_type, beta=stage.beta, epsilon=stage.epsilon,
        epsilon_high=stage.epsilon_high, scale_rewards=stage.scale_rewards,
        mask_truncated_completions=stage.mask_truncated_completions,
        max_completion_length=gen.max_completion_length, temperature=gen.temperature,
        top_p=gen.top_p, top_k=gen.top_k, use_vllm=gen.use_vllm,
        log_completions=False, remove_unused_columns=False, shuffle_dataset=True,
        model_init_kwargs={"dtype": recipe.model.dtype})
    if stage.steps_per_generation is not None:
        kwargs["steps_per_generation"] = stage.steps_per_generation
    if gen.use_vllm:
        kwargs.update(vllm_mode=gen.vllm_mode,
                      vllm_gpu_memory_utilization=gen.vllm_gpu_memory_utilization)
    kwargs.update(stage.trl)
    return GRPOConfig(**kwargs)


def build_rl_trainer(recipe, stage, model_path: str, stage_dir: Path, checkpoint=None):
    from transformers import AutoTokenizer

    from rlsynth.train.ahpo_trainer import AHPOTrainer
    from rlsynth.train.callbacks import CurriculumCheckpoint
    from rlsynth.train.grpo_trainer import RLSynthGRPOTrainer

    tokenizer = AutoTokenizer.from_pretrained(model_path)
    tokenizer.padding_side = "left"
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    mixture = build_mixture(recipe.envs, seed=recipe.seed)
    curriculum = None
    if recipe.curriculum.enabled:
        bounds = {e.name: (e.min_level or 1, e.max_level or mixture.envs[e.name].max_level)
                  for e in recipe.envs}
        curriculum = Curriculum(recipe.curriculum, mixture, bounds)
    if curriculum is not None and checkpoint is not None:
        curriculum.load(checkpoint)
    reward = VerifiedReward(recipe.reward_spec() if recipe.rewards else None, tokenizer, workers=recipe.verifier_workers,
                            timeout=recipe.verifier_timeout)
    config = grpo_config(recipe, stage, stage_dir)
    callbacks, stop = standard_callbacks(recipe, stage, config.max_steps)
    if curriculum is not None:
        callbacks.append(CurriculumCheckpoint(curriculum))
    kwargs = dict(model=model_path, reward_funcs=[reward], args=config,
                  train_dataset=prompt_stream(mixture, stage.num_prompts,
                                              recipe.model.prompt_format),
                  processing_class=tokenizer, peft_config=lora_config(recipe.model.lora),
                  callbacks=callbacks, curriculum=curriculum,
                  render=lambda index: render_row(mixture, index, recipe.model.prompt_format))
    if stage.algo == "ahpo":
        trainer = AHPOTrainer(**kwargs, expert_fn=lambda task: mixture.envs[task.env].expert(task),
                              threshold=stage.ahpo_threshold, coef=stage.ahpo_coef,
                              normalizer=stage.ahpo_normalizer,
                              max_expert_length=stage.max_length)
    else:
        trainer = RLSynthGRPOTrainer(**kwargs)
    return trainer, {"stop": stop, "mixture": mixture, "curriculum": curriculum}
