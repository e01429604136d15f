"""A sandboxed Brainf*ck interpreter that compiles programs to Python, plus a step-by-step tracer.

Semantics (stated in every prompt): a tape of `tape_size` 8-bit cells that wrap (255 + 1 = 0), the
pointer starts at cell 0 and moving it off either end is an error ("tape overrun"); `,` reads one
input byte, and at the end of input leaves the cell unchanged (`eof="unchanged"`) or sets it to 0
(`eof="zero"`); characters other than `+-<>[].,` are comments.

Steps count executed instructions: `[` once when the loop is reached, the body's instructions, and
`]` once per iteration; so `[-]` on a cell holding 3 costs 1 + 3 * 2 = 7 steps.

Speed: `run` folds runs of `+-` and `<>`, turns clear loops `[-]` and balanced move/multiply loops
(`[->+>++<<]`) into O(1) statements, stops at once in a loop that cannot end (`+[]`, `+[>+<]`),
and emits one Python function per program whose while-loops are the program's loops. Cells are
Python ints reduced mod 256 only where a value is observed (loop tests, output, loop counts),
which keeps each update one cheap statement. Steps are added once per straight-line block and
the limits are checked once per loop iteration, so the limits bound every run. When a limit or a
tape overrun stops a run, its output may differ from a step-by-step run's by the instructions of
one straight-line block (the step count is exact for runs that finish).
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from functools import lru_cache

from rlsynth.envs.esolang.result import Result

COMMENT_RE = re.compile(r"[^-+<>\[\].,]+")
TOKEN_RE = re.compile(r"[-+]+|[<>]+|[.,\[\]]")
EOF_MODES = ("unchanged", "zero")
# Python refuses more than 20 statically nested blocks; loops nested deeper than this are hoisted
# into their own functions.
MAX_INLINE_DEPTH = 15
# Deeper nesting is refused (the compiler recurses once per level; real programs stay far below).
MAX_NESTING = 100
# Steps between two checks of the wall clock.
CLOCK_EVERY = 1 << 18


@dataclass(frozen=True)
class Limits:
    """Bounds on one run; hitting one ends the run with a clean status."""

    max_steps: int = 5_000_000
    max_output: int = 4096
    tape_size: int = 30_000
    max_seconds: float = 2.0
    max_program: int = 20_000


class BfError(Exception):
    """A program that cannot run: unbalanced brackets or loops nested too deeply."""


class _Stop(Exception):
    """Raised inside a compiled run when a limit is hit; carries the status and step count."""

    def __init__(self, status: str, steps: int) -> None:
        super().__init__(status)
        self.status, self.steps = status, steps


def _overrun(steps: int) -> None:
    """Called by a compiled run whose pointer is about to leave the tape (a short call keeps the
    generated source, and so its compile time, small)."""
    raise _Stop("tape overrun: pointer left the tape", steps)


def clean(program: str) -> str:
    """The program's commands, comments removed."""
    return COMMENT_RE.sub("", program)


def match_brackets(code: str) -> list[int]:
    """`jump[i]` = index of the bracket matching `code[i]` (-1 elsewhere); BfError if unbalanced."""
    jump, open_at = [-1] * len(code), []
    for i, ch in enumerate(code):
        if ch == "[":
            open_at.append(i)
            if len(open_at) > MAX_NESTING:
                raise BfError(f"loops nested more than {MAX_NESTING} deep at command {i}")
        elif ch == "]":
            if not open_at:
                raise BfError(f"unbalanced ']' at command {i}: no '[' opens it")
            j = open_at.pop()
            jump[i], jump[j] = j, i
    if open_at:
        raise BfError(f"unbalanced '[' at command {open_at[-1]}: no ']' closes it")
    return jump


