"""degree (easy): the degree of one node of an undirected graph."""
from rlsynth import register
from rlsynth.envs.graphs.base import GraphTask
from rlsynth.envs.graphs.traces import Fact


@register
class Degree(GraphTask):
    name = "graphs/degree"
    description = "Degree of a given node in an undirected graph"
    tier = "easy"
    answer_type = "integer"

    def pose(self, rng, inst):
        return {"node": rng.randrange(inst.n)}

    def question(self, inst):
        return f"What is the degree of node {inst.name(inst.params['node'])}?"

    def solve(self, inst):
        return inst.graph.degree(inst.params["node"])

    def facts(self, inst, reference):
        v = inst.params["node"]
        return [Fact(f"N({inst.name(v)})", "node_list", inst.sorted(inst.adj[v])),
                Fact(f"deg({inst.name(v)})", "integer", reference)]
