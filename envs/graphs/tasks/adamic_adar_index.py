"""adamic_adar_index (medium): the sum of 1 / ln deg(w) over the common neighbours w of u, v."""
import math

import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.base import GraphTask, node_pair
from rlsynth.envs.graphs.traces import Fact


@register
class AdamicAdarIndex(GraphTask):
    name = "graphs/adamic_adar_index"
    description = "Adamic-Adar index of two nodes of an undirected graph"
    tier = "medium"
    answer_type = "float"

    def pose(self, rng, inst):
        return {"pair": list(node_pair(rng, inst, common=0.9))}

    def question(self, inst):
        u, v = inst.params["pair"]
        return (f"What is the Adamic-Adar index of node {inst.name(u)} and node {inst.name(v)}: "
                "the sum of 1 / ln(deg(w)) over their common neighbours w (0 if there is none)?")

    def solve(self, inst):
        return next(nx.adamic_adar_index(inst.graph, [tuple(inst.params["pair"])]))[2]

    def facts(self, inst, reference):
        u, v = inst.params["pair"]
        common = inst.sorted(inst.adj[u] & inst.adj[v])
        steps = [Fact(f"common({inst.name(u)}, {inst.name(v)})", "node_list", common)]
        for w in common:
            share = 1 / math.log(len(inst.adj[w]))
            steps.append(Fact(f"1/ln(deg({inst.name(w)}))", "float", share))
        return [*steps, Fact("adamic-adar", "float", reference)]
