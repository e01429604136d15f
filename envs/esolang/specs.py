"""The write-task specifications: what to compute, how instances and hidden tests are drawn, the
reference output, and reference programs in both languages built from templates.

Tiers follow EsoLang-Bench (easy, medium, hard, extra-hard); the tasks of "General Reasoning
Requires Learning to Reason from the Get-go" (print, copy, sort, Fibonacci, factorial) are among
them. Every value a Brainf*ck program must hold fits in one 8-bit cell, so instance ranges are
kept under 256. `size` (0 or 1) is the instance size within a tier: longer strings, larger numbers.
"""
from __future__ import annotations

import math
import random
import string
from collections.abc import Callable
from dataclasses import dataclass

from rlsynth.envs.esolang.bfgen import BfBuilder

TIERS = ("easy", "medium", "hard", "extra-hard")
# Characters for drawn strings: printable, and never a quote (Befunge string mode) or trailing
# whitespace (outputs are compared with trailing whitespace removed).
TEXT_CHARS = string.ascii_letters + string.digits + "!?.,:;-+*=()"
# Input characters that stay printable ASCII when shifted by up to 9.
SHIFTABLE = "abcdefghijklmnopABCDEFGHIJKLMNOP0123456789 "


@dataclass(frozen=True)
class Spec:
    """One write task. `params` are the instance parameters (JSON), drawn per task."""

    name: str
    tier: int
    describe: Callable[[dict], str]
    draw_params: Callable[[random.Random, int], dict]
    draw_input: Callable[[random.Random, dict, int], str]
    solve: Callable[[dict, str], str]
    brainfuck: Callable[[dict], str]
    befunge: Callable[[dict], str]


def _word(rng: random.Random, low: int, high: int, chars: str = TEXT_CHARS) -> str:
    return "".join(rng.choice(chars) for _ in range(rng.randint(low, high)))


def _no_input(rng: random.Random, params: dict, size: int) -> str:
    return ""


def _text_input(rng: random.Random, params: dict, size: int) -> str:
    return _word(rng, 1, 6 + 8 * size, string.ascii_letters + string.digits + " ").strip() or "a"


def _numbers(*ranges: Callable[[int], tuple[int, int]]):
    def draw(rng: random.Random, params: dict, size: int) -> str:
        return " ".join(str(rng.randint(*r(size))) for r in ranges)
    return draw


def _ints(text: str) -> list[int]:
    return [int(tok) for tok in text.split()]


# --------------------------------------------------------------------------------------------
# Befunge templates


def push(n: int) -> str:
    """Befunge code that pushes the non-negative integer n (digits and arithmetic only)."""
    if n < 10:
        return str(n)
    high, low = divmod(n, 9)
    return push(high) + "9*" + (push(low) + "+" if low else "")


def loop_program(prefix: str, test: str, body: str, exit_ops: str) -> str:
    """A one-loop Befunge program on two rows: run `prefix` once, then repeat: run `test`; if it
    leaves 0 run `exit_ops` and stop, otherwise run `body` (laid out right to left on the row
    below) and loop."""
    pad = " " * max(1, len(body) - len(test) + 1)
    head = f"{prefix}>{test}{pad}#v_{exit_ops}@"
    turn = head.index("#v_") + 1
    back = " " * len(prefix) + "^"
    back += " " * (turn - len(back) - len(body)) + body[::-1] + "<"
    return head + "\n" + back


def _sort_digits_befunge(params: dict) -> str:
    # Phase 1 counts digit d in cell (d, 9) (cells start as spaces, 32); phase 2 prints each
    # digit while its count is above 32, for d = 0..9 (ascending) or 9..0 (descending).
    up = params["order"] == "ascending"
    program = loop_program("", "~:1+", "68*-:9g1+\\9p", "$v").split("\n")
    e = program[0].index("$v") + 1
    f = e + 7
    rows = [list(program[0].ljust(f + 30)), list(program[1].ljust(f + 30))]
    rows += [[" "] * (f + 30) for _ in range(5)]

    def put(x: int, y: int, text: str) -> None:
        rows[y][x:x + len(text)] = text

    put(e, 2, "0" if up else "9")
    put(e, 3, ">:91+-#v_@" if up else ">:1+  #v_@")  # stop at d = 10, or at d = -1
    put(f, 4, f">:9g:48*-#v_$1{'+' if up else '-'}" + " " * 13 + "v")
    put(f + 10, 5, ">$:68*+,::9g1-\\9pv")
    put(e, 6, "^")
    put(f + 27, 6, "<<")
    return "\n".join("".join(r).rstrip() for r in rows)


