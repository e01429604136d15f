"""periphery (hard): the nodes of greatest eccentricity in a connected undirected graph.

Trace (facts): `ecc(v) = k` for every node, then `diameter = d`; the periphery is every node with
eccentricity d.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.distances import ECCENTRICITY, EccentricityTask


@register
class Periphery(EccentricityTask):
    name = "graphs/periphery"
    description = "The periphery (nodes of greatest eccentricity) of a connected undirected graph"
    answer_type = "node_list"
    extreme = "diameter"

    def question(self, inst):
        return (f"{ECCENTRICITY} Which nodes form the periphery of this connected graph, that is, "
                "which nodes have the largest eccentricity? List all of them.")

    def solve(self, inst):
        return inst.sorted(nx.periphery(inst.graph))