def run(program: str, data: bytes = b"", limits: Limits = Limits(),
        eof: str = "unchanged") -> Result:
    """Run `program` on input `data` within `limits`; never raises on any program string."""
    if len(program) > limits.max_program:
        return Result(f"program too long ({len(program)} > {limits.max_program} characters)",
                      b"", 0)
    try:
        compiled = compile_program(clean(program), limits.tape_size, limits.max_output, eof)
    except BfError as err:
        return Result(f"invalid program: {err}", b"", 0)
    except RecursionError:  # only when the caller's own stack is already deep
        return Result("invalid program: loops nested too deeply to compile here", b"", 0)
    tape, out = [0] * limits.tape_size, bytearray()
    deadline = time.perf_counter() + limits.max_seconds

    def check(steps: int, out_len: int) -> int:
        """Raise when a limit is hit; else the step count at which to check again."""
        if steps > limits.max_steps:
            raise _Stop("timeout: step limit reached", steps)
        if out_len > limits.max_output:
            raise _Stop("output limit reached", steps)
        if time.perf_counter() > deadline:
            raise _Stop("timeout: wall-clock limit reached", steps)
        return min(steps + CLOCK_EVERY, limits.max_steps)

    try:
        steps = compiled(tape, iter(data), out, check, min(CLOCK_EVERY, limits.max_steps))
    except _Stop as stop:
        return Result(stop.status, bytes(out[:limits.max_output]), stop.steps)
    except RecursionError:  # nesting hoisted into more calls than Python allows
        return Result("invalid program: loops nested too deeply", b"", 0)
    if steps > limits.max_steps:
        return Result("timeout: step limit reached", bytes(out[:limits.max_output]), steps)
    if len(out) > limits.max_output:
        return Result("output limit reached", bytes(out[:limits.max_output]), steps)
    return Result("ok", bytes(out), steps)


# --------------------------------------------------------------------------------------------
# The compiler: commands -> a tree of blocks -> Python source


@lru_cache(maxsize=256)
def compile_program(code: str, tape_size: int, max_output: int, eof: str):
    """A Python function `(tape, input_iter, out, check, next_check) -> steps` for `code`."""
    if eof not in EOF_MODES:
        raise BfError(f"eof mode {eof!r} unknown; use one of {EOF_MODES}")
    tree = _parse(code)
    emitter = _Emitter(tape_size, max_output, eof)
    emitter.function("_main", tree)
    namespace = {"_Stop": _Stop, "overrun": _overrun}
    exec(compile("\n".join(emitter.lines), "<brainfuck>", "exec"), namespace)
    return namespace["_main"]


def _parse(code: str) -> list:
    """Nested lists: a loop is a list of its items; other items are runs of `+-` or of `<>`, or
    single `.` and `,` commands."""
    match_brackets(code)  # raises on imbalance, with the position
    root: list = []
    stack = [root]
    for token in TOKEN_RE.findall(code):
        if token == "[":
            loop: list = []
            stack[-1].append(loop)
            stack.append(loop)
        elif token == "]":
            stack.pop()
        else:
            stack[-1].append(token)
    return root


def _moves(run: str, off: int) -> tuple[int, int, int]:
    """(end, lowest, highest) pointer offset of a run of `<>` that starts at `off`."""
    net = run.count(">") - run.count("<")
    if len(run) == abs(net):  # one direction: the usual case
        return off + net, min(off, off + net), max(off, off + net)
    lo = hi = end = off
    for ch in run:
        end += 1 if ch == ">" else -1
        lo, hi = min(lo, end), max(hi, end)
    return end, lo, hi


def _balanced_body(loop: list) -> dict[int, int] | None:
    """For a loop of only `+-<>` that returns to its start cell and changes that cell by +-1
    (a move/multiply loop) or not at all (an endless loop, once entered): the per-iteration
    change of each offset it visits. Otherwise None."""
    if any(isinstance(i, list) or i in ".," for i in loop):
        return None
    delta: dict[int, int] = {0: 0}
    off = 0
    for run in loop:
        if run[0] in "<>":
            off, lo, hi = _moves(run, off)
            for o in range(lo, hi + 1):  # visited: the tape bounds check must cover it
                delta.setdefault(o, 0)
        else:
            delta[off] += run.count("+") - run.count("-")
    if off != 0 or delta[0] % 256 not in (0, 1, 255):
        return None
    return delta


def _cell(offset: int) -> str:
    """The generated expression for the cell at `offset` from the pointer."""
    return "tape[p]" if offset == 0 else f"tape[p{offset:+d}]"


