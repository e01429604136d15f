"""barycenter (hard): the nodes whose total distance to all other nodes is least.

Trace (facts): `dsum(v) = s` (the sum of v's shortest-path distances) for every node, then
`min dsum = s`; the barycenter is every node reaching that minimum.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.distances import ConnectedGraphTask, distance_table
from rlsynth.envs.graphs.traces import Fact


@register
class Barycenter(ConnectedGraphTask):
    name = "graphs/barycenter"
    description = "The barycenter (least total distance) of a connected undirected graph"
    tier = "hard"
    answer_type = "node_list"

    def question(self, inst):
        return ("Which nodes form the barycenter of this connected graph, that is, which nodes "
                "have the smallest sum of shortest-path distances (in edges) to all other nodes? "
                "List all of them.")

    def solve(self, inst):
        return inst.sorted(nx.barycenter(inst.graph))

    def facts(self, inst, reference):
        table = distance_table(inst)
        sums = [Fact(f"dsum({inst.name(v)})", "integer", sum(table[v].values()))
                for v in inst.sorted(range(inst.n))]
        return [*sums, Fact("min dsum", "integer", min(f.value for f in sums))]
