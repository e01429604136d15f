"""weighted_minimum_spanning_tree (challenging): the edges of a minimum spanning tree of a
connected weighted graph; any spanning tree of least total weight is accepted.

Trace (Kruskal): `add (u, v) = w` for each chosen edge, where w is its weight and it must be a
cheapest edge joining two different components of the edges chosen so far (any tie-break), then
`total weight = W`.
"""
from rlsynth import register
from rlsynth.envs.graphs import answers, traces
from rlsynth.envs.graphs.distances import weights
from rlsynth.envs.graphs.spanning import Kruskal, SpanningTreeTask


@register
class WeightedMinimumSpanningTree(SpanningTreeTask):
    name = "graphs/weighted_minimum_spanning_tree"
    description = "A minimum spanning tree of a connected weighted graph (any one accepted)"
    tier = "challenging"

    def question(self, inst):
        return ("Give the edges of a minimum spanning tree of this connected weighted graph: "
                "a set of edges that connects all nodes without a cycle and has the least "
                "total weight. If several trees have the least weight, any one is accepted.")

    def trace(self, inst, reference):
        w = weights(inst)
        return [*(f"add ({inst.name(u)}, {inst.name(v)}) = {w[u, v]}" for u, v in reference),
                f"total weight = {sum(w[e] for e in reference)}"]

    def check_steps(self, inst, reference, lines):
        kruskal = Kruskal(inst)

        def step(line):
            if line.key == "totalweight":
                given = answers.parse("integer", line.value, inst.labels)
                return None if given == kruskal.total else f"the chosen edges weigh {kruskal.total}"
            if not line.key.startswith("add"):
                return f"expected 'add (u, v) = w' or 'total weight = W', got {line.key!r}"
            u, v = traces.key_edge(line, "add", inst.labels, kruskal.weight)
            if answers.parse("integer", line.value, inst.labels) != kruskal.weight[u, v]:
                return f"the weight of ({inst.name(u)}, {inst.name(v)}) is {kruskal.weight[u, v]}"
            return kruskal.add(u, v)

        return traces.simulate(lines, step)
