"""minimum_spanning_tree (easy): the edges of a minimum spanning tree of a connected weighted
graph; any minimum spanning tree is accepted (checked: n - 1 real edges, no cycle, least weight).

Trace (Kruskal, simulated): `add (u, v) = total` per chosen edge, in order, with the running total
weight. Each line must add a lightest edge that joins two different trees (any among tied ones).
"""
from rlsynth import register
from rlsynth.envs.graphs import answers, traces
from rlsynth.envs.graphs.distances import weights
from rlsynth.envs.graphs.spanning import Kruskal, SpanningTreeTask


@register
class MinimumSpanningTree(SpanningTreeTask):
    name = "graphs/minimum_spanning_tree"
    description = "Edges of a minimum spanning tree of a connected weighted graph"
    tier = "easy"
    version = "2"  # 2: weight ties in the reference order broken by both labels (as spanning.py)

    def question(self, inst):
        return ("Find a minimum spanning tree of this graph: a set of edges that connects all "
                "nodes without a cycle and has the least total weight. List its edges as pairs "
                "of nodes (without the weights); any minimum spanning tree is accepted.")

    def trace(self, inst, reference):
        weight, total, lines = weights(inst), 0, []
        for u, v in reference:
            total += weight[u, v]
            lines.append(f"add ({inst.name(u)}, {inst.name(v)}) = {total}")
        return lines

    def check_steps(self, inst, reference, lines):
        kruskal = Kruskal(inst)

        def step(line):
            if not line.key.startswith("add"):
                return f"expected a step 'add (u, v) = total', got {line.key!r}"
            error = kruskal.add(*traces.key_edge(line, "add", inst.labels, kruskal.weight))
            if error:
                return error
            given = answers.parse("integer", line.value, inst.labels)
            return None if given == kruskal.total else f"the total is {kruskal.total}"

        return traces.simulate(lines, step)
