"""Sequence-level rewards read straight off a verdict."""
from __future__ import annotations

from rlsynth.env import Verdict


def outcome_reward(verdict: Verdict) -> float:
    """The env's outcome score in [0, 1] (1 for a verified answer; partial only where the env
    documents it)."""
    return float(verdict.score)


def format_reward(verdict: Verdict) -> float:
    """1 when the completion followed the env's answer format (whether or not it was right)."""
    return 1.0 if verdict.format_ok else 0.0
