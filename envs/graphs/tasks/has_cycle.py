"""has_cycle (easy): does an undirected graph contain a cycle?

Half the graphs are random forests (no); the others are random graphs of the `family` knob, given
one extra edge when they have no cycle (yes; a tree plus an edge is a near
miss). Trace: nodes, edges and components; a graph has a cycle iff m > n - c.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.base import GraphTask
from rlsynth.envs.graphs.sampling import add_random_edge, random_graph, shuffled
from rlsynth.envs.graphs.traces import Fact


@register
class HasCycle(GraphTask):
    name = "graphs/has_cycle"
    description = "Whether an undirected graph contains a cycle"
    tier = "easy"
    answer_type = "yes_no"
    max_answer_share = 0.7

    def make_graph(self, rng, n, knobs):
        if rng.random() < 0.5:
            forest = shuffled(nx.random_labeled_tree(n, seed=rng.getrandbits(32)), rng)
            forest.remove_edges_from([e for e in list(forest.edges) if rng.random() < 0.15])
            forest.graph["family"] = "forest"
            return forest
        graph = random_graph(rng, n, knobs["density"], knobs["family"])
        if not nx.cycle_basis(graph):  # a near miss of a forest: one extra edge closes a cycle
            add_random_edge(graph, rng)
        return graph

    def question(self, inst):
        return "Does this graph contain a cycle?"

    def solve(self, inst):
        return bool(nx.cycle_basis(inst.graph))

    def facts(self, inst, reference):
        return [Fact("nodes", "integer", inst.n),
                Fact("edges", "integer", len(inst.graph_meta["edges"])),
                Fact("components", "integer", nx.number_connected_components(inst.graph)),
                Fact("has cycle", "yes_no", reference)]
