"""The Sudoku envs `sudoku/4x4`, `sudoku/6x6` and `sudoku/9x9`: one class per grid size, since
the size changes every range (digits, levels, givens) while the logic is shared.

Levels combine the strategy tier (singles; + locked candidates and pairs; + naked triple,
x-wing, xy-wing and unique rectangle) with how far the givens are dug out:

    level  tier  digging                                      9x9 realised (bench/puzzles.py)
    1      1     quick, stop at 40 givens (4x4: 8, 6x6: 18)   40 givens, ~1 ms
    2      1     quick (cells that are at once singles)       ~33 givens, ~1 ms  ("medium")
    3      1     thorough (the solver deduces them back)      ~24 givens, ~30 ms
    4      2     thorough, needing tier 2 if 8 grids allow    ~25 givens, ~0.2 s, 95% need tier 2
    5      3     thorough, needing tier 3 if 8 grids allow    ~25 givens, ~0.5 s, 65% need tier 3

(4x4 and 6x6 have levels 1-3 only: their puzzles never needed more than singles.) Every puzzle
records what it realised: `givens`, `hardest_strategy`, `strategy_counts`. The verifier scores
the final grid (correct when it is a valid completion of the givens) and judges each step of the
trace (see `trace.judge_steps`); `Verdict.info` carries the paper's cell accuracy and
complete-puzzle accuracy.
"""
from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any, ClassVar

from rlsynth.answer import extract_answer
from rlsynth.env import Env, Knob, Problem, Task, Verdict
from rlsynth.envs.sudoku.board import SHAPES, Geometry, Shape, geometry
from rlsynth.envs.sudoku.generator import generate
from rlsynth.envs.sudoku.solver import solve
from rlsynth.envs.sudoku.strategies import RANK, TIERS
from rlsynth.envs.sudoku.trace import ELIMINATION_HELP, STEP_HELP, format_step, judge_steps
from rlsynth.registry import register

FORMATS = ("grid", "string", "triples")


