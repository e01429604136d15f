"""A recipe's `rewards:` section: named, weighted terms combined into one training signal.

    rewards:
      terms: {outcome: 1.0, overlong: 0.5, process: 0.5}
      overlong: {max_len: 256, buffer: 64}
      process: {form: min, ok_reward: 1.0, wrong_reward: -1.0}
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from rlsynth.env import Verdict

from .length import overlong_penalty
from .outcome import format_reward, outcome_reward
from .process import interplay_blend, place_step_rewards, process_score

# Sequence-level terms: name -> f(verdict, n_tokens, spec). `process` is also sequence-level in
# `total` (its process score) but reaches the trainer's advantages as placed step rewards.
SEQUENCE_TERMS: dict[str, Callable] = {
    "outcome": lambda v, n, spec: outcome_reward(v),
    "format": lambda v, n, spec: format_reward(v),
    "overlong": lambda v, n, spec: overlong_penalty(n, spec.overlong.max_len,
                                                    spec.overlong.buffer),
    "interplay": lambda v, n, spec: interplay_blend(v),
    "process": lambda v, n, spec: process_score(v),
}
KNOWN_TERMS = tuple(SEQUENCE_TERMS)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OverlongOptions(_Strict):
    """DAPO soft overlong punishment: 0 up to max_len - buffer tokens, then down to -1."""

    max_len: int = Field(gt=0)
    buffer: int = Field(gt=0)

    @model_validator(mode="after")
    def _buffer_fits(self) -> OverlongOptions:
        if self.buffer > self.max_len:
            raise ValueError(f"overlong buffer={self.buffer} exceeds max_len={self.max_len}; "
                             "use a buffer of at most max_len (DAPO: max_len / 4)")
        return self


class ProcessOptions(_Strict):
    """Per-token process credit: `sum` (DeepSeekMath) or `min` (PURE) form; step rewards."""

    form: Literal["sum", "min"] = "sum"
    ok_reward: float = 1.0
    wrong_reward: float = -1.0


class RewardSpec(_Strict):
    """Named reward terms with weights, and the options of the terms that need them."""

    terms: dict[str, float] = {"outcome": 1.0}
    overlong: OverlongOptions | None = None
    process: ProcessOptions = ProcessOptions()

    @field_validator("terms")
    @classmethod
    def _known_terms(cls, terms: dict[str, float]) -> dict[str, float]:
        if not terms:
            raise ValueError(f"no reward terms; name at least one of {list(KNOWN_TERMS)}")
        for name, weight in terms.items():
            if name not in SEQUENCE_TERMS:
                raise ValueError(f"unknown reward term {name!r}; known terms: "
                                 f"{list(KNOWN_TERMS)}")
            if not math.isfinite(weight):
                raise ValueError(f"reward term {name!r} has weight {weight}; use a finite number")
        return terms

    @model_validator(mode="after")
    def _options_present(self) -> RewardSpec:
        if "overlong" in self.terms and self.overlong is None:
            raise ValueError("term 'overlong' needs `overlong: {max_len: N, buffer: B}` "
                             "(tokens; DAPO used max_len 20480 with buffer 4096)")
        return self

    @property
    def has_process(self) -> bool:
        """True when the trainer must use per-token advantages (from `combine(...)["steps"]`)."""
        return self.terms.get("process", 0.0) != 0.0


def combine(spec: RewardSpec, verdict: Verdict, *, n_tokens: int | None = None,
            offsets: Sequence[Sequence[int]] | None = None, completion: str | None = None
            ) -> dict:
    """One completion's reward.

    Returns `{"total", "terms", "sequence", "steps"}`: `total` = sum of weight x value over the
    terms (the scalar reward, for logs and sequence-level advantages); `terms` = each term's
    unweighted value; `sequence` = the weighted sum of every term but `process`; `steps` (only
    when `spec.has_process` and `offsets` are given) = the raw step rewards placed on token
    indices, `[(token, reward), ...]`. The trainer normalises step rewards over each group
    before it forms per-token returns (`rlsynth.train.advantages.process_advantages`): returns
    built from raw rewards depend on the position alone and would push down the answer tokens of
    even a group of identical correct rollouts. `n_tokens` defaults to `len(offsets)`; the
    `overlong` term needs one of them. `completion` is accepted for callers that pass it.
    """
    if n_tokens is None and offsets is not None:
        n_tokens = len(offsets)
    if "overlong" in spec.terms and n_tokens is None:
        raise ValueError("the 'overlong' reward term needs the completion's token count: pass "
                         "n_tokens=len(completion_ids) (or offsets)")
    terms = {name: SEQUENCE_TERMS[name](verdict, n_tokens, spec) for name in spec.terms}
    total = sum(spec.terms[name] * value for name, value in terms.items())
    sequence = total - spec.terms.get("process", 0.0) * terms.get("process", 0.0)
    steps = None
    if spec.has_process and offsets is not None:
        steps = place_step_rewards(verdict, offsets, ok_reward=spec.process.ok_reward,
                                   wrong_reward=spec.process.wrong_reward)
    return {"total": total, "terms": terms, "sequence": sequence, "steps": steps}
