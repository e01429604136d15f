"""strongly_connected_number (hard): the number of strongly connected components of a directed
graph.

Graphs are random orientations of the knob family with a quarter of the edges made two-way, so
the components range from single nodes to large cycles. Trace (facts): `scc(v) = [nodes]`, the
strongly connected component of v, once per component (any member may name it), then
`count = k`.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.base import GraphTask
from rlsynth.envs.graphs.sampling import oriented, random_graph
from rlsynth.envs.graphs.traces import Fact, write_facts


@register
class StronglyConnectedNumber(GraphTask):
    name = "graphs/strongly_connected_number"
    description = "Number of strongly connected components of a directed graph"
    tier = "hard"
    answer_type = "integer"

    def make_graph(self, rng, n, knobs):
        return oriented(random_graph(rng, n, knobs["density"], knobs["family"]), rng, both=0.25)

    def question(self, inst):
        return ("How many strongly connected components does this directed graph have? Two "
                "nodes are in the same component when each can reach the other along directed "
                "edges; a node that shares a cycle with no other node is a component by itself.")

    def solve(self, inst):
        return nx.number_strongly_connected_components(inst.graph)

    def facts(self, inst, reference):
        facts = []
        for component in nx.strongly_connected_components(inst.graph):
            members = inst.sorted(component)
            facts += [Fact(f"scc({inst.name(v)})", "node_list", members) for v in members]
        return [*facts, Fact("count", "integer", reference)]

    def trace(self, inst, reference):
        # one line per component, named by its first member in label order
        facts = self.facts(inst, reference)
        shown = [f for f in facts[:-1] if f.key == f"scc({inst.name(f.value[0])})"]
        shown.sort(key=lambda f: inst.labels.sort_key(f.value[0]))
        return write_facts([*shown, facts[-1]], inst.labels)
