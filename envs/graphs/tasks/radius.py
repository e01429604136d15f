"""radius (hard): the least eccentricity of a connected undirected graph.

Most small random graphs have radius 2, so with the default family ("mixed") a graph of fewer
than SMALL nodes aims at a radius drawn uniformly from 1..n // 2: up to TRIES random connected
graphs are drawn and the first with that radius kept; failing that, the last one gets a hub (one
node joined to all others) for radius 1, or is replaced by a caterpillar (a path of 2r or 2r + 1
nodes, the other nodes hung off its inner nodes) for radius r.

Trace (facts): `ecc(v) = k` for every node, then `radius = r`.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.distances import ECCENTRICITY, EccentricityTask

SMALL, TRIES = 10, 4


@register
class Radius(EccentricityTask):
    name = "graphs/radius"
    description = "The radius (least eccentricity) of a connected undirected graph"
    answer_type = "integer"
    extreme = "radius"
    version = "2"  # 2: small graphs aim at a uniform radius (2 was the answer of 59% at level 1)

    def make_graph(self, rng, n, knobs):
        graph = super().make_graph(rng, n, knobs)
        if n >= SMALL or knobs.get("family", "mixed") != "mixed":
            return graph
        target = rng.randint(1, n // 2)
        for _ in range(TRIES - 1):
            if nx.radius(graph) == target:
                return graph
            graph = super().make_graph(rng, n, knobs)
        if nx.radius(graph) == target:
            return graph
        if target == 1:
            hub = rng.randrange(n)
            graph.add_edges_from((hub, v) for v in range(n) if v != hub)
            graph.graph["family"] += "+hub"
            return graph
        return caterpillar(rng, n, target)

    def question(self, inst):
        return (f"{ECCENTRICITY} What is the radius of this connected graph, that is, the "
                "smallest eccentricity of any node?")

    def solve(self, inst):
        return nx.radius(inst.graph)


def caterpillar(rng, n, radius):
    """A tree of radius `radius` (2 <= radius <= n // 2) on nodes 0..n-1: a path of 2r + 1 nodes
    (2r when n = 2r) in random order, every other node a leaf of an inner path node (which keeps
    each leaf within r of the path's centre)."""
    order = list(range(n))
    rng.shuffle(order)
    length = min(2 * radius + 1, n)
    graph = nx.path_graph(order[:length])
    graph.add_edges_from((v, order[rng.randint(1, length - 2)]) for v in order[length:])
    graph.graph["family"] = "caterpillar"
    return graph
