"""Minimum spanning trees, shared by minimum_spanning_tree (easy) and
weighted_minimum_spanning_tree (challenging): the connected weighted graph, the Kruskal reference,
the structural check that accepts any minimum spanning tree, and a Kruskal replay that judges the
edges a trace adds (each task keeps its own step grammar).
"""
from __future__ import annotations

import networkx as nx

from rlsynth.envs.graphs.base import GraphTask, Instance
from rlsynth.envs.graphs.distances import weighted_connected_graph, weights


class SpanningTreeTask(GraphTask):
    """Base of the spanning-tree tasks: any spanning tree of least total weight is accepted."""

    answer_type = "edge_list"

    def make_graph(self, rng, n, knobs):
        return weighted_connected_graph(rng, n, knobs)

    def solve(self, inst):
        """Kruskal's tree, edges in the order Kruskal takes them (weight, then labels)."""
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


class Kruskal:
    """Kruskal's algorithm replayed over the edges a trace adds, in the trace's order: each must
    join two components and be a lightest edge that does (any tie-break). `total` is the weight
    taken so far. (After a wrong step, traces.simulate judges every later step wrong.)
    """

    def __init__(self, inst: Instance) -> None:
        self.inst = inst
        self.weight = weights(inst)
        self.edges = edges_by_weight(inst)
        self.components = Components(inst.n)
        self.next = 0
        self.total = 0

    def add(self, u: int, v: int) -> str | None:
        """Take the edge (u, v): None if Kruskal may take it now, else why not."""
        find = self.components.find
        if find(u) == find(v):
            return f"({self.inst.name(u)}, {self.inst.name(v)}) closes a cycle"
        # An edge inside one component never becomes usable again, so a pointer over the sorted
        # edges finds the lightest usable one (there is one: u-v is usable).
        while find(self.edges[self.next][1]) == find(self.edges[self.next][2]):
            self.next += 1
        lightest = self.edges[self.next][0]
        if self.weight[u, v] != lightest:
            return f"a lighter edge (weight {lightest}) joins two components"
        self.components.join(u, v)
        self.total += self.weight[u, v]
        return None


def edges_by_weight(inst: Instance) -> list[tuple[int, int, int]]:
    """(weight, u, v) for every edge, lightest first (sorted once per task, cached)."""
    edges = inst.cache.get("edges by weight")
    if edges is None:
        edges = inst.cache["edges by weight"] = sorted(
            (w, u, v) for (u, v), w in weights(inst).items() if u < v)
    return edges


class Components:
    """Union-find over nodes 0..n-1 (path halving)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, v: int) -> int:
        while self.parent[v] != v:
            self.parent[v] = self.parent[self.parent[v]]
            v = self.parent[v]
        return v

    def join(self, u: int, v: int) -> bool:
        """Merge the components of u and v; False if they were already one."""
        ru, rv = self.find(u), self.find(v)
        if ru == rv:
            return False
        self.parent[ru] = rv
        return True
