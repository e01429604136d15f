"""The latent quantity graph of one compose problem and its gold solution.

A problem is a DAG of quantities: *givens* carry a stated value, *derived* quantities are one
elementary operation (+, -, *) on two earlier quantities, all modulo a prime. The op count (the
difficulty axis, as `op(G)` in GSM-Infinite / Interplay) is the number of derived quantities the
asked value needs; distractor quantities are derived too but nothing asked depends on them.

Forward mode asks for the last derived quantity (the *target*). Reverse mode states the target's
value instead, hides one given and asks for it. The hidden given reaches the target along a single
chain of + and - operations whose other operands do not depend on it, so the target is
`±hidden + constant` and the hidden value is unique; the solution inverts the chain step by step
(no division, so the op set stays +, -, *).
"""
from __future__ import annotations

import random
from dataclasses import dataclass

# Chance that an operand slot not forced to consume a pending quantity takes a fresh given
# (otherwise it reuses an earlier quantity, which makes the graph a DAG rather than a tree).
NEW_GIVEN_P = 0.55


def apply_op(op: str, x: int, y: int, modulus: int) -> int:
    if op == "+":
        return (x + y) % modulus
    if op == "-":
        return (x - y) % modulus
    return (x * y) % modulus


@dataclass
class QuantityGraph:
    """Quantities 0..n-1: `exprs[i]` is None for a given, else `[op, a, b]` meaning a op b."""

    exprs: list
    values: list
    target: int
    hidden: int | None
    chain: list  # reverse mode: the derived quantities on the hidden given's path, in order
    n_ops: int

    @property
    def asked(self) -> int:
        return self.target if self.hidden is None else self.hidden

    def known(self) -> list[int]:
        """The quantities whose values the prompt states."""
        stated = [i for i, e in enumerate(self.exprs) if e is None and i != self.hidden]
        if self.hidden is not None:
            stated.append(self.target)
        return stated

    def solution(self) -> list[list]:
        """Gold steps `[quantity, op, a, b]` in a valid order, ending with the asked quantity.

        Only derived steps appear here; a template that names quantities by phrases adds steps
        for the givens it uses (see `with_given_steps`).
        """
        on_chain = set(self.chain)
        steps = [[i, *e] for i, e in enumerate(self.exprs[:self.target + 1])
                 if e is not None and i not in on_chain]
        # Invert the chain from the target down to the hidden given: c = u + w -> u = c - w,
        # c = u - w -> u = c + w, c = w - u -> u = w - c.
        for child, below in zip(reversed(self.chain), reversed([self.hidden, *self.chain[:-1]])):
            op, a, b = self.exprs[child]
            other = b if a == below else a
            if op == "+":
                steps.append([below, "-", child, other])
            elif a == below:
                steps.append([below, "+", child, other])
            else:
                steps.append([below, "-", other, child])
        return steps


def with_given_steps(solution: list[list], known: list[int]) -> list[list]:
    """The solution with a `[given, None, None, None]` step before a stated given's first use."""
    stated, done, steps = set(known), set(), []
    for step in solution:
        for operand in step[2:]:
            if operand in stated and operand not in done:
                done.add(operand)
                steps.append([operand, None, None, None])
        steps.append(step)
    return steps


def sample_graph(rng: random.Random, n_ops: int, n_distractors: int, modulus: int,
                 reverse: bool) -> QuantityGraph:
    """Draw a graph with exactly `n_ops` needed operations and `n_distractors` unneeded ones."""
    exprs: list = []
    values: list = []

    def new_given() -> int:
        exprs.append(None)
        values.append(rng.randrange(modulus))
        return len(exprs) - 1

    # `pending` quantities must still be used by a later derived quantity: every derived one
    # (so the target needs them all) and, in reverse mode, the hidden given. Each new quantity
    # consumes at most two and adds one, so it must consume enough that the rest can finish.
    hidden = new_given() if reverse else None
    pending = [] if hidden is None else [hidden]
    tainted = set() if hidden is None else {hidden}  # quantities that depend on the hidden one
    chain = []
    for i in range(n_ops):
        left_after = n_ops - i - 1
        must = max(0, len(pending) - left_after)
        take = rng.randint(must, min(2, len(pending)))
        operands = [pending.pop(rng.randrange(len(pending))) for _ in range(take)]
        while len(operands) < 2:
            operands.append(_fresh_or_reused(rng, exprs, operands, pending, tainted, new_given))
        rng.shuffle(operands)
        on_chain = any(o in tainted for o in operands)
        node = _add_derived(rng, exprs, values, operands, modulus, multiply=not on_chain)
        if on_chain:
            tainted.add(node)
            chain.append(node)
        pending.append(node)
    target = len(exprs) - 1
    for _ in range(n_distractors):
        operands = []
        while len(operands) < 2:
            operands.append(_fresh_or_reused(rng, exprs, operands, [], set(), new_given))
        _add_derived(rng, exprs, values, operands, modulus, multiply=True)
    return QuantityGraph(exprs=exprs, values=values, target=target, hidden=hidden, chain=chain,
                         n_ops=n_ops)


def _fresh_or_reused(rng, exprs, operands, pending, tainted, new_given) -> int:
    """A new given, or an earlier quantity that is neither pending nor hidden-dependent."""
    if rng.random() >= NEW_GIVEN_P:
        # Rejection beats building the candidate list: most draws are accepted at once.
        for _ in range(8):
            pick = rng.randrange(len(exprs)) if exprs else -1
            if pick >= 0 and pick not in operands and pick not in pending and pick not in tainted:
                return pick
    return new_given()


def _add_derived(rng, exprs, values, operands, modulus, *, multiply: bool) -> int:
    a, b = operands
    x, y = values[a], values[b]
    # `*` only by nonzero values: a zero factor would make 0 a shortcut answer (the CPU probe's
    # policy collapsed onto answering 0 under mod-10 `*`).
    op = rng.choice("+-*" if multiply and x and y else "+-")
    exprs.append([op, a, b])
    values.append(apply_op(op, x, y, modulus))
    return len(exprs) - 1
