"""Sudoku geometry and the candidate board shared by the solver, the generator and the verifier.

Cells are indices 0..n*n-1 in row-major order; digit d is bit d-1 of a candidate mask. A `Board`
keeps the digits placed so far and, for each empty cell, the digits its peers do not exclude minus
the digits that elimination steps removed.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Shape:
    """An n x n grid split into boxes of `box_rows` x `box_cols` cells."""

    box_rows: int
    box_cols: int

    @property
    def n(self) -> int:
        return self.box_rows * self.box_cols

    @property
    def cells(self) -> int:
        return self.n * self.n

    @property
    def full(self) -> int:
        return (1 << self.n) - 1

    def box_of(self, cell: int) -> int:
        r, c = divmod(cell, self.n)
        return (r // self.box_rows) * (self.n // self.box_cols) + c // self.box_cols

    def name(self, cell: int) -> str:
        r, c = divmod(cell, self.n)
        return f"r{r + 1}c{c + 1}"


@dataclass(frozen=True)
class Geometry:
    """Units and peers of a shape, computed once per shape (see `geometry`)."""

    shape: Shape
    rows: tuple[tuple[int, ...], ...]
    cols: tuple[tuple[int, ...], ...]
    boxes: tuple[tuple[int, ...], ...]
    peers: tuple[tuple[int, ...], ...]
    row_of: tuple[int, ...]
    col_of: tuple[int, ...]
    box_of: tuple[int, ...]
    # cell-set bitmasks (bit i = cell i) of each row, column and box, for the fast finders
    row_masks: tuple[int, ...] = ()
    col_masks: tuple[int, ...] = ()
    box_masks: tuple[int, ...] = ()

    @property
    def units(self) -> list[tuple[str, int, tuple[int, ...]]]:
        """(kind, 1-based number, cells) for every row, column and box."""
        return ([("row", i + 1, u) for i, u in enumerate(self.rows)]
                + [("col", i + 1, u) for i, u in enumerate(self.cols)]
                + [("box", i + 1, u) for i, u in enumerate(self.boxes)])

    def unit(self, kind: str, number: int) -> tuple[int, ...] | None:
        table = {"row": self.rows, "col": self.cols, "box": self.boxes}.get(kind)
        if table is None or not 1 <= number <= len(table):
            return None
        return table[number - 1]

    def units_of(self, cell: int) -> tuple[tuple[int, ...], ...]:
        return (self.rows[self.row_of[cell]], self.cols[self.col_of[cell]],
                self.boxes[self.box_of[cell]])


@cache
def geometry(shape: Shape) -> Geometry:
    n = shape.n
    rows = tuple(tuple(r * n + c for c in range(n)) for r in range(n))
    cols = tuple(tuple(r * n + c for r in range(n)) for c in range(n))
    box_of = tuple(shape.box_of(i) for i in range(shape.cells))
    boxes = tuple(tuple(i for i in range(shape.cells) if box_of[i] == b) for b in range(n))
    row_of = tuple(i // n for i in range(shape.cells))
    col_of = tuple(i % n for i in range(shape.cells))
    peers = tuple(tuple(sorted(set(rows[row_of[i]] + cols[col_of[i]] + boxes[box_of[i]]) - {i}))
                  for i in range(shape.cells))
    def masks(units: tuple[tuple[int, ...], ...]) -> tuple[int, ...]:
        return tuple(sum(1 << i for i in unit) for unit in units)

    return Geometry(shape, rows, cols, boxes, peers, row_of, col_of, box_of,
                    masks(rows), masks(cols), masks(boxes))


SHAPES = {4: Shape(2, 2), 6: Shape(2, 3), 9: Shape(3, 3)}


def digits_of(mask: int) -> list[int]:
    return [d + 1 for d in range(mask.bit_length()) if mask >> d & 1]


class Board:
    """Placed digits plus candidate masks; `fill` and `eliminate` keep the masks current."""

    __slots__ = ("geo", "grid", "cand")

    def __init__(self, geo: Geometry, grid: list[int]) -> None:
        self.geo = geo
        self.grid = list(grid)
        full = geo.shape.full
        self.cand = [0 if v else full for v in grid]
        peers = geo.peers
        for i, v in enumerate(grid):
            if v:
                off = ~(1 << (v - 1))
                for p in peers[i]:
                    self.cand[p] &= off

    def fill(self, cell: int, digit: int) -> None:
        self.grid[cell] = digit
        self.cand[cell] = 0
        off = ~(1 << (digit - 1))
        cand = self.cand
        for p in self.geo.peers[cell]:
            cand[p] &= off

    def eliminate(self, cell: int, mask: int) -> None:
        self.cand[cell] &= ~mask

    def empties(self) -> list[int]:
        return [i for i, v in enumerate(self.grid) if not v]


# --------------------------------------------------------------------------------------------
# Random solution grids


def random_grid(shape: Shape, rng: random.Random) -> list[int]:
    """A random valid grid: randomised backtracking, fewest candidates first (~1 ms for 9x9).

    Backtracking rather than shuffling one base pattern, because every pattern-shuffled grid is
    isomorphic to the base grid, a structure a model could learn instead of solving.
    """
    geo = geometry(shape)
    n, full = shape.n, shape.full
    grid = [0] * shape.cells
    rows, cols, boxes = [0] * n, [0] * n, [0] * n
    row_of, col_of, box_of = geo.row_of, geo.col_of, geo.box_of
    order = list(range(n))

    def place(cell: int, d: int, on: bool) -> None:
        bit = 1 << (d - 1)
        r, c, b = row_of[cell], col_of[cell], box_of[cell]
        if on:
            rows[r] |= bit; cols[c] |= bit; boxes[b] |= bit
            grid[cell] = d
        else:
            rows[r] &= ~bit; cols[c] &= ~bit; boxes[b] &= ~bit
            grid[cell] = 0

    # The first row is a free permutation, which removes the digit-relabelling symmetry cheaply.
    first = list(range(1, n + 1))
    rng.shuffle(first)
    for c, d in enumerate(first):
        place(c, d, True)

    def search() -> bool:
        best, best_mask, best_count = -1, 0, n + 1
        for i in range(shape.cells):
            if grid[i]:
                continue
            mask = full & ~(rows[row_of[i]] | cols[col_of[i]] | boxes[box_of[i]])
            k = mask.bit_count()
            if k < best_count:
                best, best_mask, best_count = i, mask, k
                if k <= 1:
                    break
        if best < 0:
            return True
        if best_count == 0:
            return False
        rng.shuffle(order)
        for d0 in order:
            if best_mask >> d0 & 1:
                place(best, d0 + 1, True)
                if search():
                    return True
                place(best, d0 + 1, False)
        return False

    if not search():  # impossible: a first row always extends to a full grid
        raise RuntimeError(f"no grid completes first row {first}")
    return grid
