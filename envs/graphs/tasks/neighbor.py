"""neighbor (easy): the neighbours of a node (one exact set; partial credit opt-in)."""
from rlsynth import register
from rlsynth.envs.graphs.base import GraphTask, graph_knobs, random_node
from rlsynth.envs.graphs.traces import Fact


@register
class Neighbor(GraphTask):
    name = "graphs/neighbor"
    description = "The neighbours of a given node in an undirected graph"
    tier = "easy"
    answer_type = "node_list"
    knobs = graph_knobs(partial_credit=True)

    def pose(self, rng, inst):
        return {"node": random_node(rng, inst)}

    def question(self, inst):
        return f"Which nodes are neighbours of node {inst.name(inst.params['node'])}?"

    def solve(self, inst):
        return inst.sorted(inst.graph.neighbors(inst.params["node"]))

    def facts(self, inst, reference):
        v = inst.params["node"]
        return [Fact(f"edges at {inst.name(v)}", "edge_list", [(v, w) for w in reference]),
                Fact(f"N({inst.name(v)})", "node_list", reference)]
