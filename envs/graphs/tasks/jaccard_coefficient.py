"""jaccard_coefficient (medium): |N(u) ∩ N(v)| / |N(u) ∪ N(v)|.

Trace (facts): both neighbourhoods, the sizes of their intersection and union, the quotient.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.base import PairIndexTask
from rlsynth.envs.graphs.traces import Fact


@register
class JaccardCoefficient(PairIndexTask):
    name = "graphs/jaccard_coefficient"
    description = "Jaccard coefficient of two nodes' neighbourhoods"
    index = staticmethod(nx.jaccard_coefficient)
    index_name = "Jaccard coefficient"
    definition = ("the number of common neighbours divided by the number of nodes adjacent to "
                  "either (0 if neither has a neighbour)")
    common_share = 0.8

    def facts(self, inst, reference):
        u, v = inst.params["pair"]
        a, b = inst.adj[u], inst.adj[v]
        return [Fact(f"N({inst.name(u)})", "node_list", inst.sorted(a)),
                Fact(f"N({inst.name(v)})", "node_list", inst.sorted(b)),
                Fact("|intersection|", "integer", len(a & b)),
                Fact("|union|", "integer", len(a | b)),
                Fact("jaccard", "float", reference)]
