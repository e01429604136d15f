"""harmonic_centrality (hard): the sum of 1 / d(v, u) over the other nodes u (unreachable nodes
add 0), networkx's harmonic centrality, unnormalised.

Trace (facts): `layer k = [nodes]` (the nodes at distance k from the query node), then
`harmonic = x`.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.base import GraphTask, random_node
from rlsynth.envs.graphs.distances import layer_facts
from rlsynth.envs.graphs.traces import Fact


@register
class HarmonicCentrality(GraphTask):
    name = "graphs/harmonic_centrality"
    description = "Harmonic centrality (sum of inverse distances) of a node"
    tier = "hard"
    answer_type = "float"

    def pose(self, rng, inst):
        return {"node": random_node(rng, inst)}

    def question(self, inst):
        return (f"What is the harmonic centrality of node {inst.name(inst.params['node'])}, "
                "that is, the sum of 1/d over all other nodes, where d is the shortest-path "
                "distance (in edges) from this node (nodes it cannot reach add 0)?")

    def solve(self, inst):
        v = inst.params["node"]
        return nx.harmonic_centrality(inst.graph, nbunch=[v])[v]

    def facts(self, inst, reference):
        return [*layer_facts(inst, inst.params["node"]), Fact("harmonic", "float", reference)]
