"""dominating_set (easy): a minimum dominating set (every node in it or adjacent to it); any
dominating set of the minimum size is accepted. The minimum comes from an exact branch and bound
(networkx only has an approximation), which the tests cross-check by brute force on small graphs.

Trace (simulated): `choose v = [w1, w2]` per chosen node, listing the nodes it newly dominates
(itself and its neighbours not yet dominated).
"""
from rlsynth import register
from rlsynth.envs.graphs import answers, traces
from rlsynth.envs.graphs.base import GraphTask


@register
class DominatingSet(GraphTask):
    name = "graphs/dominating_set"
    description = "A minimum dominating set of an undirected graph (any minimum one accepted)"
    tier = "easy"
    answer_type = "node_list"

    def question(self, inst):
        return ("Find a minimum dominating set of this graph: a smallest set of nodes such that "
                "every node is in the set or adjacent to a node in it. Any dominating set of the "
                "minimum size is accepted.")

    def solve(self, inst):
        return inst.sorted(minimum_dominating_set(inst.adj))

    def check(self, inst, reference, given):
        if len(set(given)) != len(given):
            return "a node is listed twice"
        closed = closed_masks(inst)
        dominated = 0
        for v in given:
            dominated |= closed[v]
        if dominated != (1 << inst.n) - 1:
            return "not a dominating set"
        if len(given) != len(reference):
            return f"a dominating set with {len(reference)} nodes exists"
        return None

    def trace(self, inst, reference):
        dominated, lines = set(), []
        for v in reference:
            new = inst.sorted(({v} | inst.adj[v]) - dominated)
            dominated.update(new)
            lines.append(f"choose {inst.name(v)} = "
                         f"{answers.format_value('node_list', new, inst.labels)}")
        return lines

    def check_steps(self, inst, reference, lines):
        dominated: set[int] = set()

        def step(line):
            v = traces.key_node(line, "choose", inst.labels)
            new = answers.parse("node_list", line.value, inst.labels)
            truth = ({v} | inst.adj[v]) - dominated
            if set(new) != truth or len(new) != len(truth):
                return f"{inst.name(v)} newly dominates {len(truth)} nodes, not these"
            dominated.update(truth)
            return None

        return traces.simulate(lines, step)


def closed_masks(inst) -> list[int]:
    """Bit mask of each node's closed neighbourhood, cached on the instance."""
    if "closed" not in inst.cache:
        inst.cache["closed"] = [(1 << v) | sum(1 << w for w in inst.adj[v]) for v in range(inst.n)]
    return inst.cache["closed"]


def minimum_dominating_set(adj: list[set[int]]) -> list[int]:
    """An exact minimum dominating set by branch and bound on bit masks.

    Branch on the undominated node with the fewest possible dominators (one of its closed
    neighbourhood must be chosen), skipping dominators whose new coverage is a subset of another's;
    bound by ceil(undominated / most nodes one choice can cover) and by a packing of undominated
    nodes no two of which share a possible dominator.
    """
    n = len(adj)
    closed = [(1 << v) | sum(1 << w for w in adj[v]) for v in range(n)]
    full = (1 << n) - 1
    best = greedy_dominating_set(closed, full)
    chosen: list[int] = []

    def search(dominated: int) -> None:
        nonlocal best
        if dominated == full:
            if len(chosen) < len(best):
                best = chosen[:]
            return
        remaining = full & ~dominated
        cover = max((closed[v] & remaining).bit_count() for v in range(n))
        undominated = sorted(bits(remaining), key=lambda x: closed[x].bit_count())
        if len(chosen) + max(-(-remaining.bit_count() // cover),
                             packing_bound(undominated, closed)) >= len(best):
            return
        u = undominated[0]
        options: list[int] = []
        for w in sorted(bits(closed[u]), key=lambda x: -(closed[x] & remaining).bit_count()):
            gain = closed[w] & remaining
            # a choice that covers a subset of what another covers is never needed (swap them)
            if not any(gain & ~(closed[o] & remaining) == 0 for o in options):
                options.append(w)
        for w in options:
            chosen.append(w)
            search(dominated | closed[w])
            chosen.pop()

    search(0)
    return best


def packing_bound(undominated: list[int], closed: list[int]) -> int:
    """Undominated nodes with pairwise disjoint closed neighbourhoods need distinct dominators:
    the size of a greedy such packing is a lower bound."""
    used, count = 0, 0
    for u in undominated:
        if not closed[u] & used:
            used |= closed[u]
            count += 1
    return count


def greedy_dominating_set(closed: list[int], full: int) -> list[int]:
    """Repeatedly choose the node that dominates the most undominated nodes (an upper bound)."""
    dominated, chosen = 0, []
    while dominated != full:
        v = max(range(len(closed)), key=lambda x: (closed[x] & ~dominated).bit_count())
        chosen.append(v)
        dominated |= closed[v]
    return chosen


def bits(mask: int) -> list[int]:
    """The indices of the set bits of mask."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out
