"""The bundled held-out set: competition-style statements (miniF2F-like) in Coq's standard library.

heldout.json holds 48 problems written for this project (algebra, inequalities, number theory,
induction), each with a level (1-5), a scope preamble and a reference proof that
tests/envs/prover checks with Coq. They are for evaluation: sample them with `source="heldout"`.
"""
from __future__ import annotations

import functools
import json
from importlib import resources

FIELDS = ("name", "topic", "level", "preamble", "statement", "proof")


@functools.lru_cache(maxsize=1)
def heldout_problems() -> tuple[dict, ...]:
    """All problems, each a dict with FIELDS."""
    text = resources.files(__package__).joinpath("heldout.json").read_text()
    problems = tuple(json.loads(text))
    for problem in problems:
        missing = [f for f in FIELDS if f not in problem]
        if missing:
            raise ValueError(f"heldout.json problem {problem.get('name')!r} lacks {missing}")
    return problems


def problems_at(level: int) -> list[dict]:
    """The problems of one level (every level 1-5 has some)."""
    return [p for p in heldout_problems() if p["level"] == level]
