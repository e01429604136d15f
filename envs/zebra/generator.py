"""Zebra puzzle generation and the expert's deduction order.

1. A random solution: M attributes drawn from a catalogue, N values each, a random permutation
   of houses per attribute.
2. Clues true in that solution are drawn at random and kept when they shrink some domain, until
   propagation settles every cell. Propagation is sound, so the puzzle then has one solution.
3. Clues are dropped one by one (random order) while propagation still settles everything: the
   set ends irredundant ("minimal-ish": no single clue can go).
4. The trace settles cells one at a time, each with the fewest clues found cheaply: none (the
   one-value-per-house rule on the cells so far), else one clue, else all clues' propagation
   with the cited set shrunk clue by clue while it still settles that cell (trying pairs of
   clues first would cut a few citations but triple the time at 6x6).
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from rlsynth.envs.zebra.logic import fresh_domains, holds, propagate, settled

ATTRIBUTES = {
    "name": ["Alice", "Bob", "Carol", "Dave", "Eve", "Frank", "Grace", "Heidi"],
    "color": ["red", "green", "blue", "yellow", "white", "purple", "orange", "black"],
    "pet": ["cat", "dog", "bird", "fish", "horse", "rabbit", "hamster", "turtle"],
    "drink": ["tea", "coffee", "milk", "juice", "water", "soda", "cocoa", "lemonade"],
    "food": ["pizza", "pasta", "salad", "soup", "sushi", "tacos", "curry", "bread"],
    "hobby": ["tennis", "soccer", "golf", "chess", "painting", "hiking", "reading", "cooking"],
}
# Draw weights: position clues settle cells at once, so they are rarer than relational ones.
KIND_WEIGHTS = {"same": 3, "not_same": 2, "left_of": 2, "right_after": 2, "next_to": 2,
                "at": 1, "not_at": 1}


@dataclass
class Zebra:
    attributes: list[str]
    values: list[list[str]]          # values[a][v]: the name of value v of attribute a
    solution: list[list[int]]        # solution[a][h]: the value of attribute a in house h
    clues: list[list]
    steps: list[list]                # [attribute, house, value, [clue indices]]

    @property
    def depth(self) -> int:
        """The most clues one step needs: how deep the deduction goes."""
        return max((len(s[3]) for s in self.steps), default=0)


def generate(rng: random.Random, n: int, m: int) -> Zebra:
    chosen = set(rng.sample(list(ATTRIBUTES), m))
    attributes = [a for a in ATTRIBUTES if a in chosen]
    values = [rng.sample(ATTRIBUTES[a], n) for a in attributes]
    solution = []
    for _ in attributes:
        row = list(range(n))
        rng.shuffle(row)
        solution.append(row)
    where = {(a, v): h for a, row in enumerate(solution) for h, v in enumerate(row)}
    clues = draw_clues(rng, n, m, solution, where)
    prune_clues(rng, n, m, clues)
    return Zebra(attributes, values, solution, clues, explain(n, m, clues))


def draw_clues(rng: random.Random, n: int, m: int, solution: list[list[int]],
               where: dict) -> list[list]:
    clues: list[list] = []
    dom = fresh_domains(n, m, {})
    kinds, weights = zip(*KIND_WEIGHTS.items())
    while len(settled(dom)) < n * m:
        clue = random_clue(rng, rng.choices(kinds, weights)[0], n, m, solution, where)
        if clue is None or clue in clues:
            continue
        trial = [list(row) for row in dom]
        propagate(trial, [(0, clue)])
        if trial != dom:
            clues.append(clue)
            propagate(dom, enumerate(clues))
    return clues


def random_clue(rng: random.Random, kind: str, n: int, m: int, solution: list[list[int]],
                where: dict) -> list | None:
    item = lambda a, h: [a, solution[a][h]]  # noqa: E731  (the item in house h)
    a, b = rng.randrange(m), rng.randrange(m)
    h = rng.randrange(n)
    if kind == "at":
        return ["at", item(a, h), h]
    if kind == "not_at":
        return ["not_at", item(a, h), rng.choice([k for k in range(n) if k != h])]
    if kind in ("same", "not_same") and a == b:
        return None
    other = {"same": h, "not_same": rng.choice([k for k in range(n) if k != h]),
             "left_of": rng.randrange(h + 1, n) if h < n - 1 else None,
             "right_after": h + 1 if h < n - 1 else None,
             "next_to": rng.choice([k for k in (h - 1, h + 1) if 0 <= k < n])}[kind]
    if other is None:
        return None
    clue = [kind, item(a, h), item(b, other)]
    assert holds(clue, where)
    return clue


def prune_clues(rng: random.Random, n: int, m: int, clues: list[list]) -> None:
    """Drop clues, in random order, that propagation can do without (in place)."""
    order = list(range(len(clues)))
    rng.shuffle(order)
    keep = set(order)
    for i in order:
        keep.discard(i)
        dom = fresh_domains(n, m, {})
        if propagate(dom, ((j, clues[j]) for j in sorted(keep))) is None or \
                len(settled(dom)) < n * m:
            keep.add(i)
    clues[:] = [clues[j] for j in sorted(keep)]


def explain(n: int, m: int, clues: list[list]) -> list[list]:
    """Deduction steps [attribute, house, value, cited clue indices] settling every cell."""
    fixed: dict[tuple[int, int], int] = {}
    steps: list[list] = []
    indexed = list(enumerate(clues))
    while len(fixed) < n * m:
        for cited in [[]] + [[i] for i in range(len(clues))]:
            dom = fresh_domains(n, m, fixed)
            propagate(dom, ((i, clues[i]) for i in cited))
            new = {k: v for k, v in settled(dom).items() if k not in fixed}
            if new:
                for (a, h), v in sorted(new.items()):
                    steps.append([a, h, v, cited])
                    fixed[(a, h)] = v
                break
        else:
            dom = fresh_domains(n, m, fixed)
            used = propagate(dom, indexed)
            (a, h), v = min((k, v) for k, v in settled(dom).items() if k not in fixed)
            cited = sorted(used)
            for i in list(cited):
                trial = [j for j in cited if j != i]
                dom = fresh_domains(n, m, fixed)
                propagate(dom, ((j, clues[j]) for j in trial))
                if dom[a][v] == 1 << h:
                    cited = trial
            steps.append([a, h, v, cited])
            fixed[(a, h)] = v
    return steps
