"""diameter (hard): the greatest eccentricity (longest shortest path) of a connected graph.

Trace (facts): `ecc(v) = k` for every node, then `diameter = d`.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.distances import EccentricityTask


@register
class Diameter(EccentricityTask):
    name = "graphs/diameter"
    description = "The diameter (longest shortest-path distance) of a connected undirected graph"
    answer_type = "integer"
    extreme = "diameter"

    def question(self, inst):
        return ("What is the diameter of this connected graph, that is, the largest "
                "shortest-path distance (in edges) between any two nodes?")

    def solve(self, inst):
        return nx.diameter(inst.graph)
