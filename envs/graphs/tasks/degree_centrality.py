"""degree_centrality (medium): deg(v) / (n - 1) for one node."""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.base import GraphTask, random_node
from rlsynth.envs.graphs.traces import Fact


@register
class DegreeCentrality(GraphTask):
    name = "graphs/degree_centrality"
    description = "Degree centrality of a given node in an undirected graph"
    tier = "medium"
    answer_type = "float"

    def pose(self, rng, inst):
        return {"node": random_node(rng, inst)}

    def question(self, inst):
        return (f"What is the degree centrality of node {inst.name(inst.params['node'])}, its "
                "degree divided by n - 1 where n is the number of nodes?")

    def solve(self, inst):
        return nx.degree_centrality(inst.graph)[inst.params["node"]]

    def facts(self, inst, reference):
        v = inst.params["node"]
        return [Fact(f"deg({inst.name(v)})", "integer", len(inst.adj[v])),
                Fact("n - 1", "integer", inst.n - 1),
                Fact("degree centrality", "float", reference)]
