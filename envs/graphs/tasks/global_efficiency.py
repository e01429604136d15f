"""global_efficiency (challenging): the mean of 1 / d(u, v) over all unordered pairs of distinct
nodes (pairs in different components add 0).

Trace (facts): `pairs at distance k = c` for every finite distance k, then `inverse distance sum
= s` (the sum of c / k) and `efficiency = s / (n (n - 1) / 2)`.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.base import GraphTask
from rlsynth.envs.graphs.distances import pair_distance_counts
from rlsynth.envs.graphs.traces import Fact


@register
class GlobalEfficiency(GraphTask):
    name = "graphs/global_efficiency"
    description = "Global efficiency (mean inverse distance over node pairs) of a graph"
    tier = "challenging"
    answer_type = "float"

    def question(self, inst):
        return ("What is the global efficiency of this graph, that is, the average of 1/d over "
                "all unordered pairs of distinct nodes, where d is their shortest-path distance "
                "(in edges) and pairs with no path between them count 0?")

    def solve(self, inst):
        return nx.global_efficiency(inst.graph)

    def facts(self, inst, reference):
        counts = pair_distance_counts(inst)
        return [*(Fact(f"pairs at distance {d}", "integer", c) for d, c in counts.items()),
                Fact("inverse distance sum", "float", sum(c / d for d, c in counts.items())),
                Fact("efficiency", "float", reference)]
