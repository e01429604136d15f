"""Completions -> verdicts -> rewards, as the reward function TRL calls.

Verification goes through the verifier pool (per-item timeout; a crash or hang becomes a zero
verdict with its reason), reward terms are combined by rewards/ `combine`. The last batch's
verdicts and per-token rewards stay on the object for the trainer (process advantages, AHPO gate,
curriculum, metrics).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from rlsynth.env import Task, Verdict

log = logging.getLogger("rlsynth.train")


@dataclass
class ScoredBatch:
    """One local batch of scored rollouts, in TRL's row order."""

    tasks: list[Task]
    verdicts: list[Verdict]
    rewards: list[float]
    terms: dict[str, list[float]]
    token_rewards: list[list[float]] | None = None  # per completion token, when process is on
    errors: list[str | None] = field(default_factory=list)


class VerifiedReward:
    """TRL reward function: `f(prompts, completions, completion_ids, task=[json...]) -> rewards`."""

    __name__ = "verified"

    def __init__(self, reward_spec, tokenizer, *, workers: int = 2, timeout: float = 5.0):
        self.spec = reward_spec
        self.tokenizer = tokenizer
        self.workers = workers
        self.timeout = timeout
        self.process = bool(getattr(reward_spec, "has_process", False))
        self.last: ScoredBatch | None = None
        self._pool = None

    def __call__(self, prompts, completions, completion_ids, task, **_columns) -> list[float]:
        tasks = [Task.from_json(t) for t in task]
        texts = [c if isinstance(c, str) else c[-1]["content"] for c in completions]
        verdicts = self.verify(tasks, texts)
        rewards, terms, token_rewards, errors = [], {}, [], []
        for verdict, text, ids in zip(verdicts, texts, completion_ids):
            offsets = token_offsets(self.tokenizer, ids) if self.process else None
            scored = combine_rewards(self.spec, verdict, text, offsets)
            rewards.append(scored["total"])
            for name, value in scored["terms"].items():
                terms.setdefault(name, []).append(value)
            token_rewards.append(scored.get("per_token"))
            errors.append(verdict.error if verdict.info.get("verifier_failed") else None)
            if verdict.info.get("verifier_failed"):
                log.warning("verifier failure on %s (task %s): %s", tasks[0].env, tasks[0].uid,
                            verdict.error)
        self.last = ScoredBatch(tasks, verdicts, rewards, terms,
                                token_rewards if self.process else None, errors)
        return rewards

    def verify(self, tasks: list[Task], texts: list[str]) -> list[Verdict]:
        return verify_tasks(tasks, texts, workers=self.workers, timeout=self.timeout)


def verify_tasks(tasks: list[Task], texts: list[str], *, workers: int, timeout: float
                 ) -> list[Verdict]:
    """Verdicts in input order; a verifier crash or timeout is a zero verdict with its reason."""
    try:
        from rlsynth.verify import verify_batch
    except ImportError:  # rlsynth.verify not merged yet: verify in-process, crashes caught
        return [_verify_inline(t, c) for t, c in zip(tasks, texts)]
    return verify_batch(tasks, texts, workers=workers, timeout=timeout)


def _verify_inline(task: Task, text: str) -> Verdict:
    from rlsynth.registry import make_env

    try:
        return make_env(task.env).verify(task, text)
    except Exception as exc:  # a verifier must never stop training
        return Verdict.failure(f"verifier crashed: {type(exc).__name__}: {exc}",
                               verifier_failed=True)


def token_offsets(tokenizer, ids) -> list[tuple[int, int]]:
    """Character span of each generated token in the decoded completion (prefix decoding, so it
    is exact for any tokenizer, byte-level BPE included)."""
    ids = [int(i) for i in ids]
    spans, previous = [], 0
    for k in range(1, len(ids) + 1):
        end = len(tokenizer.decode(ids[:k], skip_special_tokens=True))
        spans.append((previous, max(end, previous)))
        previous = max(end, previous)
    return spans


def combine_rewards(spec, verdict: Verdict, text: str, offsets) -> dict:
    """One completion's reward: {"total", "terms", "per_token" (process only)}. Without a
    `rewards:` section the reward is the env's outcome score."""
    if spec is None:
        return {"total": verdict.score, "terms": {"outcome": verdict.score}}
    from rlsynth.rewards import combine

    return combine(spec, verdict, completion=text, offsets=offsets)