# --------------------------------------------------------------------------------------------
# Brainf*ck templates


def _bf(build: Callable[[BfBuilder, dict], None]) -> Callable[[dict], str]:
    def program(params: dict) -> str:
        b = BfBuilder()
        build(b, params)
        return b.code()
    return program


def _bf_print(b: BfBuilder, p: dict) -> None:
    b.print_text(p["text"].encode())


def _bf_repeat(b: BfBuilder, p: dict) -> None:
    count, ch = b.cell(), b.cell()
    b.set(count, p["count"])
    b.set(ch, ord(p["char"]))
    with b.loop(count):
        b.put(ch)
        b.add(count, -1)


def _bf_echo_until(b: BfBuilder, p: dict) -> None:
    c, flag = b.cell(), b.cell()
    b.read(c)
    b.read_stop_flag(c, flag, ord(p["stop"]))
    with b.loop(flag):
        b.put(c)
        b.read(c)
        b.read_stop_flag(c, flag, ord(p["stop"]))


def _bf_shift(b: BfBuilder, p: dict) -> None:
    c = b.cell()
    b.read(c)
    with b.loop(c):
        b.add(c, p["shift"])
        b.put(c)
        b.read(c)


def _bf_count(b: BfBuilder, p: dict) -> None:
    c, count = b.cell(), b.cell()
    b.read(c)
    with b.loop(c):
        with b.if_equal(c, ord(p["char"])):
            b.add(count, 1)
        b.read(c)
    b.print_decimal(count)


def _bf_sum_digits(b: BfBuilder, p: dict) -> None:
    c, total = b.cell(), b.cell()
    b.read(c)
    with b.loop(c):
        b.add(c, -48)
        b.move(c, total)
        b.read(c)
    b.print_decimal(total)


def _bf_binary(op: str) -> Callable[[BfBuilder, dict], None]:
    def build(b: BfBuilder, p: dict) -> None:
        x, y, z = b.cell(), b.cell(), b.cell()
        b.read_number(x)
        b.read_number(y)
        if op == "+":
            b.move(x, z)
            b.move(y, z)
        else:
            b.mul_add(z, x, y)
        b.print_decimal(z)
    return build


def _bf_add_const(b: BfBuilder, p: dict) -> None:
    x = b.cell()
    b.read_number(x)
    b.add(x, p["k"])
    b.print_decimal(x)


def _bf_product(b: BfBuilder, p: dict, factor_is_counter: bool) -> None:
    """r = 1, then n times r *= factor, where the factor is n itself counting down
    (factorial) or a first number a read before n (power)."""
    a = None if factor_is_counter else b.cell()
    n, r, t = b.cell(), b.cell(), b.cell()
    if a is not None:
        b.read_number(a)
    b.read_number(n)
    b.set(r, 1)
    with b.loop(n):
        b.mul_add(t, r, n if a is None else a)
        b.clear(r)
        b.move(t, r)
        b.add(n, -1)
    b.print_decimal(r)


def _bf_fibonacci(b: BfBuilder, p: dict) -> None:
    n, x, y, t = b.cell(), b.cell(), b.cell(), b.cell()
    b.read_number(n)
    b.set(x, p["first"])
    b.set(y, p["second"])
    with b.loop(n):  # (x, y) <- (y, x + y)
        b.move(x, t)
        b.copy(y, t)
        b.move(y, x)
        b.move(t, y)
        b.add(n, -1)
    b.print_decimal(x)


def _bf_subtract(b: BfBuilder, p: dict) -> None:
    x, y = b.cell(), b.cell()
    b.read_number(x)
    b.read_number(y)
    with b.loop(y):
        b.add(x, -1)
        b.add(y, -1)
    b.print_decimal(x)


def _bf_sum_to_n(b: BfBuilder, p: dict) -> None:
    n, total = b.cell(), b.cell()
    b.read_number(n)
    with b.loop(n):
        b.copy(n, total)
        b.add(n, -1)
    b.print_decimal(total)


def _bf_reverse(b: BfBuilder, p: dict) -> None:
    # Cell 0 stays 0 as the left sentinel; each byte goes one cell further right.
    b.parts.append(">,[>,]<[.<]")


