"""max_weight_matching (hard): a set of edges, no two sharing a node, of greatest total weight;
any matching of the greatest weight is accepted (networkx's blossom algorithm gives the optimum).

Trace: `match (u, v) = w` for each chosen edge (an edge of weight w whose ends are still free),
then `total weight = W`.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs import answers, traces
from rlsynth.envs.graphs.base import GraphTask
from rlsynth.envs.graphs.distances import weights
from rlsynth.envs.graphs.sampling import add_weights, random_graph


@register
class MaxWeightMatching(GraphTask):
    name = "graphs/max_weight_matching"
    description = "A maximum-weight matching of a weighted undirected graph (any one accepted)"
    tier = "hard"
    answer_type = "edge_list"

    def make_graph(self, rng, n, knobs):
        return add_weights(random_graph(rng, n, knobs["density"], knobs["family"]), rng)

    def question(self, inst):
        return ("Give a matching of greatest total weight: a set of edges in which no two edges "
                "share a node and whose weights sum to the largest possible value. It need not "
                "cover every node. If several matchings reach that weight, any one is accepted.")

    def solve(self, inst):
        matching = (tuple(inst.sorted(e)) for e in nx.max_weight_matching(inst.graph))
        return sorted(matching, key=lambda e: tuple(map(inst.labels.sort_key, e)))

    def check(self, inst, reference, given):
        w = weights(inst)
        used = set()
        for u, v in given:
            if (u, v) not in w:
                return f"({inst.name(u)}, {inst.name(v)}) is not an edge"
            if u in used or v in used:
                return f"two chosen edges share a node ({inst.name(u)} or {inst.name(v)})"
            used.update((u, v))
        total, best = sum(w[e] for e in given), sum(w[e] for e in reference)
        return None if total == best else f"the matching weighs {total}; the greatest is {best}"

    def trace(self, inst, reference):
        w = weights(inst)
        return [*(f"match ({inst.name(u)}, {inst.name(v)}) = {w[u, v]}" for u, v in reference),
                f"total weight = {sum(w[e] for e in reference)}"]

    def check_steps(self, inst, reference, lines):
        w = weights(inst)
        used, total = set(), [0]

        def step(line):
            if line.key == "totalweight":
                given = answers.parse("integer", line.value, inst.labels)
                return None if given == total[0] else f"the chosen edges weigh {total[0]}"
            if not line.key.startswith("match"):
                return f"expected 'match (u, v) = w' or 'total weight = W', got {line.key!r}"
            u, v = traces.key_edge(line, "match", inst.labels, w)
            if answers.parse("integer", line.value, inst.labels) != w[u, v]:
                return f"the weight of ({inst.name(u)}, {inst.name(v)}) is {w[u, v]}"
            if u in used or v in used:
                return f"{inst.name(u if u in used else v)} is already matched"
            used.update((u, v))
            total[0] += w[u, v]
            return None

        return traces.simulate(lines, step)
