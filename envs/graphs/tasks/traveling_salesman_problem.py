"""traveling_salesman_problem (hard): a shortest tour of a complete weighted graph that starts
and ends at a given node; any tour of the least length is accepted.

networkx's TSP solvers are approximations, so the optimum is decided exactly by Held–Karp dynamic
programming (`optimal_tour`, O(2^n n^2)); sizes are bounded to keep that cheap: 4..9 nodes over
the levels and at most 10 by knob (about 4 ms per task). Trace: `leg (u, v) = w` for each step of
the tour in order, w the edge weight, then `length = L`, the sum of the legs.
"""
import networkx as nx

from rlsynth import Knob, register
from rlsynth.envs.graphs import answers, traces
from rlsynth.envs.graphs.base import GraphTask, graph_knobs
from rlsynth.envs.graphs.distances import weights

MAX_NODES = 10
# level -> (nodes_min, nodes_max); complete graphs, so density plays no part
LEVEL_SIZES = {1: (4, 5), 2: (5, 6), 3: (6, 7), 4: (7, 8), 5: (8, 9)}


@register
class TravelingSalesmanProblem(GraphTask):
    name = "graphs/traveling_salesman_problem"
    description = "A shortest tour through every node of a small complete weighted graph"
    tier = "hard"
    answer_type = "ordered_node_list"
    knobs = {
        **{k: v for k, v in graph_knobs(family=False).items() if k != "density"},
        "nodes_min": Knob(int, None, "fewest nodes (the level decides by default)", low=3,
                          high=MAX_NODES),
        "nodes_max": Knob(int, None, f"most nodes (the level decides by default; at most "
                          f"{MAX_NODES}, as the exact optimum costs O(2^n n^2))", low=3,
                          high=MAX_NODES),
        "max_weight": Knob(int, 20, "edge weights are drawn from 1..max_weight", low=1, high=1000),
    }

    def level_knobs(self, level):
        nodes_min, nodes_max = LEVEL_SIZES[level]
        return {"nodes_min": nodes_min, "nodes_max": nodes_max}

    def make_graph(self, rng, n, knobs):
        graph = nx.complete_graph(n)
        for u, v in graph.edges:
            graph[u][v]["weight"] = rng.randint(1, knobs["max_weight"])
        graph.graph["family"] = "complete"
        return graph

    def pose(self, rng, inst):
        return {"start": rng.randrange(inst.n)}

    def question(self, inst):
        s = inst.name(inst.params["start"])
        return (f"Find a shortest tour that starts at node {s}, visits every other node exactly "
                f"once and returns to {s}; its length is the sum of the weights of its edges. "
                f"Give it as the list of nodes in visiting order, beginning and ending with {s} "
                f"(so {inst.n + 1} entries). If several tours are shortest, any one is accepted.")

    def solve(self, inst):
        return optimal_tour(inst.n, weights(inst), inst.params["start"])

    def check(self, inst, reference, given):
        start = inst.params["start"]
        if len(given) != inst.n + 1 or given[0] != start or given[-1] != start:
            return (f"the tour must list {inst.n + 1} nodes, beginning and ending with "
                    f"{inst.name(start)}")
        if sorted(given[:-1]) != list(range(inst.n)):
            return "the tour must visit every node exactly once"
        length, best = tour_length(given, weights(inst)), tour_length(reference, weights(inst))
        return None if length == best else f"the tour has length {length}; the shortest is {best}"

    def trace(self, inst, reference):
        w = weights(inst)
        legs = [f"leg ({inst.name(u)}, {inst.name(v)}) = {w[u, v]}"
                for u, v in zip(reference, reference[1:])]
        return [*legs, f"length = {tour_length(reference, w)}"]

    def check_steps(self, inst, reference, lines):
        w, start = weights(inst), inst.params["start"]
        tour, total = [start], [0]

        def step(line):
            if line.key == "length":
                given = answers.parse("integer", line.value, inst.labels)
                return None if given == total[0] else f"the legs add up to {total[0]}"
            if not line.key.startswith("leg"):
                return f"expected 'leg (u, v) = w' or 'length = L', got {line.key!r}"
            u, v = traces.key_edge(line, "leg", inst.labels, w)
            if u != tour[-1]:
                return f"the tour is at {inst.name(tour[-1])}, not {inst.name(u)}"
            back_home = v == start and len(tour) == inst.n
            if v in tour and not back_home:
                return f"{inst.name(v)} was already visited"
            if answers.parse("integer", line.value, inst.labels) != w[u, v]:
                return f"the weight of ({inst.name(u)}, {inst.name(v)}) is {w[u, v]}"
            tour.append(v)
            total[0] += w[u, v]
            return None

        return traces.simulate(lines, step)


def tour_length(tour, w):
    return sum(w[e] for e in zip(tour, tour[1:]))


def optimal_tour(n, w, start):
    """A shortest closed tour from `start` by Held–Karp: best[mask][j] is the least length of a
    path from start through the node set `mask` ending at j."""
    others = [v for v in range(n) if v != start]
    if not others:
        return [start]
    k = len(others)
    best = [[None] * k for _ in range(1 << k)]
    back = [[-1] * k for _ in range(1 << k)]
    for j, v in enumerate(others):
        best[1 << j][j] = w[start, v]
    for mask in range(1, 1 << k):
        row = best[mask]
        for j in range(k):
            length = row[j]
            if length is None:
                continue
            vj = others[j]
            for i in range(k):
                if mask >> i & 1:
                    continue
                nxt, candidate = mask | 1 << i, length + w[vj, others[i]]
                if best[nxt][i] is None or candidate < best[nxt][i]:
                    best[nxt][i] = candidate
                    back[nxt][i] = j
    full = (1 << k) - 1
    j = min(range(k), key=lambda j: best[full][j] + w[others[j], start])
    path, mask = [], full
    while j >= 0:
        path.append(others[j])
        mask, j = mask ^ 1 << j, back[mask][j]
    return [start, *reversed(path), start]
