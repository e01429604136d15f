"""is_eularian (medium; G1's spelling, alias graphs/is_eulerian): does a connected undirected graph
have an Eulerian circuit (every degree even)?

Half the graphs are built Eulerian (a Hamiltonian cycle plus edge-disjoint short cycles); the
others are such graphs with one extra edge (two odd nodes, a near miss) or connected random graphs
(20%, almost always odd somewhere).
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.base import GraphTask
from rlsynth.envs.graphs.sampling import add_random_edge, connect, random_graph
from rlsynth.envs.graphs.traces import Fact


@register(aliases=("graphs/is_eulerian",))
class IsEularian(GraphTask):
    name = "graphs/is_eularian"
    description = "Whether a connected undirected graph is Eulerian"
    tier = "medium"
    answer_type = "yes_no"
    max_answer_share = 0.7

    def make_graph(self, rng, n, knobs):
        draw = rng.random()
        if draw < 0.2 or n < 3:
            return connect(random_graph(rng, n, knobs["density"], knobs["family"]), rng)
        graph = eulerian_graph(rng, n, knobs["density"])
        if draw >= 0.7:
            add_random_edge(graph, rng)
        return graph

    def question(self, inst):
        return ("Is this graph Eulerian, that is, does it have a closed walk that uses every edge "
                "exactly once?")

    def solve(self, inst):
        return nx.is_eulerian(inst.graph)

    def facts(self, inst, reference):
        odd = inst.sorted(v for v in range(inst.n) if len(inst.adj[v]) % 2)
        return [Fact("connected", "yes_no", nx.is_connected(inst.graph)),
                Fact("odd-degree nodes", "node_list", odd),
                Fact("eulerian", "yes_no", reference)]


def eulerian_graph(rng, n, density):
    """A connected graph with all degrees even: a Hamiltonian cycle, then short cycles whose
    edges are all new (so every degree stays even), up to about density * n(n-1)/2 edges."""
    order = list(range(n))
    rng.shuffle(order)
    graph = nx.cycle_graph(order)
    target = density * n * (n - 1) / 2
    for _ in range(4 * n):
        if graph.number_of_edges() >= target:
            break
        cycle = rng.sample(range(n), rng.randint(3, min(6, n)))
        edges = list(zip(cycle, cycle[1:] + cycle[:1]))
        if not any(graph.has_edge(u, v) for u, v in edges):
            graph.add_edges_from(edges)
    graph.graph["family"] = "eulerian"
    return graph
