"""common_neighbor (easy): the nodes adjacent to both of two nodes (partial credit opt-in)."""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.base import GraphTask, graph_knobs, node_pair
from rlsynth.envs.graphs.traces import Fact


@register
class CommonNeighbor(GraphTask):
    name = "graphs/common_neighbor"
    description = "Common neighbours of two nodes in an undirected graph"
    tier = "easy"
    answer_type = "node_list"
    knobs = graph_knobs(partial_credit=True)

    def pose(self, rng, inst):
        return {"pair": list(node_pair(rng, inst, common=0.85))}

    def question(self, inst):
        u, v = inst.params["pair"]
        return (f"Which nodes are common neighbours of node {inst.name(u)} and node "
                f"{inst.name(v)} (adjacent to both)? If there is none, answer [].")

    def solve(self, inst):
        u, v = inst.params["pair"]
        return inst.sorted(nx.common_neighbors(inst.graph, u, v))

    def facts(self, inst, reference):
        u, v = inst.params["pair"]
        return [Fact(f"N({inst.name(u)})", "node_list", inst.sorted(inst.adj[u])),
                Fact(f"N({inst.name(v)})", "node_list", inst.sorted(inst.adj[v])),
                Fact(f"common({inst.name(u)}, {inst.name(v)})", "node_list", reference)]
