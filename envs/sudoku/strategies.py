"""Human solving strategies: what each licenses on a board, and finders that spot them.

Each strategy is judged by one function, `licensed(board, step)`, which both the solver (through
the finders) and the verifier call, so the expert trace and the checker can never disagree. A
fill step is licensed when its strategy forces the digit; an elimination step names a pattern,
and the pattern licenses removing certain digits from certain cells.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations

from rlsynth.envs.sudoku.board import Board, digits_of

# Rank = how hard a strategy is for a person; the solver always tries the lowest rank first.
RANK = {
    "naked single": 1, "hidden single": 2, "pointing": 3, "claiming": 3, "naked pair": 4,
    "hidden pair": 5, "naked triple": 6, "x-wing": 7, "xy-wing": 8, "unique rectangle": 9,
}
# Cumulative tiers: a tier-t puzzle is solvable with TIERS[1..t] and (for t > 1) needs TIERS[t].
# Triples, x-wings, xy-wings and rectangles share a tier: each alone is needed by too few dug
# puzzles (~3% of tier-3 digs needed a triple or x-wing) to make a level of its own.
TIERS = {
    1: ("naked single", "hidden single"),
    2: ("pointing", "claiming", "naked pair", "hidden pair"),
    3: ("naked triple", "x-wing", "xy-wing", "unique rectangle"),
}


def tier_of(strategy: str) -> int:
    return next(t for t, names in TIERS.items() if strategy in names)


@dataclass(frozen=True)
class Fill:
    """Place `digit` in `cell`; `unit` = (kind, number) for a hidden single."""

    cell: int
    digit: int
    strategy: str
    unit: tuple[str, int] | None = None


@dataclass(frozen=True)
class Eliminate:
    """Remove `digits` (a mask) from `cells` by the pattern `pattern` of `strategy`.

    Patterns: naked pair/triple, xy-wing (pivot first), unique rectangle -> cells;
    hidden pair -> (digit mask, (kind, number)); pointing -> (digit, box, (kind, number));
    claiming -> (digit, (kind, number), box); x-wing -> (digit, base kind, base pair, cover pair).
    """

    digits: int
    cells: tuple[int, ...]
    strategy: str
    pattern: tuple


def licensed(board: Board, step: Fill | Eliminate) -> dict[int, int] | str:
    """For a fill: {cell: digit bit} when the strategy forces it. For an elimination: the
    {cell: mask} its pattern allows removing. A string says why the claim does not hold."""
    check = CHECKS.get(step.strategy)
    if check is None:
        return f"unknown strategy {step.strategy!r}"
    return check(board, step)


# --------------------------------------------------------------------------------------------
# What each strategy licenses


def _naked_single(board: Board, step: Fill) -> dict[int, int] | str:
    cand = board.cand[step.cell]
    if cand != 1 << (step.digit - 1):
        return f"{board.geo.shape.name(step.cell)} has candidates {_ds(cand)}, not only {step.digit}"
    return {step.cell: cand}


def _hidden_single(board: Board, step: Fill) -> dict[int, int] | str:
    geo, bit = board.geo, 1 << (step.digit - 1)
    unit = geo.unit(*step.unit) if step.unit else None
    if unit is None or step.cell not in unit:
        return f"{geo.shape.name(step.cell)} is not in {_unit_name(step.unit)}"
    if not board.cand[step.cell] & bit:
        return f"{step.digit} is not a candidate of {geo.shape.name(step.cell)}"
    others = [geo.shape.name(i) for i in unit if i != step.cell and board.cand[i] & bit]
    if others:
        return f"{step.digit} can also go in {','.join(others)} in {_unit_name(step.unit)}"
    return {step.cell: bit}


def _naked_subset(board: Board, step: Eliminate) -> dict[int, int] | str:
    cells, k = step.pattern, {"naked pair": 2, "naked triple": 3}[step.strategy]
    geo = board.geo
    if len(cells) != k or len(set(cells)) != k:
        return f"a {step.strategy} names {k} different cells"
    if any(board.grid[c] for c in cells):
        return "a pattern cell is already filled"
    union = 0
    for c in cells:
        union |= board.cand[c]
    if union.bit_count() != k:
        return f"the cells hold candidates {_ds(union)}, not exactly {k} digits"
    shared = [u for u in geo.units_of(cells[0]) if all(c in u for c in cells)]
    if not shared:
        return "the cells share no row, column or box"
    return {j: union for u in shared for j in u if j not in cells}


def _hidden_pair(board: Board, step: Eliminate) -> dict[int, int] | str:
    mask, unit_id = step.pattern
    unit = board.geo.unit(*unit_id)
    if unit is None or mask.bit_count() != 2:
        return "a hidden pair names two digits and a row, column or box"
    places = {frozenset(i for i in unit if board.cand[i] & bit) for bit in _bits(mask)}
    if len(places) != 1 or len(next(iter(places))) != 2:
        return f"digits {_ds(mask)} are not confined to the same two cells of {_unit_name(unit_id)}"
    return {i: board.geo.shape.full & ~mask for i in next(iter(places))}


def _pointing(board: Board, step: Eliminate) -> dict[int, int] | str:
    digit, box_no, line_id = step.pattern
    return _locked(board, digit, box_no, line_id, pointing=True)


def _claiming(board: Board, step: Eliminate) -> dict[int, int] | str:
    digit, line_id, box_no = step.pattern
    return _locked(board, digit, box_no, line_id, pointing=False)


def _locked(board: Board, digit: int, box_no: int, line_id: tuple[str, int],
            pointing: bool) -> dict[int, int] | str:
    """Locked candidates: `digit`'s places in one unit (the box when pointing, the row or column
    when claiming) all lie in the other unit, so it leaves the rest of the other unit."""
    box, line = board.geo.unit("box", box_no), board.geo.unit(*line_id)
    if box is None or line is None or line_id[0] == "box":
        return ("pointing names a box and a row or column" if pointing
                else "claiming names a row or column and a box")
    bit = 1 << (digit - 1)
    units = [(box, f"box {box_no}"), (line, _unit_name(line_id))]
    (home, home_name), (other, other_name) = units if pointing else units[::-1]
    places = [i for i in home if board.cand[i] & bit]
    if not places or any(i not in other for i in places):
        return f"{digit} in {home_name} is not confined to {other_name}"
    return {i: bit for i in other if i not in home}


def _x_wing(board: Board, step: Eliminate) -> dict[int, int] | str:
    digit, base_kind, base, cover = step.pattern
    geo, bit = board.geo, 1 << (digit - 1)
    cross = {"row": "col", "col": "row"}.get(base_kind)
    lines = [geo.unit(base_kind, b) for b in base] if cross else [None]
    covers = [geo.unit(cross, c) for c in cover] if cross else [None]
    if None in lines or None in covers or len(set(base)) != 2 or len(set(cover)) != 2:
        return "an x-wing names two rows and two columns"
    used = set()
    for number, line in zip(base, lines):
        spots = [i for i in line if board.cand[i] & bit]
        hit = {c for c, cov in zip(cover, covers) if any(i in cov for i in spots)}
        inside = [i for i in spots if any(i in cov for cov in covers)]
        if not spots or len(inside) != len(spots):
            return f"{digit} in {base_kind} {number} is not confined to {cross}s {cover[0]},{cover[1]}"
        used |= hit
    if len(used) != 2:
        return f"{digit} does not reach both {cross}s {cover[0]},{cover[1]}"
    base_cells = {i for line in lines for i in line}
    return {i: bit for cov in covers for i in cov if i not in base_cells}


def _xy_wing(board: Board, step: Eliminate) -> dict[int, int] | str:
    if len(step.pattern) != 3 or len(set(step.pattern)) != 3:
        return "an xy-wing names three cells: pivot, then two pincers"
    pivot, p1, p2 = step.pattern
    cand, peers = board.cand, board.geo.peers
    if any(cand[c].bit_count() != 2 for c in step.pattern):
        return "every xy-wing cell must have exactly two candidates"
    if p1 not in peers[pivot] or p2 not in peers[pivot]:
        return "the pivot must see both pincers"
    x, y = cand[pivot] & cand[p1], cand[pivot] & cand[p2]
    z = cand[p1] & ~cand[pivot]
    if (x.bit_count() != 1 or y.bit_count() != 1 or x == y or z.bit_count() != 1
            or cand[p2] != y | z):
        return (f"candidates {_ds(cand[pivot])}, {_ds(cand[p1])}, {_ds(cand[p2])} do not form "
                f"xy, xz, yz")
    seen = set(peers[p1]) & set(peers[p2])
    return {i: z for i in seen if i not in step.pattern}


def _unique_rectangle(board: Board, step: Eliminate) -> dict[int, int] | str:
    cells, geo = step.pattern, board.geo
    rows = {geo.row_of[c] for c in cells}
    cols = {geo.col_of[c] for c in cells}
    if (len(set(cells)) != 4 or len(rows) != 2 or len(cols) != 2
            or len({geo.box_of[c] for c in cells}) != 2):
        return "a unique rectangle is four cells on two rows, two columns and two boxes"
    if any(board.grid[c] for c in cells):
        return "a rectangle cell is already filled"
    masks = [board.cand[c] for c in cells]
    pair = next((m for m in masks if m.bit_count() == 2 and masks.count(m) == 3), None)
    if pair is None:
        return "three rectangle cells must share the same two candidates"
    extra = [c for c in cells if board.cand[c] != pair]
    if len(extra) != 1 or board.cand[extra[0]] & pair != pair:
        return "the fourth cell must hold both pair digits and more"
    return {extra[0]: pair}


CHECKS = {
    "naked single": _naked_single, "hidden single": _hidden_single,
    "naked pair": _naked_subset, "naked triple": _naked_subset, "hidden pair": _hidden_pair,
    "pointing": _pointing, "claiming": _claiming, "x-wing": _x_wing, "xy-wing": _xy_wing,
    "unique rectangle": _unique_rectangle,
}


def _bits(mask: int) -> Iterator[int]:
    while mask:
        low = mask & -mask
        yield low
        mask ^= low


def _ds(mask: int) -> str:
    return ",".join(map(str, digits_of(mask))) or "none"


def _unit_name(unit: tuple[str, int] | None) -> str:
    return f"{unit[0]} {unit[1]}" if unit else "no unit"


# --------------------------------------------------------------------------------------------
# Finders: the solver's way of spotting each strategy (cheap filters, then `licensed`)


def naked_singles(board: Board) -> list[Fill]:
    return [Fill(i, c.bit_length(), "naked single")
            for i, c in enumerate(board.cand) if c and not c & (c - 1)]


def hidden_singles(board: Board) -> list[Fill]:
    found, cand = [], board.cand
    for kind, number, unit in board.geo.units:
        once = twice = 0
        for i in unit:
            c = cand[i]
            twice |= once & c
            once |= c
        for bit in _bits(once & ~twice):
            cell = next(i for i in unit if cand[i] & bit)
            found.append(Fill(cell, bit.bit_length(), "hidden single", (kind, number)))
    return found


def find_elimination(board: Board, strategy: str) -> Eliminate | None:
    """The first `strategy` pattern that removes at least one candidate, or None."""
    for pattern, digits in PATTERNS[strategy](board):
        step = Eliminate(digits, (), strategy, pattern)
        allowed = licensed(board, step)
        if isinstance(allowed, str):
            continue
        cells = tuple(sorted(i for i, m in allowed.items() if board.cand[i] & m))
        if cells:
            removed = 0
            for i in cells:
                removed |= board.cand[i] & allowed[i]
            return Eliminate(removed, cells, strategy, pattern)
    return None


def digit_places(board: Board) -> list[int]:
    """places[d]: the cells (as a bitmask) where digit d+1 is still a candidate."""
    places = [0] * board.geo.shape.n
    for i, c in enumerate(board.cand):
        while c:
            low = c & -c
            places[low.bit_length() - 1] |= 1 << i
            c ^= low
    return places


def _locked_patterns(board: Board, strategy: str) -> Iterator[tuple[tuple, int]]:
    """Only the productive ones: cell bitmasks make each test a few integer operations."""
    geo = board.geo
    lines = (("row", geo.row_masks, geo.row_of), ("col", geo.col_masks, geo.col_of))
    for d, spots in enumerate(digit_places(board)):
        if strategy == "pointing":
            for b, box in enumerate(geo.box_masks):
                inside = spots & box
                if inside & (inside - 1):  # two or more places
                    first = (inside & -inside).bit_length() - 1
                    for kind, masks, of in lines:
                        line = masks[of[first]]
                        if not inside & ~line and spots & line & ~box:
                            yield (d + 1, b + 1, (kind, of[first] + 1)), 1 << d
        else:
            for kind, masks, _ in lines:
                for number, line in enumerate(masks, 1):
                    inside = spots & line
                    if inside & (inside - 1):
                        box_no = geo.box_of[(inside & -inside).bit_length() - 1]
                        box = geo.box_masks[box_no]
                        if not inside & ~box and spots & box & ~line:
                            yield (d + 1, (kind, number), box_no + 1), 1 << d


def _naked_patterns(board: Board, k: int) -> Iterator[tuple[tuple, int]]:
    cand = board.cand
    for _, _, unit in board.geo.units:
        small = [i for i in unit if 2 <= cand[i].bit_count() <= k]
        for combo in combinations(small, k):
            union = 0
            for i in combo:
                union |= cand[i]
            if union.bit_count() == k:
                yield combo, union


def _hidden_pair_patterns(board: Board) -> Iterator[tuple[tuple, int]]:
    geo, cand = board.geo, board.cand
    places = digit_places(board)
    unit_masks = geo.row_masks + geo.col_masks + geo.box_masks
    for (kind, number, _), unit in zip(geo.units, unit_masks):
        where: dict[int, int] = {}
        for d, spots in enumerate(places):
            inside = spots & unit
            if inside.bit_count() == 2:
                where[inside] = where.get(inside, 0) | 1 << d
        for cells, mask in where.items():
            if mask.bit_count() == 2:
                a = (cells & -cells).bit_length() - 1
                b = cells.bit_length() - 1
                if (cand[a] | cand[b]) & ~mask:
                    yield (mask, (kind, number)), mask


def _x_wing_patterns(board: Board) -> Iterator[tuple[tuple, int]]:
    geo = board.geo
    for d, spots in enumerate(digit_places(board)):
        for kind, masks, cross_masks, other in (("row", geo.row_masks, geo.col_masks, geo.col_of),
                                                ("col", geo.col_masks, geo.row_masks, geo.row_of)):
            pairs: dict[tuple[int, int], list[int]] = {}
            for number, line in enumerate(masks, 1):
                inside = spots & line
                if inside.bit_count() == 2:
                    cover = (other[(inside & -inside).bit_length() - 1] + 1,
                             other[inside.bit_length() - 1] + 1)
                    pairs.setdefault(cover, []).append(number)
            for cover, bases in pairs.items():
                covered = cross_masks[cover[0] - 1] | cross_masks[cover[1] - 1]
                for base in combinations(bases, 2):
                    if spots & covered & ~(masks[base[0] - 1] | masks[base[1] - 1]):
                        yield (d + 1, kind, base, cover), 1 << d


def _xy_wing_patterns(board: Board) -> Iterator[tuple[tuple, int]]:
    cand, peers = board.cand, board.geo.peers
    for pivot, pm in enumerate(cand):
        if pm.bit_count() != 2:
            continue
        wings = [p for p in peers[pivot] if cand[p].bit_count() == 2 and cand[p] != pm
                 and (cand[p] & pm).bit_count() == 1]
        for p1, p2 in combinations(wings, 2):
            z = cand[p1] & ~pm
            if cand[p2] & ~pm == z and cand[p1] & pm != cand[p2] & pm:
                yield (pivot, p1, p2), z


def _rectangle_patterns(board: Board) -> Iterator[tuple[tuple, int]]:
    geo, cand, n = board.geo, board.cand, board.geo.shape.n
    for row in geo.rows:
        pairs = [i for i in row if cand[i].bit_count() == 2]
        for a, b in combinations(pairs, 2):
            if cand[a] != cand[b]:
                continue
            for r2 in range(n):
                c, d = r2 * n + geo.col_of[a], r2 * n + geo.col_of[b]
                if r2 != geo.row_of[a] and len({geo.box_of[x] for x in (a, b, c, d)}) == 2:
                    yield tuple(sorted((a, b, c, d))), cand[a]


PATTERNS = {
    "pointing": lambda b: _locked_patterns(b, "pointing"),
    "claiming": lambda b: _locked_patterns(b, "claiming"),
    "naked pair": lambda b: _naked_patterns(b, 2),
    "naked triple": lambda b: _naked_patterns(b, 3),
    "hidden pair": _hidden_pair_patterns,
    "x-wing": _x_wing_patterns,
    "xy-wing": _xy_wing_patterns,
    "unique rectangle": _rectangle_patterns,
}
