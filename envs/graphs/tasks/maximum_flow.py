"""maximum_flow (challenging): the value of a maximum flow from a source to a sink of a directed
graph whose edge weights are capacities.

Trace (augmenting paths, Ford–Fulkerson): `path k = [s, ..., t]` names the k-th augmenting path
in the residual graph (an edge may be used forwards while it has spare capacity, or backwards
against flow already sent), `push k = b` the amount sent, which must be the path's bottleneck;
then `max flow = F`, the total, once no augmenting path is left. The expert picks shortest
paths (Edmonds–Karp) but any augmenting paths are accepted.
"""
from collections import deque

import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs import answers, traces
from rlsynth.envs.graphs.base import GraphTask
from rlsynth.envs.graphs.distances import bfs_distances, weights
from rlsynth.envs.graphs.sampling import add_weights, oriented, random_graph


@register
class MaximumFlow(GraphTask):
    name = "graphs/maximum_flow"
    description = "Maximum flow value between two nodes of a capacitated directed graph"
    tier = "challenging"
    answer_type = "integer"

    def make_graph(self, rng, n, knobs):
        graph = oriented(random_graph(rng, n, knobs["density"], knobs["family"]), rng, both=0.1)
        return add_weights(graph, rng, 1, 10)

    def pose(self, rng, inst):
        # a sink the source reaches, two or more hops away where possible
        reach = [(s, bfs_distances(inst.adj, s)) for s in range(inst.n)]
        pairs = [(s, t) for s, dist in reach for t, d in dist.items() if d >= 2]
        pairs = pairs or [(s, t) for s, dist in reach for t in dist if t != s]
        pairs = pairs or [(0, inst.n - 1)]
        s, t = rng.choice(pairs)
        return {"source": s, "sink": t}

    def question(self, inst):
        s, t = (inst.name(inst.params[k]) for k in ("source", "sink"))
        return (f"Each edge weight is the capacity of that directed edge. What is the value of a "
                f"maximum flow from node {s} to node {t}?")

    def solve(self, inst):
        return nx.maximum_flow_value(inst.graph, inst.params["source"], inst.params["sink"],
                                     capacity="weight")

    def trace(self, inst, reference):
        lines, total = [], 0
        for k, (path, pushed) in enumerate(augmenting_paths(inst), 1):
            lines += [f"path {k} = {answers.format_value('ordered_node_list', path, inst.labels)}",
                      f"push {k} = {pushed}"]
            total += pushed
        return [*lines, f"max flow = {total}"]

    def check_steps(self, inst, reference, lines):
        residual = Residual(inst)
        s, t = inst.params["source"], inst.params["sink"]
        state = {"count": 0, "path": None, "total": 0}

        def step(line):
            if line.key == "maxflow":
                given = answers.parse("integer", line.value, inst.labels)
                if given != state["total"]:
                    return f"the pushes add up to {state['total']}"
                return None if given == reference else "an augmenting path is still left"
            if line.key.startswith("path"):
                if state["path"] is not None:
                    return "the previous path has no push line"
                if line.key != f"path{state['count'] + 1}":
                    return f"the next path is number {state['count'] + 1}"
                path = answers.parse("ordered_node_list", line.value, inst.labels)
                if len(path) < 2 or path[0] != s or path[-1] != t or len(set(path)) != len(path):
                    return f"an augmenting path runs from {inst.name(s)} to {inst.name(t)}, once"
                if any(residual.spare(u, v) <= 0 for u, v in zip(path, path[1:])):
                    return "the path uses an edge with no spare capacity"
                state["path"] = path
                return None
            if line.key != f"push{state['count'] + 1}" or state["path"] is None:
                return f"expected 'push {state['count'] + 1} = b' after a path line"
            path, state["path"] = state["path"], None
            bottleneck = min(residual.spare(u, v) for u, v in zip(path, path[1:]))
            if answers.parse("integer", line.value, inst.labels) != bottleneck:
                return f"the bottleneck of that path is {bottleneck}"
            residual.push(path, bottleneck)
            state["count"] += 1
            state["total"] += bottleneck
            return None

        return traces.simulate(lines, step)


class Residual:
    """Net flow on a capacitated digraph: spare(u, v) = cap(u, v) - flow(u, v), with the flow
    skew-symmetric (flow(v, u) = -flow(u, v)), so sending back along an edge undoes its flow."""

    def __init__(self, inst):
        self.capacity = weights(inst)
        self.flow: dict[tuple[int, int], int] = {}
        self.neighbours = [set(out) for out in inst.adj]
        for u, v in self.capacity:
            self.neighbours[v].add(u)

    def spare(self, u, v):
        return self.capacity.get((u, v), 0) - self.flow.get((u, v), 0)

    def push(self, path, amount):
        for u, v in zip(path, path[1:]):
            self.flow[u, v] = self.flow.get((u, v), 0) + amount
            self.flow[v, u] = self.flow.get((v, u), 0) - amount


def augmenting_paths(inst):
    """Edmonds–Karp: (path, bottleneck) pairs, each a shortest augmenting path found by BFS with
    neighbours in ascending label order."""
    residual = Residual(inst)
    s, t = inst.params["source"], inst.params["sink"]
    order = [inst.sorted(nb) for nb in residual.neighbours]
    found = []
    while True:
        parent, queue = {s: None}, deque([s])
        while queue and t not in parent:
            u = queue.popleft()
            for v in order[u]:
                if v not in parent and residual.spare(u, v) > 0:
                    parent[v] = u
                    queue.append(v)
        if t not in parent or s == t:
            return found
        path = [t]
        while parent[path[-1]] is not None:
            path.append(parent[path[-1]])
        path.reverse()
        bottleneck = min(residual.spare(u, v) for u, v in zip(path, path[1:]))
        residual.push(path, bottleneck)
        found.append((path, bottleneck))
