"""is_regular (easy): do all nodes have the same degree?

Half the graphs are random regular graphs; the others are regular graphs with one edge removed or
added (near misses) or general random graphs. Trace: every degree.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.base import GraphTask
from rlsynth.envs.graphs.sampling import random_graph, random_regular
from rlsynth.envs.graphs.traces import Fact


@register
class IsRegular(GraphTask):
    name = "graphs/is_regular"
    description = "Whether every node of an undirected graph has the same degree"
    tier = "easy"
    answer_type = "yes_no"
    max_answer_share = 0.7

    def make_graph(self, rng, n, knobs):
        draw = rng.random()
        if draw < 0.2:
            return random_graph(rng, n, knobs["density"], knobs["family"])
        graph = random_regular(rng, n, knobs["density"])
        if draw < 0.7:
            return graph
        edges = list(graph.edges)
        non_edges = [(u, v) for u in range(n) for v in range(u + 1, n) if not graph.has_edge(u, v)]
        if edges and (not non_edges or rng.random() < 0.5):
            graph.remove_edge(*rng.choice(edges))
        elif non_edges:
            graph.add_edge(*rng.choice(non_edges))
        return graph

    def question(self, inst):
        return "Is this graph regular, that is, do all its nodes have the same degree?"

    def solve(self, inst):
        return nx.is_regular(inst.graph)

    def facts(self, inst, reference):
        return [*(Fact(f"deg({inst.name(v)})", "integer", len(inst.adj[v]))
                  for v in inst.sorted(range(inst.n))),
                Fact("regular", "yes_no", reference)]
