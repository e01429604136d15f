"""min_edge_covering (medium): a minimum edge cover (every node on a chosen edge) of a graph
without isolated nodes; any cover of the minimum size (n - maximum matching) is accepted.

Trace: the maximum matching size k, the n - 2k nodes it leaves unmatched (each then needs one
more edge), and the cover size n - k.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.base import GraphTask
from rlsynth.envs.graphs.sampling import connect, random_graph
from rlsynth.envs.graphs.traces import Fact


@register
class MinEdgeCovering(GraphTask):
    name = "graphs/min_edge_covering"
    description = "A minimum edge cover of an undirected graph (any minimum one accepted)"
    tier = "medium"
    answer_type = "edge_list"

    def make_graph(self, rng, n, knobs):
        return connect(random_graph(rng, max(n, 2), knobs["density"], knobs["family"]), rng)

    def question(self, inst):
        return ("Find a minimum edge cover of this graph: a smallest set of edges such that "
                "every node is an end of at least one of them. Any edge cover of the minimum "
                "size is accepted.")

    def solve(self, inst):
        cover = {tuple(inst.sorted(e)) for e in nx.min_edge_cover(inst.graph)}
        return sorted(cover, key=lambda e: (inst.labels.sort_key(e[0]), inst.labels.sort_key(e[1])))

    def check(self, inst, reference, given):
        if any(v not in inst.adj[u] for u, v in given):
            return "an edge of the answer is not in the graph"
        if len({frozenset(e) for e in given}) != len(given):
            return "an edge is listed twice"
        if {v for e in given for v in e} != set(range(inst.n)):
            return "some node is not covered"
        return None if len(given) == len(reference) else (
            f"an edge cover with {len(reference)} edges exists")

    def facts(self, inst, reference):
        matching = inst.n - len(reference)
        return [Fact("maximum matching size", "integer", matching),
                Fact("unmatched nodes", "integer", inst.n - 2 * matching),
                Fact("cover size", "integer", len(reference))]
