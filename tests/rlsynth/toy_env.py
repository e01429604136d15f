"""A tiny arithmetic env for testing rlsynth's machinery without any real env family.

`toy_arith` asks for a sum/difference of `level + 1` numbers modulo a knob, with one trace step per
operation. It keeps the whole env contract, so the contract suite, the mixture, the verifier pool,
the adapters and the CLI can be tested on it. Importing this module registers it.
"""
from __future__ import annotations

import os
import random
import re
import time
from collections.abc import Mapping
from typing import Any

from rlsynth import Env, Knob, Problem, StepVerdict, Task, Verdict, extract_answer, register

STEP_RE = re.compile(r"^s(\d+) = .* = (-?\d+)\.$", re.MULTILINE)
INTEGER_RE = re.compile(r"-?\d{1,9}")


@register
class ToyArith(Env):
    name = "toy_arith"
    description = "Toy: add and subtract a few numbers modulo m (for rlsynth's own tests)"
    version = "1"
    max_level = 4
    knobs = {
        "modulus": Knob(int, 23, "answers are taken modulo this number", low=5, high=97),
        "style": Knob(str, "symbols", "write operators as symbols or words",
                      choices=("symbols", "words")),
    }
    presets = {"easy": {"level": 1}, "hard": {"level": 4, "modulus": 97}}

    def generate(self, rng: random.Random, level: int, knobs: Mapping[str, Any]) -> Problem:
        m = knobs["modulus"]
        terms = [rng.randrange(m) for _ in range(level + 1)]
        ops = [rng.choice("+-") for _ in range(level)]
        value = terms[0]
        for op, term in zip(ops, terms[1:]):
            value = (value + term if op == "+" else value - term) % m
        words = {"+": "plus", "-": "minus"} if knobs["style"] == "words" else {"+": "+", "-": "-"}
        expr = " ".join([str(terms[0])] + [f"{words[o]} {t}" for o, t in zip(ops, terms[1:])])
        prompt = (f"Compute {expr} modulo {m}. Write one step per line as `sK = a op b = c.` "
                  f"and the result as <answer>n</answer>.")
        return Problem(prompt, value, {"difficulty": level, "terms": terms, "ops": ops})

    def partials(self, task: Task) -> list[int]:
        m, terms, ops = task.knobs["modulus"], task.meta["terms"], task.meta["ops"]
        values, value = [], terms[0]
        for op, term in zip(ops, terms[1:]):
            value = (value + term if op == "+" else value - term) % m
            values.append(value)
        return values

    def expert(self, task: Task) -> str:
        lines, prev = [], task.meta["terms"][0]
        for k, (op, term, value) in enumerate(zip(task.meta["ops"], task.meta["terms"][1:],
                                                  self.partials(task)), 1):
            lines.append(f"s{k} = {prev} {op} {term} = {value}.")
            prev = value
        return "\n".join(lines) + f"\n<answer>{task.answer}</answer>"

    def verify(self, task: Task, completion: str) -> Verdict:
        answer = extract_answer(completion)
        if answer is None:
            return Verdict.failure("no <answer>...</answer> block")
        if not INTEGER_RE.fullmatch(answer):
            return Verdict.failure(f"answer {answer[:40]!r} is not an integer")
        found = {int(m.group(1)): m for m in STEP_RE.finditer(completion)}
        steps = []
        for k, value in enumerate(self.partials(task), 1):
            match = found.get(k)
            if match is None:
                steps.append(StepVerdict((0, 0), False, f"step s{k} missing"))
            else:
                ok = int(match.group(2)) == value
                steps.append(StepVerdict(match.span(), ok, "" if ok else f"s{k} should be {value}"))
        correct = int(answer) == task.answer
        return Verdict(correct=correct, score=float(correct), format_ok=True, steps=tuple(steps),
                       error=None if correct else f"answer {answer} is wrong")

    def vocab(self) -> list[str]:
        return [str(i) for i in range(100)] + ["+", "-", "=", "plus", "minus", "modulo", "s"]


@register
class ToyMisbehaving(ToyArith):
    """toy_arith whose verifier misbehaves on request: it raises on a completion containing
    "RAISE", sleeps forever on "HANG" and kills its process on "CRASH" (for the verifier pool)."""

    name = "toy_arith/misbehaving"
    description = "Toy: toy_arith whose verifier raises, hangs or crashes on request"

    def verify(self, task: Task, completion: str) -> Verdict:
        if "RAISE" in completion:
            raise RuntimeError("asked to raise")
        if "HANG" in completion:
            while True:
                time.sleep(1)
        if "CRASH" in completion:
            os._exit(3)
        return super().verify(task, completion)