class _Emitter:
    """Writes Python source for a block tree, tracking a virtual pointer offset inside each
    straight-line block so that pointer moves cost nothing until a loop needs the real pointer."""

    def __init__(self, tape_size: int, max_output: int, eof: str) -> None:
        self.tape_size, self.max_output, self.eof = tape_size, max_output, eof
        self.lines: list[str] = []
        self.hoisted = 0
        self.memo: dict[int, tuple[dict | None, bool]] = {}  # id(loop) -> (delta, has output)

    def facts(self, loop: list) -> tuple[dict | None, bool]:
        """The loop's move/multiply deltas (None if not one) and whether it can output."""
        if id(loop) not in self.memo:
            output = any(self.facts(i)[1] if isinstance(i, list) else i == "." for i in loop)
            self.memo[id(loop)] = (_balanced_body(loop), output)
        return self.memo[id(loop)]

    def function(self, name: str, items: list, loop: bool = False) -> None:
        head = f"def {name}(tape, inp, out, check, chk, p=0, steps=0):"
        body: list[str] = []
        if loop:
            self._loop(items, body, 1, has_output=self.facts(items)[1])
            body.append("return p, steps, chk")
        else:
            self._items(items, body, 1, extra=0)
            body.append("return steps")
        self.lines += [head, *("    " + line for line in body)]

    def _items(self, items: list, emitted: list[str], depth: int, extra: int) -> None:
        """Emit `items`; `extra` steps (a closing `]`) are added with the last block."""
        block: list = []  # straight-line commands and inlinable loops
        for item in items:
            if isinstance(item, list) and self.facts(item)[0] is None:
                self._block(block, emitted, extra=1)  # the `[` is charged to the block before
                block = []
                if depth >= MAX_INLINE_DEPTH:
                    self.hoisted += 1
                    name = f"_loop{self.hoisted}"
                    self.function(name, item, loop=True)
                    emitted.append(
                        f"p, steps, chk = {name}(tape, inp, out, check, chk, p, steps)")
                else:
                    self._loop(item, emitted, depth, self.facts(item)[1])
            else:
                block.append(item)
        self._block(block, emitted, extra=extra)

    def _loop(self, items: list, emitted: list[str], depth: int, has_output: bool) -> None:
        emitted.append("while tape[p] & 255:")
        inner: list[str] = []
        self._items(items, inner, depth + 1, extra=1)
        limit = f"steps > chk or len(out) > {self.max_output}" if has_output else "steps > chk"
        inner.append(f"if {limit}: chk = check(steps, len(out))")
        emitted += ["    " + line for line in inner]

    def _block(self, block: list, emitted: list[str], extra: int) -> None:
        """A straight-line block: one bounds check, folded updates, one step update."""
        code: list[str] = []
        off, steps = 0, extra
        step_terms = []  # iterations of multiply loops times their cost per iteration
        pending: dict[int, int] = {}  # offset -> pending addition (folded `+-`)
        end = lo = hi = 0  # the pointer offsets the block visits: one bounds check covers all
        for item in block:
            if not isinstance(item, list) and item[0] in "<>":
                end, run_lo, run_hi = _moves(item, end)
                lo, hi = min(lo, run_lo), max(hi, run_hi)

        def flush(o: int) -> None:
            n = pending.pop(o, 0) % 256
            if n:
                code.append(f"{_cell(o)} += {n}")

        for item in block:
            if isinstance(item, list):  # a balanced move/multiply loop, run in O(1)
                for o in list(pending):
                    flush(o)
                v = f"v{len(step_terms)}"
                code += self._multiply(self.facts(item)[0], off, v, lo, hi)
                step_terms.append(f" + {v} * {sum(map(len, item)) + 1}")
                steps += 1
            elif item[0] in "<>":
                off = _moves(item, off)[0]
                steps += len(item)
            elif item[0] in "+-":
                pending[off] = pending.get(off, 0) + item.count("+") - item.count("-")
                steps += len(item)
            else:
                flush(off)
                if item == ".":
                    code.append(f"out.append({_cell(off)} & 255)")
                else:
                    default = _cell(off) if self.eof == "unchanged" else "0"
                    code.append(f"{_cell(off)} = next(inp, {default})")
                steps += 1
        for o in list(pending):
            flush(o)
        if lo < 0 or hi > 0:
            emitted.append(self._on_tape(lo, hi))
        emitted += code
        if off:
            emitted.append(f"p += {off}")
        if steps:
            emitted.append(f"steps += {steps}{''.join(step_terms)}")

    def _on_tape(self, lo: int, hi: int) -> str:
        """Stop the run unless the cells at offsets lo..hi from the pointer are on the tape."""
        return f"if not {-lo} <= p < {self.tape_size - hi}: overrun(steps)"

    def _endless(self, here: str, body_lo: int, body_hi: int, v: str) -> list[str]:
        """A loop that cannot end once entered: stop the run there, as the step limit would
        (unless its first pass leaves the tape, which a real run reports first)."""
        return [f"{v} = 0", f"if {here} & 255:", "    " + self._on_tape(body_lo, body_hi),
                "    raise _Stop('timeout: step limit reached (endless loop)', steps)"]

    def _multiply(self, delta: dict[int, int], base: int, v: str, lo: int, hi: int) -> list[str]:
        """`[->+>++<<]` at offset `base`: `v` = iterations (from the counter cell), and each
        other cell gains v * its delta. Runs unconditionally (v = 0 changes nothing) unless the
        body reaches past the block's checked range [lo, hi], which matters only if it runs."""
        here = _cell(base)
        if delta[0] % 256 == 0:  # the counter never changes: entered, the loop never ends
            return self._endless(here, base + min(delta), base + max(delta), v)
        lines = [f"{v} = {here} & 255" if delta[0] % 256 == 255 else f"{v} = -{here} & 255"]
        body = []
        for o, d in sorted(delta.items()):
            if o and d % 256:
                body.append(f"{_cell(base + o)} += {v}{'' if d % 256 == 1 else f' * {d % 256}'}")
        body.append(f"{here} = 0")
        body_lo, body_hi = base + min(delta), base + max(delta)
        if body_lo < lo or body_hi > hi:
            lines += [f"if {v}:", "    " + self._on_tape(body_lo, body_hi)]
            body = ["    " + line for line in body]
        return lines + body


