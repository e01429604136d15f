"""Predict tasks: given a program and an input, state the program's output exactly.

Brainf*ck outputs are bytes, so the answer lists them as decimal numbers ("72 105"); Befunge-93
outputs are text (numbers printed by `.` are followed by a space; whitespace runs and the ends
are not significant). Levels 1..6 grow the program, its loops and its step budget.
"""
from __future__ import annotations

import random
import re
from abc import abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar

from rlsynth import Problem, Task, Verdict, register
from rlsynth.envs.esolang import befunge, brainfuck
from rlsynth.envs.esolang.language import TITLE, last_block, rules
from rlsynth.envs.esolang.programs import ReadEnv, draw_program, record, step_budget

BYTES_RE = re.compile(r"\d{1,3}")


class PredictEnv(ReadEnv):
    """Shared logic of the two languages' predict envs; subclasses fix `language`."""

    answer_format: ClassVar[str]

    def generate(self, rng: random.Random, level: int, knobs: Mapping[str, Any]) -> Problem:
        drawn = draw_program(rng, self.language, level, knobs["source"])
        # The expert's execution trace: the state at up to 8 evenly spaced steps.
        count = min(8, drawn.steps - 1)
        at = sorted({round(i * drawn.steps / (count + 1)) for i in range(1, count + 1)})
        budget = step_budget(self.language, level)
        result, states = record(self.language, drawn.program, drawn.data, budget, at)
        prompt = "\n\n".join([
            f"What does this {TITLE[self.language]} program output?",
            rules(self.language, {"max_steps": budget}),
            drawn.as_prompt(),
            self.answer_format,
        ])
        meta = {"origin": drawn.origin, "program": drawn.program, "input": drawn.data,
                "steps": result.steps, "program_length": len(drawn.program),
                "trace": [self.trace_line(s) for s in states],
                "difficulty": level + min(0.9, result.steps / budget)}
        return Problem(prompt, self.written(result.output), meta)

    def verify(self, task: Task, completion: str) -> Verdict:
        span = last_block(completion, "<answer>", "</answer>")
        if span is None:
            return Verdict.failure("no <answer></answer> block")
        given = self.normalize(completion[span[0]:span[1]])
        if given is None:
            return Verdict.failure(f"unreadable answer; {self.answer_format}")
        if given != task.answer:
            return Verdict.failure(f"wrong output: expected {task.answer!r}, got {given!r}",
                                   format_ok=True)
        return Verdict(correct=True, score=1.0, format_ok=True)

    def expert(self, task: Task) -> str:
        """The run, sampled at a few steps (state and output so far), then the answer."""
        return "\n".join([*task.meta["trace"], f"<answer>{task.answer}</answer>"])

    @abstractmethod
    def written(self, output: str | bytes) -> str:
        """A run's output written as answers are (the reference answer)."""

    @abstractmethod
    def trace_line(self, state: Any) -> str:
        """A recorded machine state and the output so far, as the expert's trace writes it."""

    @staticmethod
    @abstractmethod
    def normalize(text: str) -> str | None:
        """An answer's text in the reference's form, or None if unreadable."""

    def vocab(self) -> list[str]:
        rng = random.Random(0)
        words: set[str] = set()
        for level in self.levels:
            for index in range(4):
                problem = self.generate(rng, level, {"source": None})
                words.update(problem.prompt.split())
        return sorted(words | set("0123456789 "))


@register
class BrainfuckPredict(PredictEnv):
    name = "esolang/bf-predict"
    description = "Predict the output bytes of a Brainf*ck program on an input"
    language = "brainfuck"
    answer_format = ("Answer with the output bytes as decimal numbers separated by spaces, "
                     "inside <answer></answer> tags, e.g. <answer>72 105</answer>.")

    def written(self, output: bytes) -> str:
        return " ".join(map(str, output))

    def trace_line(self, state: brainfuck.State) -> str:
        return f"{state.line()} output=[{self.written(state.output)}]"

    @staticmethod
    def normalize(text: str) -> str | None:
        tokens = re.split(r"[\s,]+", text.strip().strip("[]"))
        if not tokens or not all(BYTES_RE.fullmatch(t) and int(t) < 256 for t in tokens):
            return None
        return " ".join(str(int(t)) for t in tokens)


@register
class BefungePredict(PredictEnv):
    name = "esolang/befunge-predict"
    description = "Predict the printed output of a Befunge-93 program on an input"
    language = "befunge"
    answer_format = ("Answer with the exact printed text inside <answer></answer> tags, e.g. "
                     "<answer>3 14 hello</answer>.")

    def written(self, output: str) -> str:
        return " ".join(output.split())

    def trace_line(self, state: befunge.State) -> str:
        return f"{state.line()} output={state.output!r}"

    @staticmethod
    def normalize(text: str) -> str | None:
        return " ".join(text.split()) or None
