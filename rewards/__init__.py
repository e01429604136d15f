"""Turning verdicts into training signal: pure functions, no torch, no env-specific code.

What the trainer calls:
- `RewardSpec.model_validate(recipe["rewards"])`: the recipe's terms and weights, validated
  (an unknown term fails with the list of known ones). `spec.has_process` says whether to use
  per-token advantages.
- `combine(spec, verdict, n_tokens=..., offsets=...)` per completion ->
  `{"total", "terms", "sequence", "steps"}`: the scalar reward, each term's unweighted value (for
  logs), the weighted sequence-level terms, and, for process specs, the step rewards placed on
  token indices (the trainer normalises them per group, then forms (B, T) advantages with
  `returns_sum` / `returns_min`).

The terms, each a function usable alone:
- outcome.py  `outcome_reward` (verdict.score), `format_reward` (1 if the format was followed)
- length.py   `overlong_penalty` (DAPO soft overlong punishment)
- process.py  `place_step_rewards` (step rewards on token offsets), `returns_sum` (DeepSeekMath)
              and `returns_min` (PURE), `token_returns` (both in one call, unnormalised),
              `process_score`, `interplay_blend` (0.2 outcome + 0.8 process, 0 unless correct)
- combine.py  `RewardSpec`, `combine`
"""
from .combine import KNOWN_TERMS, OverlongOptions, ProcessOptions, RewardSpec, combine
from .length import overlong_penalty
from .outcome import format_reward, outcome_reward
from .process import (interplay_blend, place_step_rewards, process_score, returns_min,
                      returns_sum, token_returns)

__all__ = [
    "KNOWN_TERMS", "OverlongOptions", "ProcessOptions", "RewardSpec", "combine",
    "overlong_penalty", "format_reward", "outcome_reward", "interplay_blend",
    "place_step_rewards", "process_score", "returns_min", "returns_sum", "token_returns",
]