# --------------------------------------------------------------------------------------------
# The tracer: one instruction at a time, for trace tasks and as the reference for the compiler


@dataclass(frozen=True)
class State:
    """The machine after some steps: `pc` indexes the next command of the cleaned program."""

    step: int
    pc: int
    ptr: int
    cells: tuple[int, ...]  # cells 0..max(ptr, last non-zero cell)
    output: bytes

    def line(self) -> str:
        """The state as trace tasks write it."""
        return (f"step {self.step}: pc={self.pc} ptr={self.ptr} "
                f"cells=[{' '.join(map(str, self.cells))}]")


def trace(code: str, data: bytes = b"", at: list[int] | None = None, limits: Limits = Limits(),
          eof: str = "unchanged") -> tuple[Result, list[State]]:
    """Step through cleaned `code`, recording the state after each step count in `at`.

    Slow (one Python dispatch per instruction): for trace tasks and tests, not for verification.
    Raises BfError on unbalanced brackets (callers pass programs they generated).
    """
    jump = match_brackets(code)
    wanted = sorted(set(at or []))
    tape, out = bytearray(limits.tape_size), bytearray()
    states: list[State] = []
    pc = ptr = steps = 0
    pos = 0
    status = "ok"
    while pc < len(code):
        if steps >= limits.max_steps:
            status = "timeout: step limit reached"
            break
        ch = code[pc]
        if ch == "+":
            tape[ptr] = (tape[ptr] + 1) & 255
        elif ch == "-":
            tape[ptr] = (tape[ptr] - 1) & 255
        elif ch == ">":
            if ptr + 1 >= limits.tape_size:
                status = "tape overrun: pointer left the tape"
                break
            ptr += 1
        elif ch == "<":
            if ptr == 0:
                status = "tape overrun: pointer left the tape"
                break
            ptr -= 1
        elif ch == ".":
            out.append(tape[ptr])
            if len(out) > limits.max_output:
                status = "output limit reached"
                break
        elif ch == ",":
            if pos < len(data):
                tape[ptr] = data[pos]
                pos += 1
            elif eof == "zero":
                tape[ptr] = 0
        elif ch == "[" and not tape[ptr]:
            pc = jump[pc]
        elif ch == "]" and tape[ptr]:
            pc = jump[pc]
        pc += 1
        steps += 1
        if wanted and steps == wanted[0]:
            wanted.pop(0)
            used = max(ptr + 1, len(tape.rstrip(b"\0")))
            states.append(State(steps, pc, ptr, tuple(tape[:used]), bytes(out)))
    return Result(status, bytes(out[:limits.max_output]), steps), states
