"""resource_allocation_index (medium): the sum of 1 / deg(w) over the common neighbours w."""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.base import PairIndexTask
from rlsynth.envs.graphs.traces import Fact


@register
class ResourceAllocationIndex(PairIndexTask):
    name = "graphs/resource_allocation_index"
    description = "Resource allocation index of two nodes of an undirected graph"
    index = staticmethod(nx.resource_allocation_index)
    index_name = "resource allocation index"
    definition = "the sum of 1 / deg(w) over their common neighbours w (0 if there is none)"
    result_key = "resource allocation"

    def term(self, inst, w):
        return Fact(f"deg({inst.name(w)})", "integer", len(inst.adj[w]))
