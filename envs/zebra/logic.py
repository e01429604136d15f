"""Zebra clues and the propagation that both solves puzzles and judges trace steps.

A puzzle has `n` houses (0-based here, 1-based in text) and `m` attributes with `n` values each.
An item is (attribute, value); `dom[a][v]` is the bitmask of houses item (a, v) may occupy.
Clues are JSON lists: [kind, item, item] for two-item kinds, [kind, item, house] for `at` and
`not_at`. Propagation applies each clue's rule and the one-value-per-house rule until nothing
changes; every rule is sound, so whatever it settles holds in every solution.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

# Clue sentences; {x} and {y} are item phrases, {k} a 1-based house number.
TEXTS = {
    "same": "the house with {x} also has {y}",
    "not_same": "the house with {x} does not have {y}",
    "left_of": "the house with {x} is somewhere left of the house with {y}",
    "right_after": "the house with {y} is directly right of the house with {x}",
    "next_to": "the house with {x} is next to the house with {y}",
    "at": "the house with {x} is house {k}",
    "not_at": "the house with {x} is not house {k}",
}


def holds(clue: list, where: Mapping[tuple[int, int], int]) -> bool:
    """Whether `clue` is true when item (a, v) sits in house where[(a, v)]."""
    kind, x = clue[0], where[tuple(clue[1])]
    if kind in ("at", "not_at"):
        return (x == clue[2]) == (kind == "at")
    y = where[tuple(clue[2])]
    return {"same": x == y, "not_same": x != y, "left_of": x < y, "right_after": y == x + 1,
            "next_to": abs(x - y) == 1}[kind]


def fresh_domains(n: int, m: int, fixed: Mapping[tuple[int, int], int]) -> list[list[int]]:
    """Domains knowing only the fixed cells: house h of attribute a holds value v."""
    full = (1 << n) - 1
    dom = [[full] * n for _ in range(m)]
    for (a, h), v in fixed.items():
        dom[a][v] = 1 << h
    return dom


def propagate(dom: list[list[int]], clues: Iterable[list]) -> set[int] | None:
    """Shrink `dom` in place to the fixpoint of `clues` (given as (index, clue) pairs) and the
    one-value-per-house rule. Returns the indices of the clues that shrank something, or None
    when some item is left with no house (the premises contradict each other)."""
    clues = list(clues)
    n = len(dom[0])
    full = (1 << n) - 1
    used: set[int] = set()
    changed = True
    while changed:
        changed = False
        for index, (kind, xi, y) in clues:
            row = dom[xi[0]]
            x_old = x = row[xi[1]]
            if kind == "at":
                x &= 1 << y
            elif kind == "not_at":
                x &= ~(1 << y)
            else:
                y_row, yv = dom[y[0]], y[1]
                y_old = yy = y_row[yv]
                if kind == "same":
                    x = yy = x & yy
                elif kind == "not_same":
                    if not x & (x - 1):
                        yy &= ~x
                    if not yy & (yy - 1):
                        x &= ~yy
                elif kind == "left_of":
                    x &= (1 << (yy.bit_length() - 1)) - 1 if yy else 0
                    low = (x & -x).bit_length()
                    yy &= full & ~((1 << low) - 1) if x else 0
                elif kind == "right_after":
                    x &= yy >> 1
                    yy &= (x << 1) & full
                else:  # next_to
                    x &= (yy << 1 | yy >> 1) & full
                    yy &= (x << 1 | x >> 1) & full
                if yy != y_old:
                    y_row[yv] = yy
                    used.add(index)
                    changed = True
                    if not yy:
                        return None
            if x != x_old:
                row[xi[1]] = x
                used.add(index)
                changed = True
                if not x:
                    return None
        for row in dom:
            before = list(row)
            if not _all_different(row, full):
                return None
            changed = changed or row != before  # feeds the clues again on the next pass
    return used


def _all_different(row: list[int], full: int) -> bool:
    """Settled items leave their house to the others; a house only one item can take gets it.
    Loops to its own fixpoint; returns False on a contradiction."""
    while True:
        before = list(row)
        for v, x in enumerate(row):
            if x and not x & (x - 1):
                for w in range(len(row)):
                    if w != v:
                        row[w] &= ~x
        for h in range(len(row)):
            bit = 1 << h
            takers = [v for v, x in enumerate(row) if x & bit]
            if len(takers) == 1:
                row[takers[0]] = bit
            elif not takers:
                return False
        if 0 in row:
            return False
        if row == before:
            return True


def settled(dom: list[list[int]]) -> dict[tuple[int, int], int]:
    """{(attribute, house): value} for every item whose house is known."""
    return {(a, x.bit_length() - 1): v for a, row in enumerate(dom) for v, x in enumerate(row)
            if x and not x & (x - 1)}
