"""weighted_shortest_path (challenging): one path of least total weight between two nodes of a
connected weighted graph; any path of optimal weight is accepted.

Trace (Dijkstra): `settle v = d` for each node as it leaves the priority queue, with d its
distance from the source, in non-decreasing order of d (every nearer node settled before it,
ties in any order), until the target is settled; then the path read backwards, `prev(v) = u`,
each u a neighbour with dist(u) + w(u, v) = dist(v).
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs import answers, traces
from rlsynth.envs.graphs.base import GraphTask
from rlsynth.envs.graphs.distances import (dijkstra, far_pair, key_argument, path_error,
                                           prev_step_error, weighted_connected_graph, weights)


@register
class WeightedShortestPath(GraphTask):
    name = "graphs/weighted_shortest_path"
    description = "A least-weight path between two nodes of a weighted graph (any one accepted)"
    tier = "challenging"
    answer_type = "ordered_node_list"

    def make_graph(self, rng, n, knobs):
        return weighted_connected_graph(rng, n, knobs)

    def pose(self, rng, inst):
        return far_pair(rng, inst, [dijkstra(inst, v) for v in range(inst.n)])

    def question(self, inst):
        s, t = (inst.name(inst.params[k]) for k in ("source", "target"))
        return (f"Give a path of least total edge weight from node {s} to node {t}, as the list "
                f"of its nodes from {s} to {t}. If several paths have the least weight, any one "
                "is accepted.")

    def solve(self, inst):
        return nx.dijkstra_path(inst.graph, inst.params["source"], inst.params["target"])

    def check(self, inst, reference, given):
        reason = path_error(inst, given, inst.params["source"], inst.params["target"])
        if reason is not None:
            return reason
        w = weights(inst)
        total, best = (sum(w[e] for e in zip(p, p[1:])) for p in (given, reference))
        return None if total == best else f"the path weighs {total}; the least weight is {best}"

    def trace(self, inst, reference):
        source, target = inst.params["source"], inst.params["target"]
        dist = dijkstra(inst, source)
        lines = []
        for v in sorted(dist, key=lambda v: (dist[v], inst.labels.sort_key(v))):
            lines.append(f"settle {inst.name(v)} = {dist[v]}")
            if v == target:
                break
        return lines + [f"prev({inst.name(v)}) = {inst.name(u)}"
                        for u, v in reversed(list(zip(reference, reference[1:])))]

    def check_steps(self, inst, reference, lines):
        dist, w = dijkstra(inst, inst.params["source"]), weights(inst)
        settled: set[int] = set()
        last = [0]

        def step(line):
            if line.key.startswith("prev"):
                return prev_step_error(inst, line, dist, lambda u, v: w[u, v])
            v = key_argument(line, "settle", inst)
            d = answers.parse("integer", line.value, inst.labels)
            if v in settled:
                return f"{inst.name(v)} is settled twice"
            if v not in dist or d != dist[v]:
                return f"the distance of {inst.name(v)} is not {d}"
            if d < last[0]:
                return f"Dijkstra settles nodes in order of distance; {d} comes after {last[0]}"
            skipped = next((u for u in dist if dist[u] < d and u not in settled), None)
            if skipped is not None:
                return f"{inst.name(skipped)} (distance {dist[skipped]}) is settled before it"
            settled.add(v)
            last[0] = d
            return None

        return traces.simulate(lines, step)
