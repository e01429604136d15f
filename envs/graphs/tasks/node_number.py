"""node_number (easy): how many nodes the graph has."""
from rlsynth import register
from rlsynth.envs.graphs.base import GraphTask
from rlsynth.envs.graphs.traces import Fact


@register
class NodeNumber(GraphTask):
    name = "graphs/node_number"
    description = "Number of nodes of an undirected graph"
    tier = "easy"
    answer_type = "integer"

    def question(self, inst):
        return "How many nodes are in this graph?"

    def solve(self, inst):
        return inst.graph.number_of_nodes()

    def facts(self, inst, reference):
        return [Fact("nodes", "node_list", inst.sorted(range(inst.n))),
                Fact("node count", "integer", reference)]
