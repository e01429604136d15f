"""Process rewards: per-step verdicts turned into per-token returns, and the Interplay blend.

A step's reward (`ok_reward` when the env judged it ok, `wrong_reward` otherwise; defaults +1 and
-1 so that a wrong step pulls its tokens down rather than merely not pushing them up) is placed
on the token where the step ends: the first token whose character span reaches the step's end
(a zero-width span, e.g. compose's mark for a step the completion skipped, lands on the token
that reaches that point).
The return of token t then aggregates the rewards of the steps ending at or after t:

- sum form (DeepSeekMath, arXiv 2402.03300, sec. 4.1.3 process supervision): G_t = sum_{j: e_j >= t} r_j
- min form (PURE, arXiv 2504.15275): G_t = min_{j: e_j >= t} r_j, so one bad later step caps
  the credit of every token before it and summing many good steps cannot hide it.

Tokens after the last step have no later step and get 0. For training, step rewards are first
normalised over the rollout group (DeepSeekMath: r~ = (r - mean) / std over the group's steps) and
only then aggregated: that is the trainer's business (rlsynth.train.advantages.process_advantages).
"""
from __future__ import annotations

from collections.abc import Sequence

from rlsynth.env import Verdict

FORMS = ("sum", "min")


def process_score(verdict: Verdict) -> float:
    """The sequence-level process score in [0, 1]: the env's own `info["process_score"]` when it
    reports one (compose: Interplay's max(0, 1 - wrong/gold)), else the fraction of steps ok, else
    (no step grammar) the outcome score."""
    reported = verdict.info.get("process_score")
    if isinstance(reported, (int, float)) and not isinstance(reported, bool):
        return min(1.0, max(0.0, float(reported)))
    accuracy = verdict.step_accuracy
    return float(verdict.score) if accuracy is None else accuracy


def interplay_blend(verdict: Verdict, outcome_weight: float = 0.2,
                    process_weight: float = 0.8) -> float:
    """Interplay's reward (arXiv 2512.07783, verl/reward_fn.py::compute_score_with_step_process):
    0.2 * outcome + 0.8 * process_score when the answer is correct, else 0, so a policy cannot
    collect process credit on wrong answers."""
    if not verdict.correct:
        return 0.0
    return outcome_weight * float(verdict.score) + process_weight * process_score(verdict)


def place_step_rewards(verdict: Verdict, offsets: Sequence[Sequence[int]], *,
                       ok_reward: float = 1.0, wrong_reward: float = -1.0
                       ) -> list[tuple[int, float]]:
    """(token index, reward) for every step of the verdict, in token order.

    `offsets` holds one (start, end) character span per completion token, as a tokenizer's
    offset mapping gives. A step is placed on the first token whose end reaches the step's end
    (the last token when the completion was cut before it); empty (0, 0) spans of special tokens
    never take a step unless nothing else can.
    """
    if not verdict.steps or not offsets:
        return []
    steps = sorted(((s.span[1], ok_reward if s.ok else wrong_reward) for s in verdict.steps))
    placed, t, last = [], 0, len(offsets) - 1
    for end, reward in steps:
        while t < last and (offsets[t][1] < end or offsets[t][1] <= offsets[t][0] and end > 0):
            t += 1
        placed.append((t, reward))
    return placed


def returns_sum(placed: Sequence[tuple[int, float]], n_tokens: int) -> list[float]:
    """G_t = sum of the rewards placed at token t or later (DeepSeekMath process supervision)."""
    at = [0.0] * n_tokens
    for t, reward in placed:
        at[t] += reward
    total, out = 0.0, [0.0] * n_tokens
    for t in range(n_tokens - 1, -1, -1):
        total += at[t]
        out[t] = total
    return out


def returns_min(placed: Sequence[tuple[int, float]], n_tokens: int) -> list[float]:
    """G_t = min of the rewards placed at token t or later, 0 where none is (PURE's min form)."""
    at: list[float | None] = [None] * n_tokens
    for t, reward in placed:
        at[t] = reward if at[t] is None else min(at[t], reward)
    low, out = None, [0.0] * n_tokens
    for t in range(n_tokens - 1, -1, -1):
        if at[t] is not None:
            low = at[t] if low is None else min(low, at[t])
        out[t] = 0.0 if low is None else low
    return out


def token_returns(verdict: Verdict, offsets: Sequence[Sequence[int]], form: str = "sum", *,
                  ok_reward: float = 1.0, wrong_reward: float = -1.0) -> list[float]:
    """One return per completion token from the verdict's step spans, in sum or min form."""
    if form not in FORMS:
        raise ValueError(f"process form must be one of {FORMS}, got {form!r}")
    placed = place_step_rewards(verdict, offsets, ok_reward=ok_reward, wrong_reward=wrong_reward)
    aggregate = returns_sum if form == "sum" else returns_min
    return aggregate(placed, len(offsets))
