"""topological_sort (hard): an order of the nodes of a DAG with every edge pointing forward;
any topological order is accepted.

Trace (Kahn's algorithm): `sources = [nodes]` (in-degree 0), then one line per removed node,
`take v = [freed]`: v must have no remaining incoming edge, and `freed` lists the nodes whose last
incoming edge came from v (they become available). Any choice among available nodes is fine.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs import answers, traces
from rlsynth.envs.graphs.base import GraphTask
from rlsynth.envs.graphs.sampling import random_dag


@register
class TopologicalSort(GraphTask):
    name = "graphs/topological_sort"
    description = "A topological order of a directed acyclic graph (any one accepted)"
    tier = "hard"
    answer_type = "ordered_node_list"

    def make_graph(self, rng, n, knobs):
        return random_dag(rng, n, knobs["density"], knobs["family"])

    def question(self, inst):
        return ("This directed graph has no cycle. Give a topological order of all its nodes: "
                "every edge (u, v) must have u before v. If several orders are valid, any one is "
                "accepted.")

    def solve(self, inst):
        return list(nx.lexicographical_topological_sort(inst.graph, key=inst.labels.sort_key))

    def check(self, inst, reference, given):
        if sorted(given) != list(range(inst.n)):
            return "the order must list every node exactly once"
        position = {v: i for i, v in enumerate(given)}
        for u, v, *_ in inst.graph_meta["edges"]:
            if position[u] > position[v]:
                return f"edge ({inst.name(u)}, {inst.name(v)}) points backwards"
        return None

    def trace(self, inst, reference):
        indegree = in_degrees(inst)
        lines = [f"sources = {answers.format_value('node_list', sources(inst), inst.labels)}"]
        for u in reference:
            freed = []
            for v in inst.sorted(inst.adj[u]):
                indegree[v] -= 1
                if indegree[v] == 0:
                    freed.append(v)
            lines.append(f"take {inst.name(u)} = "
                         f"{answers.format_value('node_list', freed, inst.labels)}")
        return lines

    def check_steps(self, inst, reference, lines):
        indegree = in_degrees(inst)
        available = set(sources(inst))

        def step(line):
            if line.key == "sources":
                given = answers.parse("node_list", line.value, inst.labels)
                return answers.compare("node_list", sources(inst), given)
            u = traces.key_node(line, "take", inst.labels)
            if u not in available:
                return f"{inst.name(u)} still has an incoming edge or was already taken"
            available.discard(u)
            freed = set()
            for v in inst.adj[u]:
                indegree[v] -= 1
                if indegree[v] == 0:
                    freed.add(v)
            given = answers.parse("node_list", line.value, inst.labels)
            if set(given) != freed or len(given) != len(freed):
                return f"taking {inst.name(u)} frees exactly {sorted(map(inst.name, freed))}"
            available.update(freed)
            return None

        return traces.simulate(lines, step)


def in_degrees(inst):
    indegree = [0] * inst.n
    for _, v, *_ in inst.graph_meta["edges"]:
        indegree[v] += 1
    return indegree


def sources(inst):
    indegree = in_degrees(inst)
    return inst.sorted(v for v in range(inst.n) if indegree[v] == 0)
