"""Puzzle generation: dig cells out of a random grid while the allowed strategies still solve it.

Because every strategy the solver uses is sound, "the solver fills every cell" implies exactly one
solution, so the hot path needs no separate uniqueness search. The one exception is the unique
rectangle, which assumes uniqueness; a removal whose re-solve used it is confirmed by an exact
count. Removal runs in two phases:

1. the cheap phase: remove a given when, with it gone, its cell is at once a naked or hidden
   single among the givens (three mask look-ups): the puzzle then stays singles-solvable;
2. remove a given when the solver, restricted to the tier, deduces that cell again; above tier 1,
   stop as soon as a removal needed one of the tier's own strategies.

A final full solve writes the trace. Should it get stuck (strategies are not monotone under
extra information, rarely), given cells are restored from the stuck state until it solves.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from rlsynth.envs.sudoku.board import Geometry, random_grid
from rlsynth.envs.sudoku.solver import Solve, count_solutions, solve
from rlsynth.envs.sudoku.strategies import RANK, tier_of

ATTEMPTS = 8  # fresh grids tried for a puzzle that needs the tier's own strategies


@dataclass
class Puzzle:
    puzzle: list[int]
    solution: list[int]
    solve: Solve


def generate(geo: Geometry, rng: random.Random, tier: int, min_givens: int,
             thorough: bool = True) -> Puzzle:
    """A unique puzzle solvable with tiers 1..`tier` (needing `tier` itself when any of the
    `ATTEMPTS` grids allows it) with at least `min_givens` givens. `thorough=False` skips
    phase 2 at tier 1 (about 10x faster, a few more givens)."""
    best: Puzzle | None = None
    for _ in range(ATTEMPTS):
        solution = random_grid(geo.shape, rng)
        puzzle = dig_singles(geo, solution, rng, min_givens)
        if thorough or tier > 1:
            dig_with_solver(geo, puzzle, solution, rng, tier, min_givens)
        found = Puzzle(puzzle, solution, finish(geo, puzzle, solution, tier))
        if tier == 1 or tier_of(found.solve.hardest) == tier:
            return found
        if best is None or RANK[found.solve.hardest] > RANK[best.solve.hardest]:
            best = found
    return best


def dig_singles(geo: Geometry, solution: list[int], rng: random.Random,
                min_givens: int) -> list[int]:
    """Phase 1: drop givens whose cell is then a naked or hidden single among the givens."""
    n, full = geo.shape.n, geo.shape.full
    grid = list(solution)
    row_of, col_of, box_of = geo.row_of, geo.col_of, geo.box_of
    used_row, used_col, used_box = [full] * n, [full] * n, [full] * n
    order = list(range(geo.shape.cells))
    rng.shuffle(order)
    givens = len(order)
    for x in order:
        if givens <= min_givens:
            break
        bit = 1 << (grid[x] - 1)
        r, c, b = row_of[x], col_of[x], box_of[x]
        used_row[r] ^= bit; used_col[c] ^= bit; used_box[b] ^= bit
        if (used_row[r] | used_col[c] | used_box[b]) | bit == full or any(
                all(y == x or grid[y] or (used_row[row_of[y]] | used_col[col_of[y]]
                                          | used_box[box_of[y]]) & bit for y in unit)
                for unit in geo.units_of(x)):
            grid[x] = 0
            givens -= 1
        else:
            used_row[r] |= bit; used_col[c] |= bit; used_box[b] |= bit
    return grid


def dig_with_solver(geo: Geometry, puzzle: list[int], solution: list[int], rng: random.Random,
                    tier: int, min_givens: int) -> None:
    """Phase 2, in place: drop givens the tier's solver can deduce back."""
    givens = [i for i, v in enumerate(puzzle) if v]
    rng.shuffle(givens)
    left = len(givens)
    for x in givens:
        if left <= min_givens:
            return
        puzzle[x] = 0
        again = solve(geo, puzzle, tier, stop_cell=x)
        if again.solved and not (
                any(s.strategy == "unique rectangle" for s in again.steps)
                and count_solutions(geo, puzzle) != 1):
            left -= 1
            if tier > 1 and tier_of(again.hardest) == tier:
                return
        else:
            puzzle[x] = solution[x]


def finish(geo: Geometry, puzzle: list[int], solution: list[int], tier: int) -> Solve:
    """The full solve; restores a given from a stuck state until the solver gets through."""
    while True:
        result = solve(geo, puzzle, tier)
        if result.solved:
            return result
        stuck = result.board.empties()
        cell = max(stuck, key=lambda i: (result.board.cand[i].bit_count(), -i))
        puzzle[cell] = solution[cell]
