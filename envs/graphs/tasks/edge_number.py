"""edge_number (easy): how many edges the graph has. Trace: every degree, their sum, half of it."""
from rlsynth import register
from rlsynth.envs.graphs.base import GraphTask
from rlsynth.envs.graphs.traces import Fact


@register
class EdgeNumber(GraphTask):
    name = "graphs/edge_number"
    description = "Number of edges of an undirected graph"
    tier = "easy"
    answer_type = "integer"

    def question(self, inst):
        return "How many edges are in this graph?"

    def solve(self, inst):
        return inst.graph.number_of_edges()

    def facts(self, inst, reference):
        degrees = [Fact(f"deg({inst.name(v)})", "integer", len(inst.adj[v]))
                   for v in inst.sorted(range(inst.n))]
        return [*degrees, Fact("degree sum", "integer", 2 * reference),
                Fact("edges", "integer", reference)]
