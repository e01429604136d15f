"""The step grammar of Sudoku traces: writing steps, reading them back, judging them in order.

One step per line, as every prompt states it (`STEP_HELP`; from tier 2 on also
`ELIMINATION_HELP`). Lines that start like neither form (`rXcY=` or `eliminate`) are prose
and are skipped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rlsynth.env import StepVerdict
from rlsynth.envs.sudoku.board import Board, Geometry, digits_of
from rlsynth.envs.sudoku.strategies import Eliminate, Fill, licensed

STEP_HELP = """\
Write one step per line, in an order a person could follow:
  rXcY=D naked single              (D is the only candidate left in row X, column Y)
  rXcY=D hidden single (box B)     (D fits nowhere else in that box; or (row X), (col Y))"""
ELIMINATION_HELP = """
When no single is left, remove candidates first (digits, then cells, then the pattern):
  eliminate 2,5 from r1c2,r1c3 naked pair r1c5,r1c7
  eliminate 2,5,8 from r1c2 naked triple r1c5,r1c7,r1c9
  eliminate 3,7 from r2c4,r2c9 hidden pair 1,5 (row 2)
  eliminate 4 from r1c7,r1c8 pointing (box 1, row 1)
  eliminate 4 from r2c1 claiming (row 1, box 1)
  eliminate 6 from r4c2,r7c2 x-wing (rows 1,5; cols 2,8)
  eliminate 3 from r5c5 xy-wing r1c1,r1c5,r5c1      (pivot first, then the two pincers)
  eliminate 2,7 from r3c8 unique rectangle r1c1,r1c8,r3c1,r3c8"""

CELL = r"r(\d)c(\d)"
CELLS = r"r\dc\d(?:\s*,\s*r\dc\d)*"
MAX_LINE = 300  # longer "step" lines are junk; no regex runs on them
MAX_STEPS_PER_CELL = 4  # a trace needs about one step per cell; the rest is judged as one error
STEP_START = re.compile(r"^\s*(?:r\d+\s*c\d+\s*=|eliminate\b)", re.IGNORECASE)
FILL = re.compile(rf"{CELL}\s*=\s*(\d+)\s+(naked single|hidden single\s*\(\s*(row|col|box)\s+(\d)\s*\))")
ELIMINATE = re.compile(rf"eliminate\s+(\d(?:\s*,\s*\d)*)\s+from\s+({CELLS})\s+(.+)")
PATTERN_FORMS = [
    ("cells", re.compile(rf"(naked pair|naked triple|xy-wing|unique rectangle)\s+({CELLS})")),
    ("hidden pair", re.compile(r"hidden pair\s+(\d)\s*,\s*(\d)\s*\(\s*(row|col|box)\s+(\d)\s*\)")),
    ("pointing", re.compile(r"pointing\s*\(\s*box\s+(\d)\s*,\s*(row|col)\s+(\d)\s*\)")),
    ("claiming", re.compile(r"claiming\s*\(\s*(row|col)\s+(\d)\s*,\s*box\s+(\d)\s*\)")),
    ("x-wing", re.compile(
        r"x-wing\s*\(\s*(row|col)s\s+(\d)\s*,\s*(\d)\s*;\s*(row|col)s\s+(\d)\s*,\s*(\d)\s*\)")),
]


# --------------------------------------------------------------------------------------------
# Writing


def format_step(geo: Geometry, step: Fill | Eliminate) -> str:
    name = geo.shape.name
    if isinstance(step, Fill):
        where = f" ({step.unit[0]} {step.unit[1]})" if step.unit else ""
        return f"{name(step.cell)}={step.digit} {step.strategy}{where}"
    head = (f"eliminate {','.join(map(str, digits_of(step.digits)))} from "
            f"{','.join(map(name, step.cells))} {step.strategy}")
    p = step.pattern
    if step.strategy == "hidden pair":
        a, b = digits_of(p[0])
        return f"{head} {a},{b} ({p[1][0]} {p[1][1]})"
    if step.strategy == "pointing":
        return f"{head} (box {p[1]}, {p[2][0]} {p[2][1]})"
    if step.strategy == "claiming":
        return f"{head} ({p[1][0]} {p[1][1]}, box {p[2]})"
    if step.strategy == "x-wing":
        cross = "col" if p[1] == "row" else "row"
        return f"{head} ({p[1]}s {p[2][0]},{p[2][1]}; {cross}s {p[3][0]},{p[3][1]})"
    return f"{head} {','.join(map(name, p))}"


# --------------------------------------------------------------------------------------------
# Reading


def parse_step(geo: Geometry, line: str) -> Fill | Eliminate | str:
    """The step on `line`, or a string saying why it does not parse."""
    text = " ".join(line.strip().lower().rstrip(".").split())
    n = geo.shape.n
    if m := FILL.fullmatch(text):
        r, c, d = int(m[1]), int(m[2]), int(m[3])
        if not (1 <= r <= n and 1 <= c <= n and 1 <= d <= n):
            return f"cell or digit out of range 1..{n} in {text!r}"
        unit = (m[5], int(m[6])) if m[5] else None
        return Fill((r - 1) * n + c - 1, d, "hidden single" if unit else "naked single", unit)
    m = ELIMINATE.fullmatch(text)
    if not m:
        return f"cannot read step {text!r}; see the step forms in the prompt"
    claim = _claimed(geo, text)
    if claim is None:
        return f"cell or digit out of range 1..{n} in {text!r}"
    mask, cells = claim
    digits = digits_of(mask)
    for form, regex in PATTERN_FORMS:
        if p := regex.fullmatch(m[3]):
            pattern = _pattern(form, p, digits, n)
            if isinstance(pattern, str):
                return pattern
            strategy = p[1] if form == "cells" else form
            return Eliminate(mask, tuple(cells), strategy, pattern)
    return f"unknown strategy or pattern {m[3]!r}"


def _cells(text: str, n: int) -> list[int] | None:
    pairs = [(int(r), int(c)) for r, c in re.findall(CELL, text)]
    if any(not (1 <= r <= n and 1 <= c <= n) for r, c in pairs):
        return None
    return [(r - 1) * n + c - 1 for r, c in pairs]


def _pattern(form: str, p: re.Match, digits: list[int], n: int) -> tuple | str:
    numbers = [int(x) for x in p.groups() if x and x.isdigit()]
    if any(not 1 <= x <= n for x in numbers):
        return f"a number in the pattern is out of range 1..{n}"
    if form == "cells":
        cells = _cells(p[2], n)
        return tuple(cells) if cells is not None else f"a pattern cell is out of range 1..{n}"
    if form == "hidden pair":
        return (1 << (int(p[1]) - 1) | 1 << (int(p[2]) - 1), (p[3], int(p[4])))
    if len(digits) != 1:
        return f"{form} removes one digit, got {','.join(map(str, digits))}"
    if form == "pointing":
        return (digits[0], int(p[1]), (p[2], int(p[3])))
    if form == "claiming":
        return (digits[0], (p[1], int(p[2])), int(p[3]))
    if p[1] == p[4]:
        return "an x-wing names base rows and cover columns, or base columns and cover rows"
    return (digits[0], p[1], (int(p[2]), int(p[3])), (int(p[5]), int(p[6])))


# --------------------------------------------------------------------------------------------
# Judging


@dataclass
class Judgement:
    steps: list[StepVerdict] = field(default_factory=list)
    filled_right: set[int] = field(default_factory=set)


def judge_steps(geo: Geometry, puzzle: list[int], solution: list[int], text: str) -> Judgement:
    """Judge every step line of `text` in order against the board the earlier steps built.

    A fill is ok when its digit is the solution's and its strategy forces it on that board. Each
    step is judged on its own: afterwards a filled cell holds its solution digit (even when the
    step wrote another), and an elimination removes the claimed digits that are not the
    solution's, so one wrong step never condemns the steps after it (the paper's cell accuracy
    also scores each cell on its own).
    """
    board, out = Board(geo, puzzle), Judgement()
    offset = 0
    for line in text.splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        if not STEP_START.match(line):
            continue
        span = (start, start + len(line.rstrip("\r\n")))
        if len(out.steps) >= MAX_STEPS_PER_CELL * geo.shape.cells:
            out.steps.append(StepVerdict((start, len(text)), False, "too many steps"))
            break
        step = parse_step(geo, line) if len(line) <= MAX_LINE else "step line too long"
        if isinstance(step, str):
            out.steps.append(StepVerdict(span, False, step))
            if len(line) <= MAX_LINE and (claim := _claimed(geo, line)):
                _apply_true(board, solution, *claim)  # a bad pattern still states its removals
        elif isinstance(step, Fill):
            out.steps.append(StepVerdict(span, *_judge_fill(board, solution, step, out)))
        else:
            out.steps.append(StepVerdict(span, *_judge_elimination(board, solution, step)))
    return out


def _judge_fill(board: Board, solution: list[int], step: Fill, out: Judgement) -> tuple[bool, str]:
    cell, name = step.cell, board.geo.shape.name(step.cell)
    if board.grid[cell]:
        return False, f"{name} is already filled"
    allowed = licensed(board, step)
    board.fill(cell, solution[cell])
    if step.digit != solution[cell]:
        return False, f"{step.digit} is the wrong digit for {name}"
    out.filled_right.add(cell)
    if isinstance(allowed, str):
        return False, f"right digit, but not a {step.strategy}: {allowed}"
    return True, ""


def _judge_elimination(board: Board, solution: list[int], step: Eliminate) -> tuple[bool, str]:
    name = board.geo.shape.name
    filled = [name(c) for c in step.cells if board.grid[c]]
    allowed = licensed(board, step)
    progress = any(board.cand[c] & step.digits for c in step.cells)
    _apply_true(board, solution, step.digits, step.cells)
    if filled:
        return False, f"{','.join(filled)} already filled"
    if isinstance(allowed, str):
        return False, f"not a {step.strategy}: {allowed}"
    beyond = [name(c) for c in step.cells if step.digits & ~allowed.get(c, 0)]
    if beyond:
        return False, f"the {step.strategy} does not remove those digits from {','.join(beyond)}"
    if not progress:
        return False, "removes no candidate"
    return True, ""


def _apply_true(board: Board, solution: list[int], digits: int, cells: tuple[int, ...]) -> None:
    """Remove the claimed digits except each cell's solution digit: the board keeps true facts."""
    for c in cells:
        board.eliminate(c, digits & ~(1 << (solution[c] - 1)))


def _claimed(geo: Geometry, line: str) -> tuple[int, tuple[int, ...]] | None:
    """(digit mask, cells) of an elimination line whose head reads, whatever its pattern."""
    m = ELIMINATE.fullmatch(" ".join(line.strip().lower().rstrip(".").split()))
    if not m:
        return None
    digits = [int(x) for x in re.findall(r"\d", m[1])]
    cells = _cells(m[2], geo.shape.n)
    if cells is None or any(not 1 <= d <= geo.shape.n for d in digits):
        return None
    return sum({1 << (d - 1) for d in digits}), tuple(cells)
