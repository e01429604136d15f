"""Wrong answers next to a reference: negative examples for tests and for contrastive data.

`near_misses(kind, value, n)` changes a reference in the smallest ways its type allows: a number
off by one or by ten times the float tolerance, the other yes/no, one node or edge dropped or
added, a list reordered. Each is wrong for a task whose answer is unique, and also for the
"any minimum / maximum one" tasks (a set one element smaller or larger than the optimum is not
optimal) and for traversal orders (the start node must come first, every reachable node once).
"""
from __future__ import annotations

from typing import Any

from rlsynth.envs.graphs.answers import FLOAT_TOL


def near_misses(kind: str, value: Any, n: int) -> list[Any]:
    """Values of answer type `kind` that differ from `value` (node ids 0..n-1)."""
    if kind == "integer":
        return [value + 1, value - 1]
    if kind == "float":
        step = 10 * FLOAT_TOL * (1 + abs(value))
        return [value + step, value - step]
    if kind == "yes_no":
        return [not value]
    if kind == "mapping":
        if not value:
            return []
        key = next(iter(value))
        return [{**value, key: (value[key] + 1) % n}] if n > 1 else []
    items = list(value)
    out: list[Any] = []
    if items:
        out.append(items[:-1])
    if kind in ("node_list", "ordered_node_list"):
        absent = [v for v in range(n) if v not in items]
        if absent:
            out.append([*items, absent[0]])
        if kind == "ordered_node_list" and len(items) >= 2:
            out.append([items[-1], *items[1:-1], items[0]])
            out.append([*items, items[0]])  # a node visited twice
    else:
        present = {frozenset(e) for e in items}
        absent_edge = next(((u, v) for u in range(n) for v in range(u + 1, n)
                            if frozenset((u, v)) not in present), None)
        if absent_edge:
            out.append([*items, absent_edge])
        if kind == "ordered_edge_list" and len(items) >= 2 and items != items[::-1]:
            out.append(items[::-1])
    return out
