"""radius (hard): the least eccentricity of a connected undirected graph.

Trace (facts): `ecc(v) = k` for every node, then `radius = r`.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.distances import ECCENTRICITY, EccentricityTask


@register
class Radius(EccentricityTask):
    name = "graphs/radius"
    description = "The radius (least eccentricity) of a connected undirected graph"
    answer_type = "integer"
    extreme = "radius"

    def question(self, inst):
        return (f"{ECCENTRICITY} What is the radius of this connected graph, that is, the "
                "smallest eccentricity of any node?")

    def solve(self, inst):
        return nx.radius(inst.graph)
