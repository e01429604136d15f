"""adamic_adar_index (medium): the sum of 1 / ln deg(w) over the common neighbours w of u, v."""
import math

import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.base import PairIndexTask
from rlsynth.envs.graphs.traces import Fact


@register
class AdamicAdarIndex(PairIndexTask):
    name = "graphs/adamic_adar_index"
    description = "Adamic-Adar index of two nodes of an undirected graph"
    index = staticmethod(nx.adamic_adar_index)
    index_name = "Adamic-Adar index"
    definition = ("the sum of 1 / ln(deg(w)) over their common neighbours w "
                  "(0 if there is none)")
    result_key = "adamic-adar"

    def term(self, inst, w):
        return Fact(f"1/ln(deg({inst.name(w)}))", "float", 1 / math.log(len(inst.adj[w])))
