"""What the three directions share: the rules each prompt states, running a program in either
language under limits, reading programs and answers out of completions, and comparing outputs."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rlsynth.envs.esolang import befunge, brainfuck
from rlsynth.envs.esolang.result import Result

TITLE = {"brainfuck": "Brainf*ck", "befunge": "Befunge-93"}


def rules(language: str, knobs: Mapping[str, Any]) -> str:
    """The language's rules as prompts state them, with the limits in `knobs`: `max_steps`, and
    for Brainf*ck `tape_size` and `eof` (the interpreter's defaults where absent)."""
    if language == "brainfuck":
        return brainfuck_rules(knobs.get("tape_size", brainfuck.Limits().tape_size),
                               knobs.get("eof", "unchanged"), knobs["max_steps"])
    return befunge_rules(knobs["max_steps"])


def brainfuck_rules(tape_size: int, eof: str, max_steps: int) -> str:
    eof_rule = ("leaves the cell unchanged" if eof == "unchanged" else "sets the cell to 0")
    return (
        "Brainf*ck rules: the machine has a tape of "
        f"{tape_size} cells, each holding a byte 0..255 that wraps around (255 + 1 = 0, "
        "0 - 1 = 255), all starting at 0, and a pointer at cell 0. Commands: `>` pointer right, "
        "`<` pointer left (leaving the tape is an error), `+` increment the cell, `-` decrement "
        "it, `.` output the cell as a byte, `,` read one input byte into the cell (at the end of "
        f"the input `,` {eof_rule}), `[` jump past the matching `]` if the cell is 0, `]` jump "
        "back to just after the matching `[` if the cell is not 0. Every other character is a "
        f"comment. A program may have at most {brainfuck.Limits().max_program} characters and "
        f"loops nested at most {brainfuck.MAX_NESTING} deep; a run may execute at most "
        f"{max_steps} commands.")


def befunge_rules(max_steps: int) -> str:
    return (
        "Befunge-93 rules: the program is a grid of 80 columns by 25 rows that wraps around at "
        "the edges; the program counter starts at the top-left cell moving right and runs one "
        "cell per step. A stack holds integers; popping an empty stack gives 0. "
        "`0`-`9` push the digit; `+ - * / %` pop b, then a, and push a+b, a-b, a*b, a/b, a%b "
        "(truncated; 0 when b is 0); `!` pushes 1 if the popped value is 0, else 0; "
        "`` ` `` pops b, a and pushes 1 if a > b, else 0; `> < ^ v` set the direction; `?` "
        "picks a random one; `_` pops a value and moves right if it is 0, else left; `|` moves "
        "down if 0, else up; "
        '`"` toggles string mode, in which each cell pushes its character code; `:` duplicates '
        "the top; `\\` swaps the top two; `$` pops and discards; `.` pops and prints an integer "
        "followed by a space; `,` pops and prints the character with that code; `#` skips the "
        "next cell; `p` pops y, x, v and stores v at (x, y); `g` pops y, x and pushes the code "
        "at (x, y); `&` reads the next integer of the input (-1 at the end); `~` reads one "
        "character and pushes its code (-1 at the end); `@` ends the program; a space does "
        "nothing. Any other character is an error when executed. A run may execute at most "
        f"{max_steps} steps.")


def run_program(language: str, program: str, data: str, knobs: dict) -> Result:
    """Run a program of `language` on input text `data` under the limits in `knobs`."""
    if language == "brainfuck":
        limits = brainfuck.Limits(max_steps=knobs["max_steps"], tape_size=knobs["tape_size"],
                                  max_seconds=1.0)
        result = brainfuck.run(program, data.encode("latin-1", "replace"), limits, knobs["eof"])
        return Result(result.status, result.output.decode("latin-1"), result.steps)
    if "@" not in program and "p" not in program:  # nothing ends it, nothing can write an `@`
        return Result("never ends: the program has no `@`", "", 0)
    limits = befunge.Limits(max_steps=knobs["max_steps"], max_seconds=1.0)
    return befunge.run(program, data, limits)[0]


def same_output(got: str, want: str) -> bool:
    """Outputs match up to trailing whitespace (Befunge's `.` prints a space after a number)."""
    return got.rstrip() == want.rstrip()


def last_block(text: str, opening: str, closing: str) -> tuple[int, int] | None:
    """The [start, end) span of the content of the last `opening ... closing` block, found in
    linear time (a lazy regex is quadratic on a megabyte of opening tags)."""
    end = text.rfind(closing)
    if end < 0:
        return None
    start = text.rfind(opening, 0, end)
    if start < 0:
        return None
    return start + len(opening), end


def extract_program(completion: str) -> str | None:
    """The program in the last `<answer>` block, else in the last fenced code block.

    Only blank lines around it are dropped: leading spaces are part of a Befunge program.
    """
    span = last_block(completion, "<answer>", "</answer>")
    if span is None:
        span = last_block(completion, "```", "```")
        if span is not None:  # drop the fence's info string (```bf)
            newline = completion.find("\n", span[0], span[1])
            span = None if newline < 0 else (newline + 1, span[1])
    if span is None:
        return None
    lines = completion[span[0]:span[1]].split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(line.rstrip() for line in lines) if lines else None
