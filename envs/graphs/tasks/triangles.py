"""triangles (hard): the number of triangles that contain a given node.

Graphs come from the families with triangles (Erdős–Rényi, Barabási–Albert, Watts–Strogatz)
unless the family knob says otherwise, are redrawn (up to three times) when they hold no
triangle, and the query node lies on triangles in most tasks (drawn in proportion to the square
of their number), so neither 0 nor 1 is a shortcut. Level 1 graphs are denser than other tasks'
(0.5, not 0.35): at 5-9 nodes and the usual density, most nodes lie on one triangle at most.

Trace (facts): `N(v) = [neighbours]`, `edges among N(v) = [(a, b), ...]`, then
`triangles(v) = k`.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.base import GraphTask, random_node
from rlsynth.envs.graphs.sampling import random_graph
from rlsynth.envs.graphs.traces import Fact

TRIANGLE_FAMILIES = ("erdos_renyi", "barabasi_albert", "watts_strogatz")
LEVEL_1_DENSITY = 0.5


@register
class Triangles(GraphTask):
    name = "graphs/triangles"
    description = "Number of triangles through a node of an undirected graph"
    tier = "hard"
    answer_type = "integer"
    version = "2"  # 2: denser level 1, query node weighted by its triangle count squared

    def level_knobs(self, level):
        knobs = super().level_knobs(level)
        if level == 1:
            knobs["density"] = LEVEL_1_DENSITY
        return knobs

    def make_graph(self, rng, n, knobs):
        # small sparse graphs often have no triangle at all: redraw a few times
        for _ in range(4):
            family = knobs["family"]
            if family == "mixed":
                family = rng.choice(TRIANGLE_FAMILIES)
            graph = random_graph(rng, n, knobs["density"], family)
            if any(nx.triangles(graph).values()):
                break
        return graph

    def pose(self, rng, inst):
        # mostly a node on triangles, drawn in proportion to their number squared: uniform (or
        # linear) draws make "1" the common answer
        counts = nx.triangles(inst.graph)
        on_triangle = [v for v in range(inst.n) if counts[v]]
        if on_triangle and rng.random() < 0.85:
            return {"node": rng.choices(on_triangle, [counts[v] ** 2 for v in on_triangle])[0]}
        return {"node": random_node(rng, inst, min_degree=2)}

    def question(self, inst):
        return (f"How many triangles contain node {inst.name(inst.params['node'])}? A triangle "
                "is a set of three nodes that are pairwise joined by edges.")

    def solve(self, inst):
        return nx.triangles(inst.graph, inst.params["node"])

    def facts(self, inst, reference):
        v, adj = inst.params["node"], inst.adj
        neighbours = inst.sorted(adj[v])
        among = [(a, b) for i, a in enumerate(neighbours) for b in neighbours[i + 1:]
                 if b in adj[a]]
        name = inst.name(v)
        return [Fact(f"N({name})", "node_list", neighbours),
                Fact(f"edges among N({name})", "edge_list", among),
                Fact(f"triangles({name})", "integer", reference)]
