"""Completions -> verdicts -> rewards, as the reward function TRL calls.

Verification goes through `verify_batch` (worker processes, per-item timeout; a crash or a hang
becomes a zero verdict with its reason, logged), reward terms are combined by rewards/ `combine`.
The last batch's verdicts and placed step rewards stay on the object for the trainer (process
advantages, AHPO gate, curriculum, metrics).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from rlsynth.adapters import completion_text
from rlsynth.env import Task, Verdict
from rlsynth.rewards import RewardSpec, combine
from rlsynth.verify import verify_batch

log = logging.getLogger("rlsynth.train")


@dataclass
class ScoredBatch:
    """One local batch of scored rollouts, in TRL's row order."""

    tasks: list[Task]
    verdicts: list[Verdict]
    rewards: list[float]
    terms: dict[str, list[float]]  # term name -> unweighted value per row
    sequence: list[float]  # the weighted sequence-level terms (all but process) per row
    steps: list[list[tuple[int, float]]] | None  # placed step rewards, when the spec has process


class VerifiedReward:
    """TRL reward function: `f(prompts, completions, completion_ids, task=[json...]) -> rewards`.

    `spec`: the recipe's rewards/ RewardSpec (default: outcome only)."""

    __name__ = "verified"

    def __init__(self, spec: RewardSpec | None, tokenizer, *, workers: int = 2,
                 timeout: float = 5.0):
        self.spec = spec or RewardSpec()
        self.tokenizer = tokenizer
        self.workers = workers
        self.timeout = timeout
        self.process = self.spec.has_process
        self.last: ScoredBatch | None = None

    def __call__(self, prompts, completions, completion_ids, task, **_columns) -> list[float]:
        tasks = [Task.from_json(t) for t in task]
        texts = [completion_text(c) for c in completions]
        verdicts = verify_batch(tasks, texts, workers=self.workers, timeout=self.timeout)
        rewards, terms, sequence, steps = [], {}, [], []
        for t, verdict, ids in zip(tasks, verdicts, completion_ids):
            if verdict.info.get("verifier_failed"):
                log.warning("verifier failed on %s task %s: %s (reward 0)", t.env, t.uid,
                            verdict.error)
            offsets = token_offsets(self.tokenizer, ids) if self.process else None
            scored = combine(self.spec, verdict, n_tokens=len(ids), offsets=offsets)
            rewards.append(scored["total"])
            for name, value in scored["terms"].items():
                terms.setdefault(name, []).append(value)
            sequence.append(scored["sequence"])
            steps.append(scored["steps"])
        self.last = ScoredBatch(tasks, verdicts, rewards, terms, sequence,
                                steps if self.process else None)
        return rewards


def token_offsets(tokenizer, ids) -> list[tuple[int, int]]:
    """Character span of each generated token in the decoded completion. Prefix decoding makes it
    exact for any tokenizer (byte-level BPE included); special tokens get empty spans."""
    ids = [int(i) for i in ids]
    spans, previous = [], 0
    for k in range(1, len(ids) + 1):
        end = max(len(tokenizer.decode(ids[:k], skip_special_tokens=True)), previous)
        spans.append((previous, end))
        previous = end
    return spans
