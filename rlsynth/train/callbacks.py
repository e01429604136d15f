"""Trainer callbacks: metrics to JSONL and a rich console line, wall-clock budgets, Ctrl-C that
saves and stops, exact-resume reseeding, and curriculum state in checkpoints."""
from __future__ import annotations

import json
import math
import random
import signal
import time
from datetime import timedelta
from pathlib import Path

import torch
from rich.progress import BarColumn, Progress, ProgressColumn, TextColumn
from rich.text import Text
from transformers import TrainerCallback

from rlsynth.env import derive_seed


def _rank() -> int:
    return torch.distributed.get_rank() if torch.distributed.is_initialized() else 0


def _any_rank(flag: bool) -> bool:
    """True on every rank when `flag` is true on any rank (stops must be collective)."""
    if not torch.distributed.is_initialized():
        return flag
    value = torch.tensor([1.0 if flag else 0.0])
    if torch.distributed.get_backend() == "nccl":
        value = value.cuda()
    torch.distributed.all_reduce(value, op=torch.distributed.ReduceOp.MAX)
    return bool(value.item() > 0)


def time_left(step_estimate: float | None, budget_left: float | None) -> float | None:
    """A stage's ETA: the step-rate estimate, capped by what is left of its wall-clock budget."""
    if budget_left is None:
        return step_estimate
    budget_left = max(0.0, budget_left)
    return budget_left if step_estimate is None else min(step_estimate, budget_left)


class Remaining(ProgressColumn):
    """Rich's time-remaining column, capped by a wall-clock deadline (`time.time()`, or None)."""

    def __init__(self, deadline: float | None):
        super().__init__()
        self.deadline = deadline

    def render(self, task) -> Text:
        budget = None if self.deadline is None else self.deadline - time.time()
        left = time_left(task.time_remaining, budget)
        return Text("-:--:--" if left is None else str(timedelta(seconds=int(left))),
                    style="progress.remaining")


class MetricsLog(TrainerCallback):
    """Every logged step -> one JSON line {"stage", "step", "time", ...metrics} (main process)
    and a console line with step, reward, accuracy and ETA (capped by `max_seconds`)."""

    def __init__(self, path: str | Path, stage: str, max_steps: int | None,
                 console: bool = True, max_seconds: float | None = None):
        self.path = Path(path)
        self.stage = stage
        self.max_steps = max_steps
        self.max_seconds = max_seconds
        self.console = console
        self.started = time.time()
        self.progress = None

    def on_train_begin(self, args, state, control, **kwargs):
        self.started = time.time()
        if self.console and state.is_world_process_zero:
            deadline = None if self.max_seconds is None else self.started + self.max_seconds
            self.progress = Progress(TextColumn(f"[bold]{self.stage}"), BarColumn(),
                                     TextColumn("{task.completed}/{task.total}"),
                                     TextColumn("{task.fields[info]}"), Remaining(deadline))
            self.progress.start()
            self.task_id = self.progress.add_task(self.stage, total=self.max_steps,
                                                  completed=state.global_step, info="")

    def on_log(self, args, state, control, logs=None, **kwargs):
        if not state.is_world_process_zero or not logs:
            return
        record = {"stage": self.stage, "step": state.global_step,
                  "time": round(time.time() - self.started, 3)}
        record.update({k: _jsonable(v) for k, v in logs.items()})
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a") as f:
            f.write(json.dumps(record) + "\n")
        if self.progress is not None:
            shown = [f"{k}={logs[k]:.3g}" for k in ("loss", "reward", "accuracy")
                     if isinstance(logs.get(k), (int, float))]
            self.progress.update(self.task_id, completed=state.global_step, info=" ".join(shown))

    def on_train_end(self, args, state, control, **kwargs):
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


def _jsonable(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


class StopControl(TrainerCallback):
    """Stops (and saves) on the wall-clock budget or on Ctrl-C, on every rank at the same step."""

    def __init__(self, max_seconds: float | None):
        self.max_seconds = max_seconds
        self.interrupted = False
        self.out_of_time = False
        self._previous = None

    def on_train_begin(self, args, state, control, **kwargs):
        self.started = time.time()
        self._previous = signal.getsignal(signal.SIGINT)
        try:
            signal.signal(signal.SIGINT, self._on_sigint)
        except ValueError:  # not the main thread: leave Ctrl-C to the default handler
            self._previous = None

    def _on_sigint(self, signum, frame):
        if self.interrupted:  # a second Ctrl-C: stop now
            raise KeyboardInterrupt
        self.interrupted = True

    def on_step_end(self, args, state, control, **kwargs):
        over = self.max_seconds is not None and time.time() - self.started >= self.max_seconds
        stop = _any_rank(self.interrupted or over)
        if stop:
            self.interrupted = _any_rank(self.interrupted)
            self.out_of_time = not self.interrupted
            control.should_training_stop = True
            control.should_save = True
        return control

    def on_train_end(self, args, state, control, **kwargs):
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


class Reseed(TrainerCallback):
    """Reseed torch/python RNGs from (seed, step, rank) at every optimizer step: a resumed run then
    samples exactly what the uninterrupted run sampled (restored RNG states alone are not enough,
    because the dataloader draws from the global RNG after they are loaded)."""

    def __init__(self, seed: int):
        self.seed = seed

    def on_step_begin(self, args, state, control, **kwargs):
        value = derive_seed("step", self.seed, state.global_step, _rank())
        torch.manual_seed(value)
        random.seed(value)


class CurriculumCheckpoint(TrainerCallback):
    """Writes the curriculum state into each checkpoint directory."""

    def __init__(self, curriculum):
        self.curriculum = curriculum

    def on_save(self, args, state, control, **kwargs):
        if state.is_world_process_zero:
            directory = Path(args.output_dir) / f"checkpoint-{state.global_step}"
            directory.mkdir(parents=True, exist_ok=True)
            self.curriculum.save(directory)
