"""Shortest-path distances and connected / weighted graphs, shared by the distance tasks
(center, diameter, radius, periphery, barycenter, closeness, harmonic, wiener, efficiency,
shortest paths, betweenness), with their bases ConnectedGraphTask and EccentricityTask.

Distances run on `Instance.adj` (plain sets) rather than networkx, because verifiers recompute
them and must stay fast; tasks still take their reference answers from networkx.
"""
from __future__ import annotations

import heapq
import random
from collections.abc import Mapping
from typing import Any, ClassVar

import networkx as nx

from rlsynth.envs.graphs import answers
from rlsynth.envs.graphs.base import GraphTask, Instance
from rlsynth.envs.graphs.sampling import add_weights, connect, random_graph
from rlsynth.envs.graphs.traces import Fact, StepLine


def connected_graph(rng: random.Random, n: int, knobs: Mapping[str, Any]) -> nx.Graph:
    """A graph of the knob family, its components joined by one random edge each."""
    return connect(random_graph(rng, n, knobs["density"], knobs.get("family", "mixed")), rng)


class ConnectedGraphTask(GraphTask):
    """Base of the tasks asked about a connected undirected graph of the knob family."""

    def make_graph(self, rng, n, knobs):
        return connected_graph(rng, n, knobs)


# the definition that the center, periphery and radius questions open with
ECCENTRICITY = ("The eccentricity of a node is its largest shortest-path distance (in edges) to "
                "any other node.")


class EccentricityTask(ConnectedGraphTask):
    """Base of center, periphery, radius and diameter. Trace (facts): `ecc(v) = k` for every
    node, then the extreme eccentricity `extreme = k` ("radius", the least, or "diameter", the
    greatest), which the node-list tasks select their nodes by."""

    tier = "hard"
    extreme: ClassVar[str] = "radius"

    def facts(self, inst, reference):
        eccentricities = eccentricity_facts(inst)
        pick = min if self.extreme == "radius" else max
        return [*eccentricities, Fact(self.extreme, "integer",
                                      pick(f.value for f in eccentricities))]


def weighted_connected_graph(rng: random.Random, n: int, knobs: Mapping[str, Any],
                             high: int = 10) -> nx.Graph:
    """A connected graph with integer weights 1..high."""
    return add_weights(connected_graph(rng, n, knobs), rng, 1, high)


def bfs_distances(adj: list[set[int]], source: int) -> dict[int, int]:
    """Hop distance from `source` to every node it reaches."""
    dist, frontier, d = {source: 0}, [source], 0
    while frontier:
        d += 1
        reached = []
        for u in frontier:
            for w in adj[u]:
                if w not in dist:
                    dist[w] = d
                    reached.append(w)
        frontier = reached
    return dist


def distances_from(inst: Instance, source: int) -> dict[int, int]:
    """Hop distances from one node (cached on the instance; from the full table if built)."""
    table = inst.cache.get("distances")
    if table is not None:
        return table[source]
    key = ("bfs", source)
    if key not in inst.cache:
        inst.cache[key] = bfs_distances(inst.adj, source)
    return inst.cache[key]


def distance_table(inst: Instance) -> list[dict[int, int]]:
    """Hop distances from every node (cached on the instance)."""
    table = inst.cache.get("distances")
    if table is None:
        table = inst.cache["distances"] = [bfs_distances(inst.adj, v) for v in range(inst.n)]
    return table


def layers(dist: Mapping[int, int]) -> list[list[int]]:
    """Nodes by distance: layers[k] holds the nodes at distance k."""
    out: list[list[int]] = [[] for _ in range(max(dist.values()) + 1)]
    for v, d in dist.items():
        out[d].append(v)
    return out


def eccentricity_facts(inst: Instance) -> list[Fact]:
    """`ecc(v) = k` for every node in ascending label order (graph connected)."""
    table = distance_table(inst)
    return [Fact(f"ecc({inst.name(v)})", "integer", max(table[v].values()))
            for v in inst.sorted(range(inst.n))]


def layer_facts(inst: Instance, source: int) -> list[Fact]:
    """`layer k = [nodes]` for k = 1.. up to the farthest node reached from `source`."""
    found = layers(distances_from(inst, source))
    return [Fact(f"layer {k}", "node_list", inst.sorted(nodes))
            for k, nodes in enumerate(found) if k]


