"""periphery (hard): the nodes of greatest eccentricity in a connected undirected graph.

Trace (facts): `ecc(v) = k` for every node, then `diameter = d`; the periphery is every node with
eccentricity d.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.base import GraphTask
from rlsynth.envs.graphs.distances import connected_graph, eccentricity_facts
from rlsynth.envs.graphs.traces import Fact


@register
class Periphery(GraphTask):
    name = "graphs/periphery"
    description = "The periphery (nodes of greatest eccentricity) of a connected undirected graph"
    tier = "hard"
    answer_type = "node_list"

    def make_graph(self, rng, n, knobs):
        return connected_graph(rng, n, knobs)

    def question(self, inst):
        return ("The eccentricity of a node is its largest shortest-path distance (in edges) to "
                "any other node. Which nodes form the periphery of this connected graph, that is, "
                "which nodes have the largest eccentricity? List all of them.")

    def solve(self, inst):
        return inst.sorted(nx.periphery(inst.graph))

    def facts(self, inst, reference):
        eccentricities = eccentricity_facts(inst)
        return [*eccentricities,
                Fact("diameter", "integer", max(f.value for f in eccentricities))]