def _bf_sort_digits(b: BfBuilder, p: dict) -> None:
    c = b.cell()
    counts = [b.cell() for _ in range(10)]
    b.read(c)
    with b.loop(c):
        b.add(c, -48)
        b.switch(c, [lambda count=count: b.add(count, 1) for count in counts])
        b.read(c)
    ch = b.cell()
    order = list(enumerate(counts))
    for d, count in order if p["order"] == "ascending" else order[::-1]:
        b.set(ch, 48 + d)
        with b.loop(count):
            b.put(ch)
            b.add(count, -1)


# --------------------------------------------------------------------------------------------
# The specifications


def _fib(n: int, first: int = 0, second: int = 1) -> int:
    x, y = first, second
    for _ in range(n):
        x, y = y, x + y
    return x


def _fib_input(rng: random.Random, p: dict, size: int) -> str:
    largest = max(n for n in range(20) if _fib(n, p["first"], p["second"]) <= 255)
    return str(rng.randint(0, min(largest, 9 + 4 * size)))


def _subtract_input(rng: random.Random, p: dict, size: int) -> str:
    a = rng.randint(0, 99 + 100 * size)
    return f"{a} {rng.randint(0, a)}"


SPECS: dict[str, Spec] = {s.name: s for s in [
    Spec("print_string", 0,
         lambda p: f"Print exactly the text {p['text']!r} (without the quotes). Ignore the input.",
         lambda rng, size: {"text": _word(rng, 3 + 4 * size, 6 + 8 * size)},
         _no_input, lambda p, x: p["text"],
         _bf(_bf_print), lambda p: f'0"{p["text"][::-1]}">:#,_@'),
    Spec("repeat_char", 0,
         lambda p: (f"Print the character {p['char']!r} exactly {p['count']} times. Ignore the "
                    "input."),
         lambda rng, size: {"char": rng.choice(string.ascii_letters + "*#+"),
                            "count": rng.randint(3 + 10 * size, 12 + 30 * size)},
         _no_input, lambda p, x: p["char"] * p["count"],
         _bf(_bf_repeat),
         lambda p: loop_program(push(p["count"]), ":", push(ord(p["char"])) + ",1-", "")),
    Spec("echo_until", 0,
         lambda p: (f"The input is some text followed by the character {p['stop']!r}. Print the "
                    f"text before the first {p['stop']!r}."),
         lambda rng, size: {"stop": rng.choice(".;!#")},
         lambda rng, p, size: _text_input(rng, p, size) + p["stop"] + _word(rng, 0, 3),
         lambda p, x: x.split(p["stop"])[0],
         _bf(_bf_echo_until),
         lambda p: loop_program("", "~::1+\\" + push(ord(p["stop"])) + "-*", ",", "")),
    Spec("shift_chars", 0,
         lambda p: (f"Print every character of the input with its character code increased by "
                    f"{p['shift']} (so 'a' becomes {chr(ord('a') + p['shift'])!r})."),
         lambda rng, size: {"shift": rng.randint(1, 3 + 6 * size)},
         lambda rng, p, size: _word(rng, 1, 6 + 8 * size, SHIFTABLE).strip() or "a",
         lambda p, x: "".join(chr(ord(ch) + p["shift"]) for ch in x),
         _bf(_bf_shift),
         lambda p: loop_program("", "~:1+", push(p["shift"]) + "+,", "")),
    Spec("reverse", 1,
         lambda p: "Print the input reversed.",
         lambda rng, size: {},
         _text_input, lambda p, x: x[::-1],
         _bf(_bf_reverse),
         lambda p: loop_program("", "~:1+", "", "$>:#,_")),
    Spec("count_char", 1,
         lambda p: (f"Print, in decimal, how many times the character {p['char']!r} occurs in "
                    f"the input."),
         lambda rng, size: {"char": rng.choice("abcxyz")},
         lambda rng, p, size: _word(rng, 1, 8 + 12 * size, "abcxyz" + p["char"] * 3),
         lambda p, x: str(x.count(p["char"])),
         _bf(_bf_count),
         lambda p: loop_program("0", "~:1+", push(ord(p["char"])) + "-!+", "$.")),
    Spec("add_const", 1,
         lambda p: f"The input is a number n. Print n + {p['k']} in decimal.",
         lambda rng, size: {"k": rng.randint(1, 9 + 90 * size)},
         _numbers(lambda size: (0, 99 + 50 * size)),
         lambda p, x: str(_ints(x)[0] + p["k"]),
         _bf(_bf_add_const), lambda p: f"&{push(p['k'])}+.@"),
    Spec("sum_digits", 1,
         lambda p: "The input is a string of digits. Print the sum of the digits in decimal.",
         lambda rng, size: {},
         lambda rng, p, size: _word(rng, 1, 6 + 10 * size, string.digits),
         lambda p, x: str(sum(map(int, x))),
         _bf(_bf_sum_digits), lambda p: loop_program("0", "~:1+", "68*-+", "$.")),
    Spec("add", 2,
         lambda p: "The input is two numbers a and b separated by a space. Print a + b in decimal.",
         lambda rng, size: {},
         _numbers(lambda size: (0, 60 + 67 * size), lambda size: (0, 60 + 67 * size)),
         lambda p, x: str(sum(_ints(x))),
         _bf(_bf_binary("+")), lambda p: "&&+.@"),
    Spec("multiply", 2,
         lambda p: "The input is two numbers a and b separated by a space. Print a * b in decimal.",
         lambda rng, size: {},
         _numbers(lambda size: (0, 9 + 6 * size), lambda size: (0, 9 + 6 * size)),
         lambda p, x: str(math.prod(_ints(x))),
         _bf(_bf_binary("*")), lambda p: "&&*.@"),
    Spec("factorial", 2,
         lambda p: "The input is a number n (0 <= n <= 5). Print n! (n factorial) in decimal.",
         lambda rng, size: {},
         _numbers(lambda size: (0, 4 + size)),
         lambda p, x: str(math.factorial(_ints(x)[0])),
         _bf(lambda b, p: _bf_product(b, p, factor_is_counter=True)),
         lambda p: loop_program("1&", ":", ":05p*05g1-", "$.")),
    Spec("subtract", 2,
         lambda p: ("The input is two numbers a and b separated by a space, with a >= b. Print "
                    "a - b in decimal."),
         lambda rng, size: {},
         _subtract_input, lambda p, x: str(_ints(x)[0] - _ints(x)[1]),
         _bf(_bf_subtract), lambda p: "&&-.@"),
    Spec("sum_to_n", 2,
         lambda p: "The input is a number n (0 <= n <= 22). Print 1 + 2 + ... + n in decimal.",
         lambda rng, size: {},
         _numbers(lambda size: (0, 12 + 10 * size)),
         lambda p, x: str(sum(range(_ints(x)[0] + 1))),
         _bf(_bf_sum_to_n), lambda p: loop_program("0&", ":", ":05p+05g1-", "$.")),
    Spec("sort_digits", 3,
         lambda p: (f"The input is a string of digits. Print the digits sorted in {p['order']} "
                    "order."),
         lambda rng, size: {"order": rng.choice(["ascending", "descending"])},
         lambda rng, p, size: _word(rng, 2, 6 + 10 * size, string.digits),
         lambda p, x: "".join(sorted(x, reverse=p["order"] == "descending")),
         _bf(_bf_sort_digits), _sort_digits_befunge),
    Spec("power", 3,
         lambda p: ("The input is two numbers a and n separated by a space (a^n <= 255). Print "
                    "a^n (a to the power n) in decimal."),
         lambda rng, size: {},
         lambda rng, p, size: rng.choice([f"{a} {n}" for a in range(1, 6 + 10 * size)
                                          for n in range(0, 8) if a ** n <= 255]),
         lambda p, x: str(_ints(x)[0] ** _ints(x)[1]),
         _bf(lambda b, p: _bf_product(b, p, factor_is_counter=False)),
         lambda p: loop_program("&05p1&", ":", "\\05g*\\1-", "$.")),
    Spec("fibonacci", 3,
         lambda p: (f"The input is a number n (F(n) <= 255). Print F(n) in decimal, where "
                    f"F(0) = {p['first']}, F(1) = {p['second']}, F(n) = F(n-1) + F(n-2)."),
         lambda rng, size: {"first": rng.randint(0, 2), "second": rng.randint(1, 3)},
         _fib_input, lambda p, x: str(_fib(_ints(x)[0], p["first"], p["second"])),
         _bf(_bf_fibonacci),
         lambda p: loop_program(f"&05p{p['first']}{p['second']}", "05g",
                                ":06p+06g\\05g1-05p", "$.")),
]}


def specs_of_tier(tier: int) -> list[Spec]:
    return [s for s in SPECS.values() if s.tier == tier]
