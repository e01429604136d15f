"""center (hard): the nodes of least eccentricity in a connected undirected graph.

Trace (facts): `ecc(v) = k` for every node, then `radius = r`; the center is every node with
eccentricity r.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.distances import ECCENTRICITY, EccentricityTask


@register
class Center(EccentricityTask):
    name = "graphs/center"
    description = "The center (nodes of least eccentricity) of a connected undirected graph"
    answer_type = "node_list"
    extreme = "radius"

    def question(self, inst):
        return (f"{ECCENTRICITY} Which nodes form the center of this connected graph, that is, "
                "which nodes have the smallest eccentricity? List all of them.")

    def solve(self, inst):
        return inst.sorted(nx.center(inst.graph))
