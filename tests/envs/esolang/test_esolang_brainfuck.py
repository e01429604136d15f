"""The Brainf*ck interpreter: differential test against an independent interpreter written here,
exact step counts, and every limit returning a clean status within its bound."""
from __future__ import annotations

import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rlsynth.envs.esolang import brainfuck as bf
from rlsynth.envs.esolang.programs import _random_brainfuck

HELLO = ("++++++++[>++++[>++>+++>+++>+<<<<-]>+>+>->>+[<]<-]>>.>---.+++++++..+++.>>.<-.<.+++."
         "------.--------.>>+.>++.")


def reference_run(code: str, data: bytes, max_steps: int, tape_size: int, eof: str):
    """A plain interpreter, independent of the one under test: (status kind, output, steps)."""
    stack, match = [], {}
    for i, ch in enumerate(code):
        if ch == "[":
            stack.append(i)
        elif ch == "]":
            j = stack.pop()
            match[i], match[j] = j, i
    tape, out, inp = [0] * tape_size, [], list(data)
    pc = ptr = steps = 0
    while pc < len(code):
        if steps == max_steps:
            return "timeout", bytes(out), steps
        ch = code[pc]
        if ch == "+":
            tape[ptr] = (tape[ptr] + 1) % 256
        elif ch == "-":
            tape[ptr] = (tape[ptr] - 1) % 256
        elif ch == ">":
            ptr += 1
            if ptr == tape_size:
                return "tape overrun", bytes(out), steps
        elif ch == "<":
            ptr -= 1
            if ptr < 0:
                return "tape overrun", bytes(out), steps
        elif ch == ".":
            out.append(tape[ptr])
        elif ch == ",":
            if inp:
                tape[ptr] = inp.pop(0)
            elif eof == "zero":
                tape[ptr] = 0
        elif ch == "[" and tape[ptr] == 0:
            pc = match[pc]
        elif ch == "]" and tape[ptr] != 0:
            pc = match[pc]
        pc += 1
        steps += 1
    return "ok", bytes(out), steps


def programs(max_depth: int = 3) -> st.SearchStrategy[str]:
    """Well-formed programs: runs of commands with nested loops, mostly entered with a non-zero
    cell and decrementing it (so that many end), some free-form."""
    runs = st.text(alphabet="++--<>>.,", min_size=0, max_size=8)
    counted = st.tuples(st.integers(1, 4), st.booleans())

    def loops(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        entered = st.tuples(counted, inner).map(
            lambda t: "+" * t[0][0] + "[" + t[1] + ("<" if t[0][1] else "") + "-]")
        return st.lists(st.one_of(runs, entered, inner.map(lambda body: f"[{body}]")),
                        max_size=4).map("".join)

    return st.recursive(runs, loops, max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(code=programs(), data=st.binary(max_size=4), eof=st.sampled_from(bf.EOF_MODES))
def test_compiled_matches_reference_interpreter(code: str, data: bytes, eof: str) -> None:
    limits = bf.Limits(max_steps=3_000, tape_size=16, max_output=10_000)
    got = bf.run(code, data, limits, eof)
    kind, output, steps = reference_run(code, data, limits.max_steps, limits.tape_size, eof)
    if kind == "ok":
        assert (got.status, got.output, got.steps) == ("ok", output, steps)
    elif steps < limits.max_steps - len(code):  # stopped well inside the step budget
        assert got.status.startswith(kind)
    else:
        assert not got.ok
    traced, _ = bf.trace(code, data, limits=limits, eof=eof)
    assert (traced.status.split(":")[0], traced.output, traced.steps) == (kind, output, steps)


def test_compiled_matches_reference_on_generated_programs() -> None:
    """The predict env's random programs: longer, with nested loops that run many times."""
    checked = 0
    for seed in range(150):
        rng = random.Random(seed)
        code = _random_brainfuck(rng, 40, 3)
        data = bytes(rng.randrange(1, 256) for _ in range(3))
        kind, output, steps = reference_run(code, data, 20_000, 64, "unchanged")
        got = bf.run(code, data, bf.Limits(max_steps=20_000, tape_size=64))
        if kind == "ok":
            checked += steps > 100
            assert (got.status, got.output, got.steps) == (kind, output, steps), code
        else:
            assert not got.ok, code
    assert checked >= 10  # the comparison covered programs that loop


def test_known_program_and_step_count() -> None:
    result = bf.run(HELLO)
    assert result == bf.Result("ok", b"Hello World!\n", 906)
    assert bf.run("+++[-]").steps == 3 + 1 + 3 * 2  # `[` once, then `-` and `]` per iteration


def test_multiply_loops_and_eof_modes() -> None:
    assert bf.run("+++++[->+++<]>.").output == bytes([15])
    assert bf.run("-[+>++<]>.").output == bytes([2])  # counts up from 255: one iteration
    assert bf.run(",[.[-],]", b"abc").output == b"abc"
    assert bf.run(",.,.", b"z", eof="zero").output == b"z\x00"
    assert bf.run(",.,.", b"z", eof="unchanged").output == b"zz"


def test_deep_nesting_compiles() -> None:
    code = "+" + "[>+" * 60 + "." + "[-]<-]" * 60  # Python allows 20 nested blocks
    kind, output, steps = reference_run(bf.clean(code), b"", 100_000, 100, "unchanged")
    assert kind == "ok" and output == b"\x01"
    assert bf.run(code, limits=bf.Limits(tape_size=100)) == bf.Result(kind, output, steps)


@pytest.mark.parametrize("code, status", [
    ("+[]", "timeout: step limit reached (endless loop)"),
    ("+[>+<]", "timeout: step limit reached (endless loop)"),
    ("+[[-]+]", "timeout: step limit reached"),
    ("+[.]", "output limit reached"),
    ("<", "tape overrun"),
    ("+[>+]", "tape overrun"),
    ("[[]", "invalid program: unbalanced '['"),
    ("[]]", "invalid program: unbalanced ']'"),
    ("[" * 101 + "]" * 101, "invalid program: loops nested more than 100 deep"),
    ("+" * 501, "program too long"),
])
def test_limits_end_runs_cleanly(code: str, status: str) -> None:
    limits = bf.Limits(max_steps=200_000, max_output=100, tape_size=1_000, max_program=500)
    start = time.perf_counter()
    result = bf.run(code, limits=limits)
    assert time.perf_counter() - start < 1.0
    assert result.status.startswith(status)
    assert len(result.output) <= limits.max_output
    assert result.steps <= limits.max_steps + len(code) * 256 * 2


def test_wall_clock_limit() -> None:
    limits = bf.Limits(max_steps=10**12, max_seconds=0.05)
    start = time.perf_counter()
    result = bf.run("+[[-]+]", limits=limits)
    assert result.status == "timeout: wall-clock limit reached"
    assert time.perf_counter() - start < 0.5


def test_comments_are_ignored_and_runs_are_deterministic() -> None:
    commented = "print H: " + HELLO.replace(">", "> next\n")
    assert bf.run(commented) == bf.run(HELLO)
