"""Programs to read, for the predict and trace directions: random well-formed programs that halt
within the limits, and reference programs of the write specs.

`draw_program(rng, language, level, source)` returns a `Drawn` program with its input; random
programs are drawn until one halts cleanly with some output (rejection sampling, bounded).
`ReadEnv` is the base of the predict and trace envs, which read such programs.
"""
from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass
from typing import ClassVar

from rlsynth import Env, Knob
from rlsynth.envs.esolang import befunge, brainfuck
from rlsynth.envs.esolang.result import Result
from rlsynth.envs.esolang.specs import SPECS, loop_program, push

SOURCES = ("random", "reference")
# Write specs whose reference programs are short enough to read and simulate by hand.
READABLE_SPECS = {
    "brainfuck": ("print_string", "repeat_char", "shift_chars", "reverse"),
    "befunge": tuple(SPECS),
}
MAX_TRIES = 200


@dataclass(frozen=True)
class Drawn:
    program: str
    data: str
    origin: str  # "random" or the reference spec's name
    steps: int = 0  # steps the run takes (set once it has run)

    def as_prompt(self) -> str:
        """The program and its input as the prompts show them."""
        empty = " (empty)" if not self.data else ""
        return f"Program:\n{self.program}\n\nInput: {self.data!r}{empty}"


class ReadEnv(Env):
    """What the predict and trace envs share: levels 1..6 of drawn programs and the `source`
    knob; subclasses fix `language`."""

    language: ClassVar[str]
    version = "1"
    max_level = 6
    default_level = 1
    generation_time_bound = 1.0
    max_answer_share = 0.3
    presets = {"easy": {"level": 1}, "medium": {"level": 3}, "hard": {"level": 6}}
    knobs = {
        "source": Knob(str, None, "program source: random well-formed programs or reference "
                       "programs of the write specs (None: either)", choices=SOURCES),
    }


def step_budget(language: str, level: int, min_steps: int = 0) -> int:
    """The step limit that programs drawn at `level` (running at least `min_steps`) run within."""
    base = 60 * level * level if language == "brainfuck" else 40 * level * level + 200
    return max(base, 2 * min_steps)


def draw_program(rng: random.Random, language: str, level: int, source: str | None,
                 min_steps: int = 1) -> Drawn:
    """A program that halts within the level's step budget after at least `min_steps` steps,
    printing 1..16 bytes. `source` None mixes random and reference programs."""
    source = source or rng.choice(SOURCES)
    for _ in range(MAX_TRIES):
        drawn = (_random_program(rng, language, level) if source == "random"
                 else _reference_program(rng, language, level))
        run, _ = record(language, drawn.program, drawn.data,
                        step_budget(language, level, min_steps))
        output = run.output
        # A random program that prints only zeros makes "0" a cheap guess; reject those.
        if isinstance(output, bytes):
            printed = any(output) or drawn.origin != "random"
        else:
            printed = output.split() and (set(output.split()) != {"0"} or drawn.origin != "random")
        if run.ok and printed and len(output) <= 16 and run.steps >= min_steps:
            return dataclasses.replace(drawn, steps=run.steps)
    # Reached only if the generator drifts; a counting loop keeps generation total.
    if language == "befunge":
        fallback = Drawn(loop_program(push(min_steps), ":", "1-", "$7."), "", "fallback")
    else:
        fallback = Drawn("+" * max(33, min_steps) + ".", "", "fallback")
    run, _ = record(language, fallback.program, fallback.data, 10 * min_steps + 100)
    return dataclasses.replace(fallback, steps=run.steps)


def record(language: str, program: str, data: str, max_steps: int,
           at: list[int] | None = None) -> tuple[Result, list]:
    """Run `program` one step at a time within `max_steps`, recording the machine states
    (`brainfuck.State` or `befunge.State`) after the step counts in `at`."""
    if language == "brainfuck":
        return brainfuck.trace(program, data.encode(), at=at,
                               limits=brainfuck.Limits(max_steps=max_steps))
    return befunge.run(program, data, befunge.Limits(max_steps=max_steps), at=at)


def _reference_program(rng: random.Random, language: str, level: int) -> Drawn:
    spec = SPECS[rng.choice(READABLE_SPECS[language])]
    size = int(level > 3)
    params = spec.draw_params(rng, size)
    if spec.name == "print_string":  # keep it short enough to simulate
        params = {"text": params["text"][:2 + level]}
    if spec.name == "repeat_char":
        params = {**params, "count": min(params["count"], 2 + level)}
    data = spec.draw_input(rng, params, size)[:2 + level]
    program = spec.brainfuck(params) if language == "brainfuck" else spec.befunge(params)
    return Drawn(program, data, spec.name)


def _random_program(rng: random.Random, language: str, level: int) -> Drawn:
    data = "".join(rng.choice("abcxyz019") for _ in range(rng.randint(0, level)))
    if language == "brainfuck":
        return Drawn(_random_brainfuck(rng, 6 + 6 * level, min(3, (level + 1) // 2)), data,
                     "random")
    return Drawn(_random_befunge(rng, level), data, "random")


def _random_brainfuck(rng: random.Random, length: int, depth: int) -> str:
    """Random commands with loops whose bodies return the pointer and decrement the loop's cell
    (so most loops end), at most `depth` deep."""
    parts: list[str] = []
    size = 0
    while size < length:
        r = rng.random()
        if depth and r < 0.2:
            body = _random_brainfuck(rng, max(2, length // 3), depth - 1)
            drift = body.count(">") - body.count("<")
            body += ("<" * drift if drift > 0 else ">" * -drift) + "-"
            part = "[" + body + "]"
        elif r < 0.55:
            part = rng.choice("+-") * rng.randint(1, 6)
        elif r < 0.75:
            part = rng.choice("<>") * rng.randint(1, 2)
        elif r < 0.9:
            part = "."
        else:
            part = ","
        parts.append(part)
        size += len(part)
    return "".join(parts)


# Befunge pieces that leave the stack as they found it (the loop counter stays on top).
_NEUTRAL = (":.", ":{d}+.", ":{d}*.", ":{d}%.", "{d}.", ":{d}`.", "{d}{e}-.")


def _random_befunge(rng: random.Random, level: int) -> str:
    """Straight-line code on one row (levels 1-2), folded onto two rows (3-4), or a counted loop
    whose body prints (5-6)."""
    if level >= 5:
        def piece() -> str:
            return rng.choice(_NEUTRAL).format(d=rng.randint(1, 9), e=rng.randint(1, 9))
        body = "".join(piece() for _ in range(rng.randint(1, 2))) + "1-"
        prefix = push(rng.randint(0, 20)) + push(rng.randint(2, level))
        return loop_program(prefix, ":", body, "$" + piece())
    ops = []
    for _ in range(3 + 3 * level):
        r = rng.random()
        if r < 0.4:
            ops.append(str(rng.randint(0, 9)))
        elif r < 0.7:
            ops.append(rng.choice("+-*/%`"))
        elif r < 0.85:
            ops.append(rng.choice(":\\$!"))
        else:
            ops.append(".")
    ops.append(".")
    code = "".join(ops)
    if level <= 2:
        return code + "@"
    cut = len(code) // 2
    first, second = code[:cut], code[cut:]
    turn = max(len(first), len(second) + 1)  # the column where the row turns down and back
    return first.ljust(turn) + "v\n" + ("@" + second[::-1] + "<").rjust(turn + 1)