def pair_distance_counts(inst: Instance) -> dict[int, int]:
    """How many unordered pairs of nodes lie at each finite distance >= 1."""
    counts: dict[int, int] = {}
    for u, dist in enumerate(distance_table(inst)):
        for v, d in dist.items():
            if u < v:
                counts[d] = counts.get(d, 0) + 1
    return dict(sorted(counts.items()))


def weights(inst: Instance) -> dict[tuple[int, int], int]:
    """Edge weight by (u, v), both orientations for undirected graphs (cached)."""
    table = inst.cache.get("weights")
    if table is None:
        table = {}
        for u, v, w in inst.graph_meta["edges"]:
            table[u, v] = w
            if not inst.directed:
                table[v, u] = w
        inst.cache["weights"] = table
    return table


def dijkstra(inst: Instance, source: int) -> dict[int, int]:
    """Weighted distance from `source` to every node it reaches (cached per source)."""
    key = ("dijkstra", source)
    dist = inst.cache.get(key)
    if dist is not None:
        return dist
    w, adj = weights(inst), inst.adj
    dist, heap = {}, [(0, source)]
    while heap:
        d, u = heapq.heappop(heap)
        if u in dist:
            continue
        dist[u] = d
        for v in adj[u]:
            if v not in dist:
                heapq.heappush(heap, (d + w[u, v], v))
    inst.cache[key] = dist
    return dist


def path_error(inst: Instance, path: list[int], source: int, target: int) -> str | None:
    """None if `path` walks from `source` to `target` along edges without repeating a node."""
    if not path or path[0] != source or path[-1] != target:
        return (f"the path must start at {inst.name(source)} and end at {inst.name(target)}")
    if len(set(path)) != len(path):
        return "the path repeats a node"
    for u, v in zip(path, path[1:]):
        if v not in inst.adj[u]:
            return f"({inst.name(u)}, {inst.name(v)}) is not an edge"
    return None


def far_pair(rng: random.Random, inst: Instance, dist: list[Mapping[int, int]]) -> dict:
    """Question parameters {"source", "target"}: two nodes at least two hops apart where some
    pair is (a path question about neighbours is trivial), any two distinct nodes otherwise.
    `dist[s][t]` is the distance (only defined for reachable pairs)."""
    pairs = [(s, t) for s in range(inst.n) for t in dist[s]
             if t != s and t not in inst.adj[s]]
    if not pairs:
        pairs = [(s, t) for s in range(inst.n) for t in dist[s] if t != s] or [(0, 0)]
    s, t = rng.choice(pairs)
    return {"source": s, "target": t}


def key_argument(line: StepLine, verb: str, inst: Instance) -> int:
    """The node named by a step key `<verb>(<node>)` (keys are lower case without spaces)."""
    if not line.key.startswith(verb):
        raise answers.ParseError(f"expected a step '{verb}(<node>) = ...', got {line.key!r}")
    inner = line.key[len(verb):].strip("()")
    v = inst.labels.lookup(inner)
    if v is None:
        raise answers.ParseError(f"{inner!r} is not a node of this graph")
    return v


def prev_step_error(inst: Instance, line: StepLine, dist: Mapping[int, int],
                    length=lambda u, v: 1) -> str | None:
    """Judge a path step `prev(v) = u`: u must be a neighbour of v on a shortest path to v,
    dist[u] + length(u, v) = dist[v]. None when right, else the reason."""
    try:
        v = key_argument(line, "prev", inst)
        nodes = answers.parse_nodes(line.value, inst.labels)
    except answers.ParseError as exc:
        return str(exc)
    if len(nodes) != 1:
        return f"expected one node after 'prev({inst.name(v)}) =', got {line.value.strip()!r}"
    u = nodes[0]
    if u not in inst.adj[v] or u not in dist or v not in dist:
        return f"{inst.name(u)} is not a neighbour of {inst.name(v)} reached from the source"
    if dist[u] + length(u, v) != dist[v]:
        return (f"{inst.name(u)} is not on a shortest path to {inst.name(v)} (distances "
                f"{dist[u]} and {dist[v]})")
    return None
