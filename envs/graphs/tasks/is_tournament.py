"""is_tournament (easy): is a directed graph a tournament (each pair joined by exactly one edge)?

Half the graphs are random tournaments; the others are tournaments with one edge removed or made
two-way (near misses), or random orientations of a random graph.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.base import GraphTask
from rlsynth.envs.graphs.sampling import oriented, random_graph, random_tournament
from rlsynth.envs.graphs.traces import Fact


@register
class IsTournament(GraphTask):
    name = "graphs/is_tournament"
    description = "Whether a directed graph is a tournament"
    tier = "easy"
    answer_type = "yes_no"
    max_answer_share = 0.7

    def level_knobs(self, level):
        # tournaments have n(n-1)/2 edges: keep the prompt short with a smaller node range
        knobs = super().level_knobs(level)
        return {**knobs, "nodes_min": max(3, knobs["nodes_min"] // 2),
                "nodes_max": max(4, knobs["nodes_max"] // 2)}

    def make_graph(self, rng, n, knobs):
        draw = rng.random()
        if draw < 0.2:
            return oriented(random_graph(rng, n, knobs["density"], knobs["family"]), rng, 0.1)
        graph = random_tournament(rng, n)
        if draw < 0.7 or graph.number_of_edges() == 0:
            return graph
        u, v = rng.choice(list(graph.edges))
        if rng.random() < 0.5:
            graph.remove_edge(u, v)
        else:
            graph.add_edge(v, u)
        return graph

    def question(self, inst):
        return ("Is this directed graph a tournament, that is, is every pair of distinct nodes "
                "joined by exactly one directed edge?")

    def solve(self, inst):
        return nx.tournament.is_tournament(inst.graph)

    def facts(self, inst, reference):
        adj, n = inst.adj, inst.n
        two_way = sum(1 for u in range(n) for v in adj[u] if u < v and u in adj[v])
        joined = sum(1 for u in range(n) for v in range(u + 1, n) if v in adj[u] or u in adj[v])
        return [Fact("pairs", "integer", n * (n - 1) // 2),
                Fact("unjoined pairs", "integer", n * (n - 1) // 2 - joined),
                Fact("two-way pairs", "integer", two_way),
                Fact("tournament", "yes_no", reference)]
