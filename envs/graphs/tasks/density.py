"""density (easy): 2m / (n (n - 1)) of an undirected graph."""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.base import GraphTask
from rlsynth.envs.graphs.traces import Fact


@register
class Density(GraphTask):
    name = "graphs/density"
    description = "Density of an undirected graph"
    tier = "easy"
    answer_type = "float"

    def question(self, inst):
        return ("What is the density of this graph, the number of edges divided by the number "
                "of possible edges n(n-1)/2?")

    def solve(self, inst):
        return nx.density(inst.graph)

    def facts(self, inst, reference):
        n = inst.n
        return [Fact("nodes", "integer", n),
                Fact("edges", "integer", len(inst.graph_meta["edges"])),
                Fact("possible edges", "integer", n * (n - 1) // 2),
                Fact("density", "float", reference)]
