"""A sandboxed Befunge-93 interpreter that can record the machine state along the way.

Semantics (stated in every prompt): an 80x25 torus of cells, the program counter starts at the top
left moving right; a stack of integers where popping an empty stack gives 0; `"` toggles string
mode (each cell's character code is pushed); `&` reads the next integer of the input (-1 at the
end), `~` reads one character (-1 at the end); `.` prints an integer followed by a space, `,` a
character; `p`/`g` write and read cells (outside the grid: `g` gives 0, `p` does nothing); `?`
picks a direction from a seeded generator, so runs are deterministic. Our choices where the
specification is silent: values are 32-bit signed (they wrap), `/` and `%` truncate toward zero
and give 0 on division by zero, and executing a character that is not an instruction is an error.

Every executed cell (spaces and string-mode characters included) is one step; `#` is one step
and the cell it jumps over costs nothing.
"""
from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass

from rlsynth.envs.esolang.result import Result

WIDTH, HEIGHT = 80, 25
DIRECTIONS = {">": (1, 0), "<": (-1, 0), "^": (0, -1), "v": (0, 1)}
ARROW = {delta: arrow for arrow, delta in DIRECTIONS.items()}
INSTRUCTIONS = frozenset('0123456789+-*/%!`><^v?_|":\\$.,#pg&~@ ')
NUMBER_RE = re.compile(r"-?\d+")


@dataclass(frozen=True)
class Limits:
    """Bounds on one run; hitting one ends the run with a clean status."""

    max_steps: int = 200_000
    max_output: int = 4096
    max_stack: int = 10_000
    max_seconds: float = 2.0


@dataclass(frozen=True)
class State:
    """The machine after `step` steps: the cell about to execute, direction, stack (bottom
    first), whether string mode is on, and the output so far."""

    step: int
    x: int
    y: int
    direction: str
    stack: tuple[int, ...]
    string_mode: bool
    output: str = ""

    def line(self) -> str:
        """The state as trace tasks write it."""
        return (f"step {self.step}: x={self.x} y={self.y} dir={self.direction} "
                f"stack=[{' '.join(map(str, self.stack))}] "
                f"string={'on' if self.string_mode else 'off'}")


def load(program: str) -> list[list[int]] | str:
    """The 80x25 grid of character codes, or the reason the program does not fit."""
    lines = program.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) > HEIGHT:
        return f"program has {len(lines)} lines; Befunge-93 allows {HEIGHT}"
    grid = [[32] * WIDTH for _ in range(HEIGHT)]
    for y, line in enumerate(lines):
        line = line.rstrip("\r")
        if len(line) > WIDTH:
            return f"line {y + 1} has {len(line)} characters; Befunge-93 allows {WIDTH}"
        for x, ch in enumerate(line):
            grid[y][x] = ord(ch)
    return grid


def _wrap32(v: int) -> int:
    return (v + 2**31) % 2**32 - 2**31


def run(program: str, data: str = "", limits: Limits = Limits(), seed: int = 0,
        at: list[int] | None = None) -> tuple[Result, list[State]]:
    """Run `program` on input text `data` within `limits`, recording the state after each step
    count in `at`. Never raises on any program string."""
    grid = load(program)
    if isinstance(grid, str):
        return Result(f"invalid program: {grid}", "", 0), []
    wanted = sorted(set(at or []))
    rng = random.Random(seed)
    stack: list[int] = []
    states: list[State] = []
    out: list[str] = []
    out_len = 0
    x = y = steps = pos = 0
    dx, dy = 1, 0
    string_mode = False
    deadline = time.perf_counter() + limits.max_seconds
    status = "ok"

    def pop() -> int:
        return stack.pop() if stack else 0

    while True:
        if steps >= limits.max_steps:
            status = "timeout: step limit reached"
            break
        if not steps & 4095 and time.perf_counter() > deadline:
            status = "timeout: wall-clock limit reached"
            break
        op = grid[y][x]
        ch = chr(op) if 0 <= op < 0x110000 else "\0"
        if string_mode and ch != '"':
            stack.append(op)
        elif ch == "@":
            steps += 1
            break
        elif ch not in INSTRUCTIONS:
            status = f"invalid instruction {ch!r} at x={x}, y={y}"
            break
        elif ch in DIRECTIONS:
            dx, dy = DIRECTIONS[ch]
        elif ch.isdigit():
            stack.append(op - 48)
        elif ch in "+-*/%`":
            b, a = pop(), pop()
            if ch == "+":
                stack.append(_wrap32(a + b))
            elif ch == "-":
                stack.append(_wrap32(a - b))
            elif ch == "*":
                stack.append(_wrap32(a * b))
            elif ch == "/":
                stack.append(_wrap32(int(a / b)) if b else 0)
            elif ch == "%":
                stack.append(_wrap32(a - b * int(a / b)) if b else 0)
            else:
                stack.append(1 if a > b else 0)
        elif ch == "!":
            stack.append(0 if pop() else 1)
        elif ch == "?":
            dx, dy = rng.choice(list(DIRECTIONS.values()))
        elif ch == "_":
            dx, dy = (-1, 0) if pop() else (1, 0)
        elif ch == "|":
            dx, dy = (0, -1) if pop() else (0, 1)
        elif ch == '"':
            string_mode = not string_mode
        elif ch == ":":
            v = pop()
            stack += [v, v]
        elif ch == "\\":
            b, a = pop(), pop()
            stack += [b, a]
        elif ch == "$":
            pop()
        elif ch in ".,":
            v = pop()
            text = f"{v} " if ch == "." else chr(v % 256)
            out.append(text)
            out_len += len(text)
            if out_len > limits.max_output:
                status = "output limit reached"
                break
        elif ch == "#":
            x, y = (x + dx) % WIDTH, (y + dy) % HEIGHT
        elif ch == "p":
            py, px, v = pop(), pop(), pop()
            if 0 <= px < WIDTH and 0 <= py < HEIGHT:
                grid[py][px] = v
        elif ch == "g":
            gy, gx = pop(), pop()
            stack.append(grid[gy][gx] if 0 <= gx < WIDTH and 0 <= gy < HEIGHT else 0)
        elif ch == "&":
            found = NUMBER_RE.search(data, pos)
            if found:
                stack.append(_wrap32(int(found.group())))
                pos = found.end()
            else:
                stack.append(-1)
                pos = len(data)
        elif ch == "~":
            stack.append(ord(data[pos]) if pos < len(data) else -1)
            pos = min(pos + 1, len(data))
        if len(stack) > limits.max_stack:
            status = "stack overflow: stack limit reached"
            break
        x, y = (x + dx) % WIDTH, (y + dy) % HEIGHT
        steps += 1
        if wanted and wanted[0] == steps:
            wanted.pop(0)
            states.append(State(steps, x, y, ARROW[dx, dy], tuple(stack), string_mode,
                                "".join(out)))
    text = "".join(out)
    return Result(status, text[:limits.max_output], steps), states

