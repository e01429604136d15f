"""diameter (hard): the greatest eccentricity (longest shortest path) of a connected graph.

Trace (facts): `ecc(v) = k` for every node, then `diameter = d`.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.base import GraphTask
from rlsynth.envs.graphs.distances import connected_graph, eccentricity_facts
from rlsynth.envs.graphs.traces import Fact


@register
class Diameter(GraphTask):
    name = "graphs/diameter"
    description = "The diameter (longest shortest-path distance) of a connected undirected graph"
    tier = "hard"
    answer_type = "integer"

    def make_graph(self, rng, n, knobs):
        return connected_graph(rng, n, knobs)

    def question(self, inst):
        return ("What is the diameter of this connected graph, that is, the largest "
                "shortest-path distance (in edges) between any two nodes?")

    def solve(self, inst):
        return nx.diameter(inst.graph)

    def facts(self, inst, reference):
        return [*eccentricity_facts(inst), Fact("diameter", "integer", reference)]