class SudokuEnv(Env):
    """Shared logic; the registered subclasses fix `shape` and the level table."""

    shape: ClassVar[Shape]
    level_table: ClassVar[Mapping[int, tuple[int, int, str]]]  # level -> tier, min_givens, dig
    version = "1"
    max_answer_share = 0.2  # every puzzle has its own solution grid
    default_level = 2  # "medium": singles only, dug as far as single look-ups allow
    # 4x4 and 6x6 (9x9 overrides these)
    max_level = 3
    presets = {"easy": {"level": 1}, "medium": {"level": 2}, "hard": {"level": 3}}
    generation_time_bound = 1.0

    # -- generation ------------------------------------------------------------------------

    def level_knobs(self, level: int) -> dict:
        tier, min_givens, dig = self.level_table[level]
        return {"tier": tier, "min_givens": min_givens, "dig": dig}

    def generate(self, rng: random.Random, level: int, knobs: Mapping[str, Any]) -> Problem:
        geo = geometry(self.shape)
        made = generate(geo, rng, knobs["tier"], knobs["min_givens"],
                        thorough=knobs["dig"] == "thorough")
        counts = Counter(s.strategy for s in made.solve.steps)
        givens = sum(1 for v in made.puzzle if v)
        empty = self.shape.cells - givens
        hardest = made.solve.hardest
        meta = {
            "size": self.shape.n, "box": [self.shape.box_rows, self.shape.box_cols],
            "puzzle": "".join(str(v) if v else "." for v in made.puzzle),
            "tier": knobs["tier"], "givens": givens, "empty": empty,
            "hardest_strategy": hardest, "strategy_counts": dict(sorted(counts.items())),
            # strategy rank dominates; within a rank, more empty cells is harder
            "difficulty": RANK[hardest] + empty / self.shape.cells,
        }
        prompt = self.prompt(made.puzzle, knobs["format"], knobs["tier"])
        return Problem(prompt, "".join(map(str, made.solution)), meta)

    def prompt(self, puzzle: list[int], fmt: str, tier: int) -> str:
        n, br, bc = self.shape.n, self.shape.box_rows, self.shape.box_cols
        rules = (f"Solve this {n}x{n} Sudoku. Fill every empty cell with a digit 1-{n} so that "
                 f"every row, every column and every {br}x{bc} box holds each digit once. Rows "
                 f"and columns are numbered 1-{n} from the top left; boxes 1-{n} left to right, "
                 f"then top to bottom.")
        help_text = STEP_HELP + (ELIMINATION_HELP if tier > 1 else "")
        return (f"{rules}\n\n{render(self.shape, puzzle, fmt)}\n\n{help_text}\n"
                f"Then write the completed grid inside <answer></answer> as {n} lines of {n} "
                f"digits.")

    # -- verification ----------------------------------------------------------------------

    def verify(self, task: Task, completion: str) -> Verdict:
        geo = geometry(self.shape)
        puzzle = read_digits(task.meta.get("puzzle"), self.shape)
        solution = read_digits(task.answer, self.shape)
        if puzzle is None or solution is None or 0 in solution:
            return Verdict.failure(f"task is not a {self.shape.n}x{self.shape.n} sudoku task")
        if not isinstance(completion, str):
            return Verdict.failure(f"completion must be a string, got {type(completion).__name__}")
        answer = extract_answer(completion)
        steps_text = completion[:completion.rfind("<answer>")] if answer is not None else completion
        judged = judge_steps(geo, puzzle, solution, steps_text)
        empties = [i for i, v in enumerate(puzzle) if not v]
        grid = read_digits(re.sub(r"[\s|+\-]", "", answer), self.shape) if answer else None
        info = {"steps_ok": sum(s.ok for s in judged.steps), "steps": len(judged.steps)}
        if grid is None or 0 in grid:
            info["cell_accuracy"] = len(judged.filled_right) / max(len(empties), 1)
            info["complete_puzzle_accuracy"] = 0.0
            error = ("no <answer> block" if answer is None else
                     f"the answer must be {self.shape.n} lines of {self.shape.n} digits "
                     f"1-{self.shape.n}")
            return Verdict(False, 0.0, False, tuple(judged.steps), error, info)
        info["cell_accuracy"] = sum(grid[i] == solution[i] for i in empties) / max(len(empties), 1)
        problem = completion_error(geo, puzzle, grid)
        info["complete_puzzle_accuracy"] = 0.0 if problem else 1.0
        return Verdict(not problem, 0.0 if problem else 1.0, True, tuple(judged.steps), problem,
                       info)

    def expert(self, task: Task) -> str:
        geo = geometry(self.shape)
        puzzle = read_digits(task.meta["puzzle"], self.shape)
        steps = solve(geo, puzzle, task.meta["tier"]).steps
        n = self.shape.n
        rows = [task.answer[r * n:(r + 1) * n] for r in range(n)]
        lines = [format_step(geo, s) for s in steps]
        return "\n".join(lines + ["<answer>", *rows, "</answer>"])

    def vocab(self) -> list[str]:
        n = self.shape.n
        words = set(re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)?|\S", self.prompt([0] * self.shape.cells,
                                                                          "grid", 3)))
        words |= set(re.findall(r"\S", render(self.shape, [1] * self.shape.cells, "triples")))
        words |= {str(d) for d in range(10)} | {"<answer>", "</answer>", "x-wing", "xy-wing"}
        words |= {s for names in TIERS.values() for s in " ".join(names).split()}
        words |= {f"r{r}c{c}" for r in range(1, n + 1) for c in range(1, n + 1)}
        return sorted(words)


# --------------------------------------------------------------------------------------------
# Puzzle text and answer parsing


