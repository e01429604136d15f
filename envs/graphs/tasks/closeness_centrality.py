"""closeness_centrality (hard): (n - 1) / (sum of distances from a node) in a connected graph.

Trace (facts): `layer k = [nodes]` (the nodes at distance k from the query node), then
`distance sum = s` and `closeness = x`.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.base import random_node
from rlsynth.envs.graphs.distances import ConnectedGraphTask, distances_from, layer_facts
from rlsynth.envs.graphs.traces import Fact


@register
class ClosenessCentrality(ConnectedGraphTask):
    name = "graphs/closeness_centrality"
    description = "Closeness centrality of a node in a connected undirected graph"
    tier = "hard"
    answer_type = "float"

    def pose(self, rng, inst):
        return {"node": random_node(rng, inst)}

    def question(self, inst):
        return (f"What is the closeness centrality of node {inst.name(inst.params['node'])}, "
                "that is, the number of other nodes divided by the sum of the shortest-path "
                "distances (in edges) from this node to all other nodes?")

    def solve(self, inst):
        return nx.closeness_centrality(inst.graph, u=inst.params["node"])

    def facts(self, inst, reference):
        v = inst.params["node"]
        return [*layer_facts(inst, v),
                Fact("distance sum", "integer", sum(distances_from(inst, v).values())),
                Fact("closeness", "float", reference)]
