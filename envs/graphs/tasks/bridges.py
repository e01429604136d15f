"""bridges (hard): every edge whose removal disconnects its two ends.

Trace (facts, Tarjan's bridge finding on a fixed DFS): the DFS starts at the lowest-labelled node
(then at the lowest unvisited node of each further component) and visits neighbours in ascending
label order. `dfs order = [nodes]` lists the nodes by discovery, so a node's discovery index
disc(v) is its position (0, 1, ...); `low(v) = j` is the lowest discovery index reachable from v's
DFS subtree by one back edge. A tree edge (u, v), u the parent, is a bridge exactly when
low(v) > disc(u), that is, when low(v) = disc(v).
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.base import GraphTask
from rlsynth.envs.graphs.sampling import connect, random_graph
from rlsynth.envs.graphs.traces import Fact


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

    def facts(self, inst, reference):
        disc, low = dfs_lowpoints(inst)
        order = sorted(disc, key=disc.get)
        return [Fact("dfs order", "ordered_node_list", order),
                *(Fact(f"low({inst.name(v)})", "integer", low[v]) for v in order)]


def dfs_lowpoints(inst):
    """Discovery index and low-point of every node under the trace's fixed DFS order."""
    adj = [inst.sorted(neighbours) for neighbours in inst.adj]
    disc: dict[int, int] = {}
    low: dict[int, int] = {}
    for root in inst.sorted(range(inst.n)):
        if root in disc:
            continue
        disc[root] = low[root] = len(disc)
        stack = [(root, -1, iter(adj[root]))]
        while stack:  # iterative DFS: graphs up to 100 nodes would pass the recursion limit
            u, parent, neighbours = stack[-1]
            for w in neighbours:
                if w not in disc:
                    disc[w] = low[w] = len(disc)
                    stack.append((w, u, iter(adj[w])))
                    break
                if w != parent:
                    low[u] = min(low[u], disc[w])
            else:
                stack.pop()
                if stack:
                    low[stack[-1][0]] = min(low[stack[-1][0]], low[u])
    return disc, low
