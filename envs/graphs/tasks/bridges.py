"""bridges (hard): every edge whose removal disconnects its two ends.

Trace (Tarjan's bridge finding): `dfs order = [nodes]` lists the nodes in the order a depth-first
search discovers them (any valid DFS: any start, any neighbour order, a new start whenever the
search runs out), so a node's discovery index disc(v) is its position (0, 1, ...). Then
`low(v) = j` for each node: the lowest discovery index reachable from v's DFS subtree by one
back edge. A tree edge (u, v), u the parent, is a bridge exactly when low(v) > disc(u), that
is, when low(v) = disc(v). The low values are checked against the DFS of the model's own order;
the expert starts at the lowest label and visits neighbours in ascending label order.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs import answers, traces
from rlsynth.envs.graphs.base import GraphTask
from rlsynth.envs.graphs.distances import key_argument
from rlsynth.envs.graphs.sampling import connect, random_graph


@register
class Bridges(GraphTask):
    name = "graphs/bridges"
    description = "All bridges (cut edges) of an undirected graph"
    tier = "hard"
    answer_type = "edge_list"

    def make_graph(self, rng, n, knobs):
        # sparser than the level's density and connected, so most graphs have a few bridges
        return connect(random_graph(rng, n, knobs["density"] * 0.6, knobs["family"]), rng)

    def question(self, inst):
        return ("List every bridge of this graph, that is, every edge whose removal increases "
                "the number of connected components. If there is none, answer [].")

    def solve(self, inst):
        found = [tuple(inst.sorted(e)) for e in nx.bridges(inst.graph)]
        return sorted(found, key=lambda e: (inst.labels.sort_key(e[0]), inst.labels.sort_key(e[1])))

    def trace(self, inst, reference):
        order = canonical_dfs_order(inst)
        low = low_points(inst, order, dfs_parents(inst, order))
        return [f"dfs order = {answers.format_value('ordered_node_list', order, inst.labels)}",
                *(f"low({inst.name(v)}) = {low[v]}" for v in order)]

    def check_steps(self, inst, reference, lines):
        state = {"low": None}

        def step(line):
            if line.key == "dfsorder":
                order = answers.parse("ordered_node_list", line.value, inst.labels)
                parents = dfs_parents(inst, order)
                if isinstance(parents, str):
                    return parents
                state["low"] = low_points(inst, order, parents)
                return None
            v = key_argument(line, "low", inst)
            if state["low"] is None:
                return "state the DFS order (`dfs order = [...]`) before the low values"
            given = answers.parse("integer", line.value, inst.labels)
            return None if given == state["low"][v] else f"low({inst.name(v)}) is not {given}"

        return traces.simulate(lines, step)


def canonical_dfs_order(inst):
    """Preorder of the DFS from the lowest label, neighbours in ascending label order, restarting
    at the lowest unvisited label."""
    adj = [inst.sorted(neighbours) for neighbours in inst.adj]
    order, seen = [], set()
    for root in inst.sorted(range(inst.n)):
        stack = [root]
        while stack:  # iterative: graphs up to 100 nodes would pass the recursion limit
            v = stack.pop()
            if v in seen:
                continue
            seen.add(v)
            order.append(v)
            stack.extend(reversed([w for w in adj[v] if w not in seen]))
    return order


def dfs_parents(inst, order):
    """The DFS tree of a discovery order ({node: parent or None}), or why the order is not one a
    depth-first search can produce: each node must extend the deepest path node that still has
    an unvisited neighbour, and a new root may start only when the path is exhausted."""
    if sorted(order) != list(range(inst.n)):
        return "the DFS order must list every node exactly once"
    adj, seen, path, parents = inst.adj, set(), [], {}
    for v in order:
        while path and v not in adj[path[-1]]:
            if adj[path[-1]] - seen:
                return (f"{inst.name(v)} comes too early: {inst.name(path[-1])} still has an "
                        "unvisited neighbour")
            path.pop()
        parents[v] = path[-1] if path else None
        seen.add(v)
        path.append(v)
    return parents


def low_points(inst, order, parents):
    """low(v) = the least discovery index reachable from v's subtree by at most one back edge."""
    disc = {v: i for i, v in enumerate(order)}
    low = dict(disc)
    for v in reversed(order):
        for w in inst.adj[v]:
            if w != parents[v]:
                low[v] = min(low[v], disc[w])
        if parents[v] is not None:
            low[parents[v]] = min(low[parents[v]], low[v])
    return low
