"""What the trainers read: a lazily generated prompt stream over the recipe's env mixture (its
levels can move while training runs, for the curriculum) and SFT records from expert traces."""
from __future__ import annotations

import random
from typing import Any

from rlsynth.env import Task, derive_seed

TRAIN_SEED_OFFSET = 0  # training draws stream `seed`; held-out eval draws `HELDOUT_SEED`
HELDOUT_SEED = 1_000_003


class EnvMixture:
    """Weighted envs with per-env level and knobs; `task(index)` is random access and depends only
    on (seed, index, current levels/weights), so every rank and a resumed run see the same task."""

    def __init__(self, entries, seed: int = 0):
        from rlsynth.registry import make_env

        self.seed = seed
        self.envs = {e.name: make_env(e.name, **e.knobs) for e in entries}
        self.weights = {e.name: e.weight for e in entries}
        self.levels = {e.name: e.level or self.envs[e.name].default_level for e in entries}
        self.bounds = {e.name: (e.min_level or 1, e.max_level or self.envs[e.name].max_level)
                       for e in entries}
        if sum(self.weights.values()) <= 0:
            raise ValueError("the env mixture needs at least one env with weight > 0")

    def pick(self, index: int, seed: int | None = None) -> str:
        rng = random.Random(derive_seed("mixture", self.seed if seed is None else seed, index))
        names = [n for n in self.weights if self.weights[n] > 0]
        return rng.choices(names, weights=[self.weights[n] for n in names])[0]

    def task(self, index: int, *, seed: int | None = None, level: int | None = None) -> Task:
        name = self.pick(index, seed)
        return self.envs[name].sample(index, seed=self.seed if seed is None else seed,
                                      level=self.levels[name] if level is None else level)

    def set_level(self, name: str, level: int) -> None:
        low, high = self.bounds[name]
        self.levels[name] = min(max(level, low), high)

    def set_weight(self, name: str, weight: float) -> None:
        self.weights[name] = weight

    def state(self) -> dict:
        return {"levels": dict(self.levels), "weights": dict(self.weights)}

    def load_state(self, state: dict) -> None:
        self.levels.update(state.get("levels", {}))
        self.weights.update(state.get("weights", {}))


def format_prompt(task: Task, prompt_format: str = "plain") -> Any:
    """The model's input for a task. `plain`: the prompt text and a newline (tiny models have no
    chat template); `chat`: one user message, for instruction-tuned hub models."""
    if prompt_format == "chat":
        return [{"role": "user", "content": task.prompt}]
    return task.prompt + "\n"


def prompt_stream(mixture: EnvMixture, num_prompts: int, prompt_format: str = "plain"):
    """A `datasets.Dataset` of `num_prompts` rows whose prompts are generated on access (a
    transform over row indices) from the mixture's *current* levels, so the curriculum acts on the
    next batch. Rows carry the task as JSON (`task` column) for the reward function."""
    from datasets import Dataset

    def render(batch: dict) -> dict:
        tasks = [mixture.task(int(i)) for i in batch["index"]]
        return {"prompt": [format_prompt(t, prompt_format) for t in tasks],
                "task": [t.to_json() for t in tasks]}

    return Dataset.from_dict({"index": list(range(num_prompts))}).with_transform(render)


def sft_dataset(mixture: EnvMixture, num_examples: int, prompt_format: str = "plain",
                eos_token: str | None = None):
    """A `datasets.Dataset` of prompt/completion pairs from expert traces (completion-only loss)."""
    from datasets import Dataset

    rows = {"prompt": [], "completion": []}
    for index in range(num_examples):
        task = mixture.task(index)
        expert = mixture.envs[task.env].expert(task)
        rows["prompt"].append(format_prompt(task, prompt_format))
        completion = expert + (eos_token or "")
        rows["completion"].append(
            [{"role": "assistant", "content": expert}] if prompt_format == "chat" else completion)
    return Dataset.from_dict(rows)


def heldout_tasks(mixture: EnvMixture, n: int) -> list[Task]:
    """`n` tasks from a stream disjoint from training (a different seed), at the current levels."""
    return [mixture.task(i, seed=HELDOUT_SEED) for i in range(n)]
