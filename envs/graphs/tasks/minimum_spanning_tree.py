"""minimum_spanning_tree (easy): the edges of a minimum spanning tree of a connected weighted
graph; any minimum spanning tree is accepted (checked: n - 1 real edges, no cycle, least weight).

Trace (Kruskal, simulated): `add (u, v) = total` per chosen edge, in order, with the running total
weight. Each line must add a lightest edge that joins two different trees (any among tied ones).
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs import answers, traces
from rlsynth.envs.graphs.base import GraphTask
from rlsynth.envs.graphs.sampling import add_weights, connect, random_graph


@register
class MinimumSpanningTree(GraphTask):
    name = "graphs/minimum_spanning_tree"
    description = "Edges of a minimum spanning tree of a connected weighted graph"
    tier = "easy"
    answer_type = "edge_list"

    def make_graph(self, rng, n, knobs):
        graph = connect(random_graph(rng, n, knobs["density"], knobs["family"]), rng)
        return add_weights(graph, rng, 1, 10)

    def question(self, inst):
        return ("Find a minimum spanning tree of this graph: a set of edges that connects all "
                "nodes without a cycle and has the least total weight. List its edges as pairs "
                "of nodes (without the weights); any minimum spanning tree is accepted.")

    def solve(self, inst):
        tree = nx.minimum_spanning_tree(inst.graph, algorithm="kruskal")
        return sorted((tuple(inst.sorted(e)) for e in tree.edges),
                      key=lambda e: (weights(inst)[frozenset(e)], inst.labels.sort_key(e[0])))

    def check(self, inst, reference, given):
        weight = weights(inst)
        if any(frozenset(e) not in weight for e in given):
            return "an edge of the answer is not in the graph"
        if len(given) != inst.n - 1:
            return f"a spanning tree of {inst.n} nodes has {inst.n - 1} edges, not {len(given)}"
        parent = list(range(inst.n))
        for u, v in given:
            ru, rv = find(parent, u), find(parent, v)
            if ru == rv:
                return "the edges contain a cycle"
            parent[ru] = rv
        best = sum(weight[frozenset(e)] for e in reference)
        total = sum(weight[frozenset(e)] for e in given)
        return None if total == best else f"total weight {total} exceeds the minimum {best}"

    def trace(self, inst, reference):
        weight, total, lines = weights(inst), 0, []
        for u, v in reference:
            total += weight[frozenset((u, v))]
            lines.append(f"add ({inst.name(u)}, {inst.name(v)}) = {total}")
        return lines

    def check_steps(self, inst, reference, lines):
        weight = weights(inst)
        ordered = sorted(weight.items(), key=lambda item: item[1])
        parent = list(range(inst.n))
        state = {"next": 0, "total": 0}

        def step(line):
            if not line.key.startswith("add"):
                return f"expected a step 'add (u, v) = total', got {line.key!r}"
            nodes = answers.parse_nodes(line.key[3:], inst.labels)
            edge = frozenset(nodes)
            if len(nodes) != 2 or edge not in weight:
                return f"{line.key[3:]!r} is not an edge of the graph"
            u, v = nodes
            if find(parent, u) == find(parent, v):
                return "that edge closes a cycle"
            # Edges inside one tree never become usable again, so a pointer over the sorted
            # edges finds the lightest usable one (it exists: u-v is usable).
            while find(parent, min(ordered[state["next"]][0])) == find(
                    parent, max(ordered[state["next"]][0])):
                state["next"] += 1
            lightest = ordered[state["next"]][1]
            if weight[edge] != lightest:
                return f"a lighter edge (weight {lightest}) joins two trees"
            parent[find(parent, u)] = find(parent, v)
            state["total"] += weight[edge]
            given = answers.parse("integer", line.value, inst.labels)
            return None if given == state["total"] else f"the total is {state['total']}"

        return traces.simulate(lines, step)


def weights(inst) -> dict[frozenset, int]:
    """Edge -> weight, cached on the instance."""
    if "weights" not in inst.cache:
        inst.cache["weights"] = {frozenset((u, v)): w for u, v, w in inst.graph_meta["edges"]}
    return inst.cache["weights"]


def find(parent: list[int], v: int) -> int:
    """Union-find root with path halving."""
    while parent[v] != v:
        parent[v] = parent[parent[v]]
        v = parent[v]
    return v
