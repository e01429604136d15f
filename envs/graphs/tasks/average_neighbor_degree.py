"""average_neighbor_degree (hard): the mean degree of the neighbours of a node.

Trace (facts): `N(v) = [neighbours]`, `deg(u) = k` for each neighbour u, `degree sum = s`, then
`average = s / deg(v)`.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.base import GraphTask, random_node
from rlsynth.envs.graphs.traces import Fact


@register
class AverageNeighborDegree(GraphTask):
    name = "graphs/average_neighbor_degree"
    description = "Average degree of the neighbours of a node"
    tier = "hard"
    answer_type = "float"

    def pose(self, rng, inst):
        return {"node": random_node(rng, inst)}

    def question(self, inst):
        return (f"What is the average neighbour degree of node {inst.name(inst.params['node'])}, "
                "that is, the mean of the degrees of its neighbours (0 if it has none)?")

    def solve(self, inst):
        v = inst.params["node"]
        return nx.average_neighbor_degree(inst.graph, nodes=[v])[v]

    def facts(self, inst, reference):
        v, adj = inst.params["node"], inst.adj
        neighbours = inst.sorted(adj[v])
        return [Fact(f"N({inst.name(v)})", "node_list", neighbours),
                *(Fact(f"deg({inst.name(u)})", "integer", len(adj[u])) for u in neighbours),
                Fact("degree sum", "integer", sum(len(adj[u]) for u in neighbours)),
                Fact("average", "float", reference)]
