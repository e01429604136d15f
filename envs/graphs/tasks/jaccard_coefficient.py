"""jaccard_coefficient (medium): |N(u) ∩ N(v)| / |N(u) ∪ N(v)|."""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.base import GraphTask, node_pair
from rlsynth.envs.graphs.traces import Fact


@register
class JaccardCoefficient(GraphTask):
    name = "graphs/jaccard_coefficient"
    description = "Jaccard coefficient of two nodes' neighbourhoods"
    tier = "medium"
    answer_type = "float"

    def pose(self, rng, inst):
        return {"pair": list(node_pair(rng, inst))}

    def question(self, inst):
        u, v = inst.params["pair"]
        return (f"What is the Jaccard coefficient of node {inst.name(u)} and node "
                f"{inst.name(v)}: the number of common neighbours divided by the number of nodes "
                "adjacent to either (0 if neither has a neighbour)?")

    def solve(self, inst):
        return next(nx.jaccard_coefficient(inst.graph, [tuple(inst.params["pair"])]))[2]

    def facts(self, inst, reference):
        u, v = inst.params["pair"]
        a, b = inst.adj[u], inst.adj[v]
        return [Fact(f"N({inst.name(u)})", "node_list", inst.sorted(a)),
                Fact(f"N({inst.name(v)})", "node_list", inst.sorted(b)),
                Fact("|intersection|", "integer", len(a & b)),
                Fact("|union|", "integer", len(a | b)),
                Fact("jaccard", "float", reference)]
