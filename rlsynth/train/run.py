"""Running a recipe: its stages in order, each a TRL trainer whose output model the next loads.

Layout under `recipe.output_dir`:
  model-init/            the tiny model + fitted tokenizer (tiny recipes only)
  <stage>/checkpoint-N/  resumable checkpoints (model, optimizer, scheduler, RNG, data position,
                         curriculum state)
  <stage>/final/         the stage's model, a plain HF checkpoint (LoRA merged)
  metrics.jsonl          one line per logged step of every stage
  result.json            the TrainResult
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rlsynth.train.recipe import Recipe, StageSpec

FINAL = "final"


@dataclass
class StageResult:
    name: str
    algo: str
    model_dir: str
    wall_seconds: float
    steps: int
    completed: bool  # False when Ctrl-C stopped it (resume with `--resume`)
    eval_accuracy: float | None = None


@dataclass
class TrainResult:
    recipe: str
    output_dir: str
    final_model: str
    metrics_path: str
    stages: list[StageResult] = field(default_factory=list)
    interrupted: bool = False

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)


def train(recipe: Recipe, *, resume: bool = False, stages: list[str] | None = None) -> TrainResult:
    """Run the recipe's stages (or the named subset) in order; `resume` skips finished stages and
    continues an interrupted one from its last checkpoint."""
    out = Path(recipe.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    from rlsynth.train.models import resolve_model

    model_path = resolve_model(recipe.model, [e.name for e in recipe.envs], out / "model-init",
                               seed=recipe.seed)
    result = TrainResult(recipe.name, str(out), model_path, str(out / "metrics.jsonl"))
    for stage in recipe.stages:
        if stages is not None and stage.name not in stages:
            continue
        stage_result = run_stage(recipe, stage, model_path, resume=resume)
        result.stages.append(stage_result)
        model_path = stage_result.model_dir
        if not stage_result.completed:
            result.interrupted = True
            break
    result.final_model = model_path
    if _is_main():
        (out / "result.json").write_text(result.to_json())
    return result


def run_stage(recipe: Recipe, stage: StageSpec, model_path: str, *,
              resume: bool = False) -> StageResult:
    """Train one stage from `model_path`; returns where its final model is."""
    if stage.envs:
        recipe = recipe.model_copy(update={"envs": stage.envs})
    stage_dir = Path(recipe.output_dir) / stage.name
    final_dir = stage_dir / FINAL
    if resume and (final_dir / "config.json").is_file():
        done = json.loads((stage_dir / "stage.json").read_text())
        return StageResult(**done)
    checkpoint = _last_checkpoint(stage_dir) if resume else None
    started = time.time()
    if stage.algo == "sft":
        from rlsynth.train.sft import build_sft_trainer
        trainer, extras = build_sft_trainer(recipe, stage, model_path, stage_dir)
    else:
        from rlsynth.train.rl import build_rl_trainer
        trainer, extras = build_rl_trainer(recipe, stage, model_path, stage_dir, checkpoint)
    check_world_size(trainer.accelerator)
    if recipe.logging.console:
        from transformers.trainer_callback import PrinterCallback
        trainer.remove_callback(PrinterCallback)  # the rich line replaces its raw dict prints
    stop = extras["stop"]
    trainer.train(resume_from_checkpoint=str(checkpoint) if checkpoint else None)
    completed = not stop.interrupted
    if completed:
        from rlsynth.train.models import save_merged
        save_merged(trainer, final_dir, model_path)
    result = StageResult(stage.name, stage.algo, str(final_dir if completed else model_path),
                         round(time.time() - started, 3), trainer.state.global_step, completed)
    if completed and recipe.eval_tasks:
        from rlsynth.train.heldout import heldout_accuracy
        result.eval_accuracy = heldout_accuracy(recipe, str(final_dir), recipe.eval_tasks)
    if _is_main():
        (stage_dir / "stage.json").write_text(json.dumps(asdict(result)))
    return result


def check_world_size(accelerator) -> None:
    """`accelerate launch --cpu --num_processes 2` starts ONE process, and `--multi_gpu` without
    CUDA starts unsynchronised single-process runs: refuse both instead of training wrongly."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if accelerator.num_processes != world:
        raise RuntimeError(
            f"accelerate sees {accelerator.num_processes} process(es) but WORLD_SIZE={world}: the "
            "processes are not one distributed job. On CPU launch with `ACCELERATE_USE_CPU=1 "
            "torchrun --nproc_per_node N -m rlsynth train ...` or a DeepSpeed config from launch/ "
            "(see launch/README.md)")


def trainer_device_args() -> dict:
    """TrainingArguments for this machine: CPU and gloo when there is no CUDA (DeepSpeed on CPU
    needs gloo too; accelerate would otherwise fall back to 'not distributed')."""
    import torch

    if torch.cuda.is_available():
        return {}
    deepspeed = os.environ.get("ACCELERATE_USE_DEEPSPEED", "false").lower() == "true"
    args = {"use_cpu": not deepspeed, "bf16": False, "fp16": False}
    if int(os.environ.get("WORLD_SIZE", "1")) > 1:
        args["ddp_backend"] = "gloo"
    return args


def common_args(recipe: Recipe, stage: StageSpec, stage_dir: Path) -> dict:
    """TrainingArguments shared by every stage."""
    log = recipe.logging
    report = []
    if log.tensorboard is True or (log.tensorboard == "auto" and _installed("tensorboard")):
        report.append("tensorboard")
    if log.wandb:
        report.append("wandb")
        if log.wandb_project:
            os.environ.setdefault("WANDB_PROJECT", log.wandb_project)
    return dict(
        output_dir=str(stage_dir), seed=recipe.seed, data_seed=recipe.seed,
        max_steps=stage.max_steps or 1_000_000, learning_rate=stage.learning_rate,
        lr_scheduler_type=stage.lr_scheduler_type, warmup_steps=stage.warmup_steps,
        weight_decay=stage.weight_decay, max_grad_norm=stage.max_grad_norm,
        per_device_train_batch_size=stage.per_device_train_batch_size,
        gradient_accumulation_steps=stage.gradient_accumulation_steps,
        logging_steps=log.every, save_strategy="steps", save_steps=stage.save_steps or 10**9,
        report_to=report or "none", disable_tqdm=True, gradient_checkpointing=False,
        dataloader_num_workers=0, **trainer_device_args())


def standard_callbacks(recipe: Recipe, stage: StageSpec, max_steps: int):
    from rlsynth.train.callbacks import MetricsLog, Reseed, StopControl

    stop = StopControl(stage.max_seconds)
    callbacks = [stop, Reseed(recipe.seed)]
    if recipe.logging.jsonl or recipe.logging.console:
        # A stage with only a time budget has no step total (TRL gets max_steps=10^6 and the
        # clock stops it): its bar is then open-ended rather than showing a meaningless ETA.
        total = max_steps if stage.max_steps else None
        callbacks.append(MetricsLog(Path(recipe.output_dir) / "metrics.jsonl", stage.name,
                                    total, console=recipe.logging.console,
                                    max_seconds=stage.max_seconds))
    return callbacks, stop


def _last_checkpoint(stage_dir: Path) -> Path | None:
    points = sorted(stage_dir.glob("checkpoint-*"), key=lambda p: int(p.name.split("-")[1]))
    return points[-1] if points else None


def _installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def _is_main() -> bool:
    return int(os.environ.get("RANK", "0")) == 0
