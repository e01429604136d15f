"""Small envs for the trainer tests: a digit-sum chain with a step grammar (learnable by a tiny
model in seconds), an env whose verifier raises, and one whose verifier hangs on request."""
from __future__ import annotations

import re
import time

from rlsynth import Env, Knob, Problem, StepVerdict, Verdict, extract_answer, register

STEP = re.compile(r"(\d)\+(\d)=(\d)\.")


@register
class ToySum(Env):
    """Add `level + 1` digits modulo 10, one step per addition: `a+b=c.` then `<answer>c</answer>`."""

    name = "toy/sum"
    description = "digit sums mod 10, one step per addition"
    version = "1"
    max_level = 4
    knobs = {"digits": Knob(int, None, "how many digits to add", low=2, high=6)}
    max_answer_share = 0.5

    def level_knobs(self, level):
        return {"digits": level + 1}

    def generate(self, rng, level, knobs):
        digits = [rng.randrange(10) for _ in range(knobs["digits"])]
        total = sum(digits) % 10
        return Problem(prompt="+".join(map(str, digits)) + "=?", answer=str(total),
                       meta={"difficulty": len(digits), "digits": digits})

    def expert(self, task):
        digits, acc, steps = task.meta["digits"], task.meta["digits"][0], []
        for d in digits[1:]:
            steps.append(f"{acc}+{d}={(acc + d) % 10}.")
            acc = (acc + d) % 10
        return "".join(steps) + f"<answer>{acc}</answer>"

    def verify(self, task, completion):
        answer = extract_answer(completion)
        if answer is None:
            return Verdict.failure("no <answer> block")
        digits, acc, steps = task.meta["digits"], task.meta["digits"][0], []
        for match, d in zip(STEP.finditer(completion), digits[1:]):
            a, b, c = map(int, match.groups())
            ok = a == acc and b == d and c == (acc + d) % 10
            steps.append(StepVerdict(match.span(), ok, "" if ok else "wrong step"))
            acc = (acc + d) % 10
        correct = answer.strip() == task.answer
        return Verdict(correct=correct, score=float(correct), format_ok=True, steps=tuple(steps),
                       error=None if correct else "wrong answer")

    def vocab(self):
        return [str(d) for d in range(10)] + ["+", "=", ".", "?", "<answer>", "</answer>"]


@register
class ToyCrash(ToySum):
    """A buggy env: its verifier raises on every completion."""

    name = "toy/crash"

    def verify(self, task, completion):
        raise RuntimeError("verifier bug")


@register
class ToyHang(ToySum):
    """A verifier that never returns on completions containing '7'."""

    name = "toy/hang"

    def verify(self, task, completion):
        if "7" in completion:
            time.sleep(3600)
        return super().verify(task, completion)


@register
class ToyEcho(ToySum):
    """Partial credit a random model can earn: score = share of the prompt's digits that appear
    in the completion (correct when all do). Gives reward variance from step one."""

    name = "toy/echo"

    def verify(self, task, completion):
        digits = {str(d) for d in task.meta["digits"]}
        share = sum(d in completion for d in digits) / len(digits)
        return Verdict(correct=share == 1.0, score=share, format_ok=True)


@register
class ToySplit(ToySum):
    """Correct exactly when the first digit of the prompt is even, whatever the completion: AHPO's
    gate is then on for some prompt groups and off for others (tests on several ranks)."""

    name = "toy/split"

    def verify(self, task, completion):
        even = task.meta["digits"][0] % 2 == 0
        return Verdict(correct=even, score=float(even), format_ok=True)
