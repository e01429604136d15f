"""maximal_independent_set (challenging): a maximal independent set containing a given node —
no two of its nodes adjacent, and no other node can be added. Any such set is accepted (the task
asks for a maximal set, not a maximum one).

Trace (greedy): `take v = [dropped]` for each chosen node, v still free (neither taken nor
dropped), `dropped` its neighbours that were still free; the set is maximal once no node is free.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs import answers, traces
from rlsynth.envs.graphs.base import GraphTask


@register
class MaximalIndependentSet(GraphTask):
    name = "graphs/maximal_independent_set"
    description = "A maximal independent set containing a given node (any one accepted)"
    tier = "challenging"
    answer_type = "node_list"

    def pose(self, rng, inst):
        return {"node": rng.randrange(inst.n)}

    def question(self, inst):
        return (f"Give a maximal independent set that contains node "
                f"{inst.name(inst.params['node'])}: a set of nodes, no two of them joined by an "
                "edge, to which no further node can be added without breaking that rule. Any "
                "such set is accepted.")

    def solve(self, inst):
        # networkx draws the extra nodes at random; seed 0 keeps the reference reproducible
        return inst.sorted(nx.maximal_independent_set(inst.graph, [inst.params["node"]], seed=0))

    def check(self, inst, reference, given):
        chosen = set(given)
        if len(chosen) != len(given):
            return "a node is listed twice"
        if inst.params["node"] not in chosen:
            return f"the set must contain node {inst.name(inst.params['node'])}"
        for v in given:
            if inst.adj[v] & chosen:
                return f"{inst.name(v)} is adjacent to another chosen node"
        free = [v for v in range(inst.n) if v not in chosen and not inst.adj[v] & chosen]
        return f"node {inst.name(free[0])} could still be added" if free else None

    def trace(self, inst, reference):
        start = inst.params["node"]
        order = [start, *(v for v in reference if v != start)]
        free, lines = set(range(inst.n)), []
        for v in order:
            dropped = inst.sorted(inst.adj[v] & free)
            free -= {v, *dropped}
            lines.append(f"take {inst.name(v)} = "
                         f"{answers.format_value('node_list', dropped, inst.labels)}")
        return lines

    def check_steps(self, inst, reference, lines):
        free = set(range(inst.n))

        def step(line):
            v = traces.key_node(line, "take", inst.labels)
            if v not in free:
                return f"{inst.name(v)} is not free (taken, or next to a taken node)"
            dropped = inst.adj[v] & free
            given = answers.parse("node_list", line.value, inst.labels)
            if set(given) != dropped or len(given) != len(dropped):
                return (f"taking {inst.name(v)} drops exactly "
                        f"{answers.format_value('node_list', inst.sorted(dropped), inst.labels)}")
            free.difference_update({v, *dropped})
            return None

        return traces.simulate(lines, step)
