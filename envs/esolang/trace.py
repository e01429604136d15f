"""Trace tasks: state the machine after given numbers of steps, one line per state.

Each reported state is one step of the step grammar (process supervision): the verdict marks each
line right or wrong; the task is correct when every state is. Brainf*ck state: `pc` (index of the
next command), `ptr` and the cells up to the last non-zero one or the pointer. Befunge-93 state:
the cell about to execute (x, y), the direction, the stack (bottom first) and string mode.
Levels 1..6 ask for more states, further apart.
"""
from __future__ import annotations

import random
import re
from abc import abstractmethod
from collections.abc import Mapping
from typing import Any, ClassVar

from rlsynth import Knob, Problem, StepVerdict, Task, Verdict, register
from rlsynth.envs.esolang import befunge, brainfuck
from rlsynth.envs.esolang.language import TITLE, last_block, rules
from rlsynth.envs.esolang.programs import ReadEnv, draw_program, record, step_budget

LINE_RE = re.compile(r"step\s*(\d+)\s*:(.*)", re.IGNORECASE)
INT_RE = re.compile(r"-?\d+")


def field(text: str, name: str, pattern: str) -> str | None:
    found = re.search(rf"\b{name}\s*=\s*({pattern})", text)
    return found.group(1) if found else None


def ints(text: str | None) -> list[int] | None:
    return None if text is None else [int(v) for v in INT_RE.findall(text)]


class TraceEnv(ReadEnv):
    """Shared logic of the two languages' trace envs; subclasses fix `language` and the state
    format."""

    state_format: ClassVar[str]
    initial: ClassVar[str]  # the state before any step, as a trace line
    knobs = {
        **ReadEnv.knobs,
        "states": Knob(int, None, "states to report (None: the level decides)", low=1, high=10),
        "stride": Knob(int, None, "steps between reported states (None: the level decides)",
                       low=1, high=10),
    }

    def level_knobs(self, level: int) -> dict:
        return {"states": 2 + (level + 1) // 2, "stride": level}

    def generate(self, rng: random.Random, level: int, knobs: Mapping[str, Any]) -> Problem:
        count, stride = knobs["states"], knobs["stride"]
        drawn = draw_program(rng, self.language, level, knobs["source"],
                             min_steps=count * stride + 1)
        # Where the reported stretch begins: up to 4 * level steps in, while the program runs.
        start = rng.randint(0, max(0, min(4 * level, drawn.steps - 1 - count * stride)))
        at = [start + stride * (i + 1) for i in range(count)]
        budget = step_budget(self.language, level, count * stride + 1)
        _, states = record(self.language, drawn.program, drawn.data, budget, at)
        lines = [s.line() for s in states]
        prompt = "\n\n".join([
            f"Trace this {TITLE[self.language]} program.",
            rules(self.language, {"max_steps": budget}),
            drawn.as_prompt(),
            f"State format: {self.state_format} Before any step the state is:\n{self.initial}",
            f"Give the state after each of steps {', '.join(map(str, at))}: one line per "
            "state, all inside <answer></answer> tags.",
        ])
        meta = {"origin": drawn.origin, "program": drawn.program, "input": drawn.data,
                "at": at, "difficulty": level + min(0.9, at[-1] / 100)}
        return Problem(prompt, lines, meta)

    def verify(self, task: Task, completion: str) -> Verdict:
        span = last_block(completion, "<answer>", "</answer>")
        if span is None:
            return Verdict.failure("no <answer></answer> block")
        given: dict[int, tuple[tuple[int, int], str]] = {}
        offset = span[0]
        for line in completion[span[0]:span[1]].split("\n"):
            found = LINE_RE.search(line)
            if found and int(found.group(1)) not in given:
                given[int(found.group(1))] = ((offset, offset + len(line)), found.group(2))
            offset += len(line) + 1
        steps = []
        for want in task.answer:
            n = int(LINE_RE.match(want).group(1))
            if n not in given:
                steps.append(StepVerdict((span[1], span[1]), False, f"no line for step {n}"))
                continue
            line_span, text = given[n]
            expected = self.parse(LINE_RE.match(want).group(2))
            got = self.parse(text)
            reason = "" if got == expected else f"wrong state after step {n}: expected {want!r}"
            steps.append(StepVerdict(line_span, got == expected, reason))
        wrong = [s for s in steps if not s.ok]
        if not given:
            return Verdict(correct=False, score=0.0, format_ok=False, steps=tuple(steps),
                           error=f"no `step N: ...` lines; format: {self.state_format}")
        return Verdict(correct=not wrong, score=0.0 if wrong else 1.0, format_ok=True,
                       steps=tuple(steps), error=wrong[0].reason if wrong else None)

    def expert(self, task: Task) -> str:
        return "<answer>\n" + "\n".join(task.answer) + "\n</answer>"

    def vocab(self) -> list[str]:
        rng = random.Random(0)
        words: set[str] = set()
        for level in self.levels:
            problem = self.generate(rng, level, self.resolve_knobs(level, {}))
            words.update(problem.prompt.split())
            for line in problem.answer:
                words.update(line.split())
        return sorted(words | set("0123456789[]=:"))

    @abstractmethod
    def parse(self, text: str) -> tuple | None:
        """The comparable fields of a state line's text after `step N:` (None if unreadable)."""


@register
class BrainfuckTrace(TraceEnv):
    name = "esolang/bf-trace"
    description = "Trace a Brainf*ck program: the machine state after given numbers of steps"
    language = "brainfuck"
    state_format = ("`step N: pc=P ptr=Q cells=[c0 c1 ...]` where P is the index (from 0) of "
                    "the next command to execute, Q the pointer, and the cells are listed from "
                    "cell 0 up to the last non-zero cell or the pointer, whichever is further.")
    initial = brainfuck.State(0, 0, 0, (0,), b"").line()

    def parse(self, text: str) -> tuple | None:
        pc, ptr = ints(field(text, "pc", r"-?\d+")), ints(field(text, "ptr", r"-?\d+"))
        cells = ints(field(text, "cells", r"\[[^\]]*\]"))
        if pc is None or ptr is None or cells is None:
            return None
        while cells and cells[-1] == 0:  # trailing zero cells say nothing
            cells.pop()
        return pc[0], ptr[0], tuple(cells)


@register
class BefungeTrace(TraceEnv):
    name = "esolang/befunge-trace"
    description = "Trace a Befunge-93 program: the machine state after given numbers of steps"
    language = "befunge"
    state_format = ("`step N: x=X y=Y dir=D stack=[s0 s1 ...] string=on|off` where (X, Y) is "
                    "the cell about to execute (column, row, from 0), D one of > < ^ v, the "
                    "stack is listed bottom first, and string says whether string mode is on.")
    initial = befunge.State(0, 0, 0, ">", (), False).line()

    def parse(self, text: str) -> tuple | None:
        x, y = ints(field(text, "x", r"-?\d+")), ints(field(text, "y", r"-?\d+"))
        direction = field(text, "dir", r"[<>^v]")
        stack = ints(field(text, "stack", r"\[[^\]]*\]"))
        string_mode = field(text, "string", r"on|off")
        if None in (x, y, direction, stack, string_mode):
            return None
        return x[0], y[0], direction, tuple(stack), string_mode
