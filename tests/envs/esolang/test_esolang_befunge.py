"""The Befunge-93 interpreter: against a small independent stepper on small programs, the
documented semantics, and every limit returning a clean status within its bound."""
from __future__ import annotations

import ctypes
import random
import time

import pytest

from rlsynth.envs.esolang import befunge as bg

SAFE_OPS = "0123456789+-*:\\$.!`_|<>^v# "


# The reference's own tables: what each stack instruction pops (the first value popped is the
# last argument) and what it pushes, and where each conditional turns on zero and on non-zero.
STACK_OPS = {
    "+": (2, lambda a, b: [a + b]),
    "-": (2, lambda a, b: [a - b]),
    "*": (2, lambda a, b: [a * b]),
    "`": (2, lambda a, b: [int(a > b)]),
    "!": (1, lambda a: [int(a == 0)]),
    ":": (1, lambda a: [a, a]),
    "\\": (2, lambda a, b: [b, a]),
    "$": (1, lambda a: []),
}
HEADINGS = {">": (1, 0), "<": (-1, 0), "^": (0, -1), "v": (0, 1)}
TURNS = {"_": (">", "<"), "|": ("v", "^")}


def reference_run(program: str, max_steps: int) -> tuple[str, str, int, list[tuple[int, ...]]]:
    """An independent stepper for programs without input, strings, `p`/`g` or `?`: status,
    output, steps, and the stack after each step but a final `@`."""
    grid = {(x, y): ch for y, row in enumerate(program.split("\n")) for x, ch in enumerate(row)}
    x = y = 0
    dx, dy = 1, 0
    stack: list[int] = []
    out: list[str] = []
    stacks: list[tuple[int, ...]] = []

    def pop() -> int:
        return stack.pop() if stack else 0

    for steps in range(1, max_steps + 1):
        ch = grid.get((x, y), " ")
        if ch == "@":
            return "ok", "".join(out), steps, stacks
        if ch in STACK_OPS:
            arity, op = STACK_OPS[ch]
            args = [pop() for _ in range(arity)][::-1]
            stack += [ctypes.c_int32(v).value for v in op(*args)]  # 32-bit cells
        elif ch.isdigit():
            stack.append(int(ch))
        elif ch == ".":
            out.append(f"{pop()} ")
        elif ch in HEADINGS:
            dx, dy = HEADINGS[ch]
        elif ch in TURNS:
            dx, dy = HEADINGS[TURNS[ch][1 if pop() else 0]]
        elif ch == "#":
            x, y = (x + dx) % 80, (y + dy) % 25
        x, y = (x + dx) % 80, (y + dy) % 25
        stacks.append(tuple(stack))
    return "timeout", "".join(out), max_steps, stacks


def test_matches_reference_stepper_on_small_programs() -> None:
    halted = 0
    for seed in range(300):
        rng = random.Random(seed)
        rows = ["".join(rng.choice(SAFE_OPS) for _ in range(rng.randint(1, 8)))
                for _ in range(rng.randint(1, 3))]
        col = rng.randrange(len(rows[0]) + 1)
        rows[0] = rows[0][:col] + "@" + rows[0][col:]  # many programs halt, some loop
        program = "\n".join(rows)
        kind, output, steps, stacks = reference_run(program, 300)
        result, states = bg.run(program, "", bg.Limits(max_steps=300, max_stack=10**6),
                                at=list(range(1, 301)))
        assert result.status.split(":")[0] == kind, program
        assert (result.output, result.steps) == (output, steps), program
        assert [state.stack for state in states] == stacks, program
        halted += kind == "ok"
    assert halted > 100


@pytest.mark.parametrize("program, data, output", [
    ('0"!dlroW olleH">:#,_@', "", "Hello World!"),
    ("&&+.@", " 12 abc -5", "7 "),
    ("~.~.~.@", "ab", "97 98 -1 "),
    ("&.&.@", "4", "4 -1 "),
    ("73/.73%.70/.@", "", "2 1 0 "),
    ("07-3/.07-3%.@", "", "-2 -1 "),  # truncation toward zero, like C
    ("99*:*:*:*.@", "", "-501334399 "),  # 9^16 wraps to 32 bits
    ("65*66p66g.@", "", "30 "),
    ("99g.99p@", "", "32 "),  # an untouched cell reads as a space
    ("1#2.@", "", "1 "),
])
def test_semantics(program: str, data: str, output: str) -> None:
    result, _ = bg.run(program, data)
    assert result.status == "ok" and result.output == output


def test_random_direction_is_seeded() -> None:
    program = "v\n>?1.@\n 2\n .\n @\n"
    outputs = {bg.run(program, seed=s)[0].output for s in range(30)}
    assert bg.run(program, seed=3) == bg.run(program, seed=3)
    assert len(outputs) > 1


def test_states_after_steps() -> None:
    _, states = bg.run('"ab"#.@', at=[1, 3, 5])
    assert states == [bg.State(1, 1, 0, ">", (), True), bg.State(3, 3, 0, ">", (97, 98), True),
                      bg.State(5, 6, 0, ">", (97, 98), False)]  # `#` jumped over the `.`
    assert states[1].line() == "step 3: x=3 y=0 dir=> stack=[97 98] string=on"


@pytest.mark.parametrize("program, status", [
    (">", "timeout: step limit reached"),
    ("1>:.", "output limit reached"),
    (">1", "stack overflow"),
    ("1x@", "invalid instruction 'x'"),
    ("@" * 81, "invalid program: line 1 has 81"),
    ("\n" * 25 + "@", "invalid program: program has 26 lines"),
])
def test_limits_end_runs_cleanly(program: str, status: str) -> None:
    limits = bg.Limits(max_steps=100_000, max_output=100, max_stack=1_000)
    start = time.perf_counter()
    result, _ = bg.run(program, limits=limits)
    assert time.perf_counter() - start < 2.0
    assert result.status.startswith(status)
    assert len(result.output) <= limits.max_output and result.steps <= limits.max_steps


def test_wall_clock_limit() -> None:
    start = time.perf_counter()
    result, _ = bg.run(">", limits=bg.Limits(max_steps=10**12, max_seconds=0.05))
    assert result.status == "timeout: wall-clock limit reached"
    assert time.perf_counter() - start < 0.5
