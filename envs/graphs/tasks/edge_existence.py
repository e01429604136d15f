"""edge_existence (easy): is there an edge between two nodes? Half the pairs are edges."""
from rlsynth import register
from rlsynth.envs.graphs.base import GraphTask, node_pair
from rlsynth.envs.graphs.traces import Fact


@register
class EdgeExistence(GraphTask):
    name = "graphs/edge_existence"
    description = "Whether an edge joins two given nodes of an undirected graph"
    tier = "easy"
    answer_type = "yes_no"
    max_answer_share = 0.7

    def pose(self, rng, inst):
        adjacent = rng.random() < 0.5
        return {"pair": list(node_pair(rng, inst, common=0.5, adjacent=adjacent))}

    def question(self, inst):
        u, v = inst.params["pair"]
        return f"Is there an edge between node {inst.name(u)} and node {inst.name(v)}?"

    def solve(self, inst):
        return inst.graph.has_edge(*inst.params["pair"])

    def facts(self, inst, reference):
        u, _ = inst.params["pair"]
        return [Fact(f"N({inst.name(u)})", "node_list", inst.sorted(inst.adj[u])),
                Fact("edge exists", "yes_no", reference)]
