"""The strategy solver (simplest strategy first, as a person would) and an exact solution counter."""
from __future__ import annotations

from dataclasses import dataclass

from rlsynth.envs.sudoku.board import Board, Geometry
from rlsynth.envs.sudoku.strategies import (
    RANK, TIERS, Eliminate, Fill, find_elimination, hidden_singles, naked_singles)


@dataclass
class Solve:
    """The steps taken in order; `solved` is False when the allowed strategies got stuck."""

    steps: list[Fill | Eliminate]
    solved: bool
    board: Board

    @property
    def hardest(self) -> str:
        return max((s.strategy for s in self.steps), key=RANK.__getitem__, default="naked single")


def solve(geo: Geometry, grid: list[int], tier: int, stop_cell: int = -1) -> Solve:
    """Solve with the strategies of tiers 1..`tier`, singles first, then eliminations by rank.

    With `stop_cell` it stops as soon as that cell is filled: the generator's cheap test that a
    removed given can be deduced again.
    """
    board = Board(geo, grid)
    left = grid.count(0)
    eliminators = [s for t in range(2, tier + 1) for s in TIERS[t]]
    eliminators.sort(key=RANK.__getitem__)
    steps: list[Fill | Eliminate] = []
    while left:
        fills = naked_singles(board) or hidden_singles(board)
        if fills:
            for f in fills:
                # Every fill found in one sweep stays licensed after the others (candidates only
                # shrink); skip a cell that an earlier fill of the sweep already settled.
                if board.grid[f.cell] or not board.cand[f.cell] >> (f.digit - 1) & 1:
                    continue
                board.fill(f.cell, f.digit)
                steps.append(f)
                left -= 1
                if f.cell == stop_cell:
                    return Solve(steps, True, board)
            continue
        for strategy in eliminators:
            if step := find_elimination(board, strategy):
                break
        else:
            return Solve(steps, False, board)
        for cell in step.cells:
            board.eliminate(cell, step.digits)
        steps.append(step)
    return Solve(steps, True, board)


def count_solutions(geo: Geometry, grid: list[int], limit: int = 2) -> int:
    """Number of completions of `grid`, counting no further than `limit` (bitmask backtracking)."""
    board = Board(geo, grid)
    return _count(board, limit)


def _count(board: Board, limit: int) -> int:
    best, best_mask, best_k = -1, 0, 99
    for i, v in enumerate(board.grid):
        if not v:
            k = board.cand[i].bit_count()
            if k < best_k:
                best, best_mask, best_k = i, board.cand[i], k
                if k <= 1:
                    break
    if best < 0:
        return 1
    total = 0
    for d in range(board.geo.shape.n):
        if best_mask >> d & 1:
            saved = board.cand[:]
            board.fill(best, d + 1)
            total += _count(board, limit - total)
            board.grid[best] = 0
            board.cand = saved
            if total >= limit:
                break
    return total
