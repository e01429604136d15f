"""wiener_index (challenging): the sum of the shortest-path distances over all unordered pairs
of nodes of a connected graph.

Trace (facts): `pairs at distance k = c` for every distance k, then `wiener index = W`
(the sum of k * c).
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.distances import ConnectedGraphTask, pair_distance_counts
from rlsynth.envs.graphs.traces import Fact


@register
class WienerIndex(ConnectedGraphTask):
    name = "graphs/wiener_index"
    description = "Wiener index (sum of all pairwise distances) of a connected undirected graph"
    tier = "challenging"
    answer_type = "integer"

    def question(self, inst):
        return ("What is the Wiener index of this connected graph, that is, the sum of the "
                "shortest-path distances (in edges) over all unordered pairs of distinct nodes?")

    def solve(self, inst):
        return int(nx.wiener_index(inst.graph))

    def facts(self, inst, reference):
        counts = pair_distance_counts(inst)
        return [*(Fact(f"pairs at distance {d}", "integer", c) for d, c in counts.items()),
                Fact("wiener index", "integer", reference)]
