"""Evaluate a checkpoint on held-out tasks: sample tasks per (env, level), generate completions,
verify them with the training verifiers, and aggregate pass@k, accuracy, process accuracy,
length and format errors per level, beside the majority-answer baseline."""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from statistics import mean

from rlsynth.env import Task, Verdict
from rlsynth.evaluate.passk import mean_pass_at_k
from rlsynth.registry import make_env

# Default held-out stream; training recipes use small seeds. Streams are hash-derived, so any two
# different seeds give disjoint task streams (up to the task space's own duplicates).
EVAL_SEED = 10_007


@dataclass(frozen=True)
class EvalSettings:
    envs: tuple[str, ...]
    levels: tuple[int, ...] | None = None  # None: every level of each env
    n: int = 200
    ks: tuple[int, ...] = (1,)
    seed: int = EVAL_SEED
    greedy: bool = True
    temperature: float = 1.0
    max_new_tokens: int = 256
    prompt_format: str = "plain"  # "plain" or "chat" (the tokenizer's chat template)
    batch_size: int = 64
    workers: int | None = None
    timeout: float = 10.0
    knobs: dict = field(default_factory=dict)  # per env name: knob overrides

    def __post_init__(self) -> None:
        if not self.envs:
            raise ValueError("evaluation needs at least one env (--env NAME[,NAME])")
        if self.n < 1:
            raise ValueError(f"--n must be at least 1, got {self.n}")
        if not self.ks or min(self.ks) < 1:
            raise ValueError(f"--k values must be positive, got {self.ks}")
        stray = sorted(set(self.knobs) - set(self.envs))
        if stray:
            raise ValueError(f"knobs given for {stray}, which are not evaluated (--env "
                             f"{','.join(self.envs)})")
        if self.greedy and max(self.ks) > 1:
            raise ValueError(f"pass@{max(self.ks)} needs sampled decoding: drop --greedy or use "
                             f"--k 1")

    @property
    def samples(self) -> int:
        """Completions per task: enough for the largest k."""
        return max(self.ks)


@dataclass
class EvalResult:
    checkpoint: str
    label: str
    settings: dict
    rows: list[dict]

    @property
    def envs(self) -> list[str]:
        return list(dict.fromkeys(row["env"] for row in self.rows))

    def row(self, env: str, level: int) -> dict | None:
        return next((r for r in self.rows if r["env"] == env and r["level"] == level), None)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> EvalResult:
        return cls(**data)

    @classmethod
    def load(cls, path) -> EvalResult:
        with open(path) as f:
            return cls.from_dict(json.load(f))


def held_out_tasks(settings: EvalSettings) -> dict[tuple[str, int], list[Task]]:
    """The tasks of every (env, level), from the held-out seed."""
    tasks = {}
    for name in settings.envs:
        env = make_env(name, **settings.knobs.get(name, {}))
        levels = settings.levels or tuple(env.levels)
        for level in levels:
            if level not in env.levels:
                raise ValueError(f"env {name!r} has levels 1..{env.max_level}; --levels asked "
                                 f"for {level}")
            tasks[(name, level)] = [env.sample(i, seed=settings.seed, level=level)
                                    for i in range(settings.n)]
    return tasks


def evaluate(checkpoint: str, settings: EvalSettings, *, label: str | None = None,
             generator=None, progress=None) -> EvalResult:
    """Evaluate `checkpoint` (an HF checkpoint dir or hub id, LoRA adapters too).

    `generator` maps (prompts, samples) to completions; by default the checkpoint is loaded and
    decoded with HF `generate` (vLLM when installed and asked for).
    """
    from rlsynth.evaluate.generation import HFGenerator
    from rlsynth.train.data import format_prompt
    from rlsynth.verify import verify_batch

    generator = generator or HFGenerator.load(checkpoint, settings)
    rows = []
    for (env, level), tasks in held_out_tasks(settings).items():
        completions = generator([format_prompt(t, settings.prompt_format) for t in tasks],
                                settings.samples)
        flat_tasks = [t for t in tasks for _ in range(settings.samples)]
        verdicts = verify_batch(flat_tasks, completions, workers=settings.workers,
                                timeout=settings.timeout)
        rows.append(level_row(env, level, tasks, completions, verdicts, settings))
        if progress is not None:
            progress(rows[-1])
    return EvalResult(checkpoint=str(checkpoint), label=label or str(checkpoint),
                      settings=settings_dict(settings), rows=rows)


def level_row(env: str, level: int, tasks: Sequence[Task], completions: Sequence[str],
              verdicts: Sequence[Verdict], settings: EvalSettings) -> dict:
    """Aggregate one (env, level): completions and verdicts are task-major, `samples` per task."""
    s = settings.samples
    correct_counts = [sum(v.correct for v in verdicts[i * s:(i + 1) * s])
                      for i in range(len(tasks))]
    process = [v.step_accuracy for v in verdicts if v.step_accuracy is not None]
    return {
        "env": env,
        "level": level,
        "tasks": len(tasks),
        "accuracy": sum(correct_counts) / (len(tasks) * s),
        "pass_at_k": {str(k): mean_pass_at_k(correct_counts, s, k) for k in settings.ks},
        "majority_baseline": majority_baseline(tasks),
        "process_acc": mean(process) if process else None,
        "mean_length": mean(len(c) for c in completions),
        "format_error_rate": sum(not v.format_ok for v in verdicts) / len(verdicts),
        "verifier_errors": sum(bool(v.info.get("verifier_failed")) for v in verdicts),
    }


def majority_baseline(tasks: Sequence[Task]) -> float:
    """Accuracy of always writing the most common reference answer of these tasks."""
    counts = Counter(json.dumps(t.answer, sort_keys=True) for t in tasks)
    return counts.most_common(1)[0][1] / len(tasks)


def settings_dict(settings: EvalSettings) -> dict:
    data = asdict(settings)
    data["samples"] = settings.samples
    return data
