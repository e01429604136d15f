"""weighted_minimum_spanning_tree (challenging): the edges of a minimum spanning tree of a
connected weighted graph; any spanning tree of least total weight is accepted.

Trace (Kruskal): `add (u, v) = w` for each chosen edge, where w is its weight and it must be a
cheapest edge joining two different components of the edges chosen so far (any tie-break), then
`total weight = W`.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs import answers, traces
from rlsynth.envs.graphs.base import GraphTask
from rlsynth.envs.graphs.distances import weighted_connected_graph, weights


@register
class WeightedMinimumSpanningTree(GraphTask):
    name = "graphs/weighted_minimum_spanning_tree"
    description = "A minimum spanning tree of a connected weighted graph (any one accepted)"
    tier = "challenging"
    answer_type = "edge_list"

    def make_graph(self, rng, n, knobs):
        return weighted_connected_graph(rng, n, knobs)

    def question(self, inst):
        return ("Give the edges of a minimum spanning tree of this connected weighted graph: "
                "a set of edges that connects all nodes without a cycle and has the least "
                "total weight. If several trees have the least weight, any one is accepted.")

    def solve(self, inst):
        tree = nx.minimum_spanning_tree(inst.graph, algorithm="kruskal")
        return sorted((tuple(inst.sorted(e)) for e in tree.edges),
                      key=lambda e: (weights(inst)[e], *map(inst.labels.sort_key, e)))

    def check(self, inst, reference, given):
        w = weights(inst)
        missing = [e for e in given if e not in w]
        if missing:
            return f"({inst.name(missing[0][0])}, {inst.name(missing[0][1])}) is not an edge"
        if len(given) != inst.n - 1:
            return f"a spanning tree of {inst.n} nodes has {inst.n - 1} edges, not {len(given)}"
        components = Components(inst.n)
        if not all(components.join(u, v) for u, v in given):
            return "the edges contain a cycle"
        total, best = sum(w[e] for e in given), sum(w[e] for e in reference)
        return None if total == best else f"the tree weighs {total}; the least weight is {best}"

    def trace(self, inst, reference):
        w = weights(inst)
        return [*(f"add ({inst.name(u)}, {inst.name(v)}) = {w[u, v]}" for u, v in reference),
                f"total weight = {sum(w[e] for e in reference)}"]

    def check_steps(self, inst, reference, lines):
        w = weights(inst)
        edges = sorted((weight, u, v) for (u, v), weight in w.items() if u < v)
        components = Components(inst.n)
        total = [0]

        def step(line):
            if line.key == "totalweight":
                given = answers.parse("integer", line.value, inst.labels)
                return None if given == total[0] else f"the chosen edges weigh {total[0]}"
            if not line.key.startswith("add"):
                return f"expected 'add (u, v) = w' or 'total weight = W', got {line.key!r}"
            ends = answers.parse_nodes(line.key[len("add"):], inst.labels)
            if len(ends) != 2 or tuple(ends) not in w:
                return f"{line.key[len('add'):]!r} is not an edge"
            u, v = ends
            if answers.parse("integer", line.value, inst.labels) != w[u, v]:
                return f"the weight of ({inst.name(u)}, {inst.name(v)}) is {w[u, v]}"
            cheapest = next(x for x, a, b in edges if components.find(a) != components.find(b))
            if not components.join(u, v):
                return f"({inst.name(u)}, {inst.name(v)}) closes a cycle"
            if w[u, v] != cheapest:
                return f"a cheaper edge (weight {cheapest}) joins two components"
            total[0] += w[u, v]
            return None

        return traces.simulate(lines, step)


class Components:
    """Union-find over nodes 0..n-1."""

    def __init__(self, n):
        self.parent = list(range(n))

    def find(self, v):
        while self.parent[v] != v:
            self.parent[v] = self.parent[self.parent[v]]
            v = self.parent[v]
        return v

    def join(self, u, v):
        """Merge the components of u and v; False if they were already one."""
        ru, rv = self.find(u), self.find(v)
        if ru == rv:
            return False
        self.parent[ru] = rv
        return True
