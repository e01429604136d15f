"""`graphs`: the mixture over every registered graph task with G1's tier weights.

Each tier's weight (easy 29.16%, medium 22.91%, hard 33.33%, challenging 14.58%) is spread evenly
over the tasks registered in that tier; tiers without tasks drop out and the rest renormalise.
Presets `easy` / `medium` / `hard` / `challenging` restrict the mixture to one tier. A mixture task
keeps the sub-task's name and resolved knobs in meta, so `verify` and `expert` dispatch to it.
"""
from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from rlsynth import Env, Knob, Problem, Task, Verdict, register
from rlsynth.envs.graphs.base import TIERS, GraphTask, graph_knobs
from rlsynth.registry import env_class, list_envs

TIER_WEIGHTS = {"easy": 0.2916, "medium": 0.2291, "hard": 0.3333, "challenging": 0.1458}


def graph_tasks() -> dict[str, type[GraphTask]]:
    """Every registered graph task by name, sorted (so weights are deterministic)."""
    found = {}
    for name in list_envs():
        cls = env_class(name)
        if issubclass(cls, GraphTask) and cls.tier:
            found[name] = cls
    return found


def task_weights(tier: str = "all") -> dict[str, float]:
    """Mixture weights by task name: the tier's weight over its tasks, normalised to sum 1."""
    by_tier: dict[str, list[str]] = {t: [] for t in TIERS}
    for name, cls in graph_tasks().items():
        by_tier[cls.tier].append(name)
    tiers = TIERS if tier == "all" else (tier,)
    weights = {name: TIER_WEIGHTS[t] / len(by_tier[t]) for t in tiers for name in by_tier[t]}
    total = sum(weights.values())
    if not total:
        raise ValueError(f"no graph tasks are registered in tier {tier!r}")
    return {name: w / total for name, w in weights.items()}


@register
class GraphMixture(Env):
    """The `graphs` env: one G1 task per sample, drawn by tier weight."""

    name = "graphs"
    description = "Mixture of the 50 Erdős (G1) graph-reasoning tasks with G1's tier weights"
    version = "1"
    max_level = 5
    default_level = 3
    knobs = {
        "tier": Knob(str, "all", "restrict to one tier", choices=("all", *TIERS)),
        **{k: v for k, v in graph_knobs().items() if k != "family"},
    }
    presets = {tier: {"tier": tier} for tier in TIERS}
    generation_time_bound = 2.0
    max_answer_share = 0.3

    def generate(self, rng: random.Random, level: int, knobs: Mapping[str, Any]) -> Problem:
        weights = task_weights(knobs["tier"])
        names = list(weights)
        sub_name = rng.choices(names, weights=[weights[n] for n in names])[0]
        sub = env_class(sub_name)()
        passed = {k: v for k, v in knobs.items()
                  if k != "tier" and v is not None and k in sub.knobs}
        sub_knobs = sub.resolve_knobs(level, passed)
        problem = sub.generate(rng, level, sub_knobs)
        meta = {**problem.meta, "task": sub_name, "task_knobs": sub_knobs}
        return Problem(problem.prompt, problem.answer, meta)

    def verify(self, task: Task, completion: str) -> Verdict:
        try:
            sub, sub_task = self._sub_task(task)
        except Exception as exc:  # a malformed task must not crash the verifier pool
            return Verdict.failure(f"not a graphs mixture task: {type(exc).__name__}: {exc}")
        return sub.verify(sub_task, completion)

    def expert(self, task: Task) -> str:
        sub, sub_task = self._sub_task(task)
        return sub.expert(sub_task)

    def _sub_task(self, task: Task) -> tuple[GraphTask, Task]:
        sub = env_class(task.meta["task"])()
        sub_task = Task(env=sub.name, version=sub.version, seed=task.seed, index=task.index,
                        level=task.level, prompt=task.prompt, answer=task.answer, meta=task.meta,
                        knobs=task.meta["task_knobs"])
        return sub, sub_task

    def vocab(self) -> list[str]:
        words: set[str] = set()
        for cls in graph_tasks().values():
            words.update(cls().vocab())
        return sorted(words)
