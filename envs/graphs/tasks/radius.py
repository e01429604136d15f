"""radius (hard): the least eccentricity of a connected undirected graph.

Trace (facts): `ecc(v) = k` for every node, then `radius = r`.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.base import GraphTask
from rlsynth.envs.graphs.distances import connected_graph, eccentricity_facts
from rlsynth.envs.graphs.traces import Fact


@register
class Radius(GraphTask):
    name = "graphs/radius"
    description = "The radius (least eccentricity) of a connected undirected graph"
    tier = "hard"
    answer_type = "integer"

    def make_graph(self, rng, n, knobs):
        return connected_graph(rng, n, knobs)

    def question(self, inst):
        return ("The eccentricity of a node is its largest shortest-path distance (in edges) to "
                "any other node. What is the radius of this connected graph, that is, the "
                "smallest eccentricity of any node?")

    def solve(self, inst):
        return nx.radius(inst.graph)

    def facts(self, inst, reference):
        return [*eccentricity_facts(inst), Fact("radius", "integer", reference)]
