"""center (hard): the nodes of least eccentricity in a connected undirected graph.

Trace (facts): `ecc(v) = k` for every node, then `radius = r`; the center is every node with
eccentricity r.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.base import GraphTask
from rlsynth.envs.graphs.distances import connected_graph, eccentricity_facts
from rlsynth.envs.graphs.traces import Fact


@register
class Center(GraphTask):
    name = "graphs/center"
    description = "The center (nodes of least eccentricity) of a connected undirected graph"
    tier = "hard"
    answer_type = "node_list"

    def make_graph(self, rng, n, knobs):
        return connected_graph(rng, n, knobs)

    def question(self, inst):
        return ("The eccentricity of a node is its largest shortest-path distance (in edges) to "
                "any other node. Which nodes form the center of this connected graph, that is, "
                "which nodes have the smallest eccentricity? List all of them.")

    def solve(self, inst):
        return inst.sorted(nx.center(inst.graph))

    def facts(self, inst, reference):
        eccentricities = eccentricity_facts(inst)
        return [*eccentricities, Fact("radius", "integer", min(f.value for f in eccentricities))]