def render(shape: Shape, puzzle: list[int], fmt: str) -> str:
    n, br, bc = shape.n, shape.box_rows, shape.box_cols
    if fmt == "string":
        flat = "".join(str(v) if v else "." for v in puzzle)
        return f"The grid row by row, one character per cell ('.' = empty):\n{flat}"
    if fmt == "triples":
        givens = " ".join(f"({i // n + 1},{i % n + 1},{v})" for i, v in enumerate(puzzle) if v)
        return f"The givens as (row,column,digit); every other cell is empty:\n{givens}"
    lines = []
    for r in range(n):
        if r and r % br == 0:
            lines.append("-+-".join("-" * (2 * bc - 1) for _ in range(n // bc)))
        cells = [str(v) if v else "." for v in puzzle[r * n:(r + 1) * n]]
        lines.append(" | ".join(" ".join(cells[c:c + bc]) for c in range(0, n, bc)))
    return "The grid ('.' = empty):\n" + "\n".join(lines)


def read_digits(text: Any, shape: Shape) -> list[int] | None:
    """`shape.cells` characters of digits 1..n or '.' (as 0); None if `text` is anything else."""
    if not isinstance(text, str) or len(text) != shape.cells:
        return None
    allowed = "." + "".join(str(d) for d in range(1, shape.n + 1))
    if any(ch not in allowed for ch in text):
        return None
    return [0 if ch == "." else int(ch) for ch in text]


def completion_error(geo: Geometry, puzzle: list[int], grid: list[int]) -> str | None:
    """Why `grid` is not a valid completion of `puzzle`, or None when it is."""
    for i, v in enumerate(puzzle):
        if v and grid[i] != v:
            return f"the answer changes the given {geo.shape.name(i)}={v}"
    for kind, number, unit in geo.units:
        if len({grid[i] for i in unit}) != geo.shape.n:
            return f"{kind} {number} repeats a digit"
    return None


# --------------------------------------------------------------------------------------------
# The registered sizes


def _knobs(shape: Shape) -> dict[str, Knob]:
    return {
        "format": Knob(str, "grid", "puzzle text: grid with dots, one-line string, or (r,c,v) "
                       "triples", choices=FORMATS),
        "tier": Knob(int, None, "strategies allowed: 1 singles, 2 + locked candidates and "
                     "pairs, 3 + naked triple, x-wing, xy-wing and unique rectangle",
                     low=1, high=3),
        "min_givens": Knob(int, None, "stop digging at this many givens (0 = dig as far as "
                           "the strategies allow)", low=0, high=shape.cells - 1),
        "dig": Knob(str, None, "quick: at tier 1 only remove givens that are then at once a "
                    "single (~1 ms); thorough: also remove those the solver deduces back",
                    choices=("quick", "thorough")),
    }


@register
class Sudoku4(SudokuEnv):
    name = "sudoku/4x4"
    description = "4x4 Sudoku (2x2 boxes) with solver-ordered, step-checked traces"
    shape = SHAPES[4]
    level_table = {1: (1, 8, "quick"), 2: (1, 0, "quick"), 3: (1, 0, "thorough")}
    knobs = _knobs(SHAPES[4])


@register
class Sudoku6(SudokuEnv):
    name = "sudoku/6x6"
    description = "6x6 Sudoku (2x3 boxes) with solver-ordered, step-checked traces"
    shape = SHAPES[6]
    level_table = {1: (1, 18, "quick"), 2: (1, 0, "quick"), 3: (1, 0, "thorough")}
    knobs = _knobs(SHAPES[6])


@register(aliases=("sudoku",))
class Sudoku9(SudokuEnv):
    name = "sudoku/9x9"
    description = "9x9 Sudoku rated by human strategies, with solver-ordered, step-checked traces"
    shape = SHAPES[9]
    level_table = {1: (1, 40, "quick"), 2: (1, 0, "quick"), 3: (1, 0, "thorough"),
                   4: (2, 0, "thorough"), 5: (3, 0, "thorough")}
    max_level = 5
    knobs = _knobs(SHAPES[9])
    presets = {"easy": {"level": 1}, "medium": {"level": 2}, "hard": {"level": 5}}
    # hardest level: up to 8 grids dug with the full solver (~0.5 s median, 1.1 s max of 20)
    generation_time_bound = 5.0
