"""Random graphs for the graph tasks.

Every sampler draws only from the caller's `random.Random` (networkx generators get an int seed
drawn from it), returns a graph on the nodes 0..n-1 in a random relabelling (so node ids leak no
structure: a Barabási–Albert hub is not always node 0), and keeps edge weights, where any, in the
"weight" attribute. `graph_to_meta` / `graph_from_meta` store a graph as JSON in `Task.meta`.
"""
from __future__ import annotations

import math
import random

import networkx as nx

FAMILIES = ("erdos_renyi", "barabasi_albert", "watts_strogatz", "tree", "grid")


def random_graph(rng: random.Random, n: int, density: float, family: str = "mixed") -> nx.Graph:
    """An undirected graph on n nodes from `family` ("mixed" draws one of FAMILIES).

    `density` is the edge probability for Erdős–Rényi and sets the mean degree (about
    density * (n - 1)) for Barabási–Albert and Watts–Strogatz; trees and grids ignore it.
    The realised family is in `graph.graph["family"]`.
    """
    if family == "mixed":
        family = rng.choice(FAMILIES)
    seed = rng.getrandbits(32)
    if n < 4 and family in ("barabasi_albert", "watts_strogatz"):
        family = "tree"  # their parameters need more nodes
    if family == "erdos_renyi":
        graph = gnp(rng, n, density)
    elif family == "barabasi_albert":
        m = min(max(1, round(density * (n - 1) / 2)), n - 1)
        graph = nx.barabasi_albert_graph(n, m, seed=seed)
    elif family == "watts_strogatz":
        k = min(max(2, round(density * (n - 1))), n - 1)
        graph = nx.watts_strogatz_graph(n, k, 0.3, seed=seed) if n > 2 else nx.path_graph(n)
    elif family == "tree":
        graph = nx.random_labeled_tree(n, seed=seed)
    elif family == "grid":
        graph = grid(rng, n)
    else:
        raise ValueError(f"unknown graph family {family!r}; choose 'mixed' or one of {FAMILIES}")
    graph = shuffled(graph, rng)
    graph.graph["family"] = family
    return graph


def gnp(rng: random.Random, n: int, p: float) -> nx.Graph:
    """Erdős–Rényi G(n, p), drawn directly (faster than networkx at these sizes)."""
    graph = nx.empty_graph(n)
    graph.add_edges_from((u, v) for u in range(n) for v in range(u + 1, n) if rng.random() < p)
    return graph


def grid(rng: random.Random, n: int) -> nx.Graph:
    """The first n nodes (row-major) of a rows x cols grid with rows*cols >= n: connected."""
    rows = rng.randint(1, max(1, math.isqrt(n)))
    cols = -(-n // rows)
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    for v in range(n):
        if (v + 1) % cols and v + 1 < n:
            graph.add_edge(v, v + 1)
        if v + cols < n:
            graph.add_edge(v, v + cols)
    return graph


def shuffled(graph: nx.Graph, rng: random.Random) -> nx.Graph:
    """The graph relabelled to 0..n-1 by a random permutation (weights and kind kept)."""
    perm = list(range(graph.number_of_nodes()))
    rng.shuffle(perm)
    new = dict(zip(graph.nodes, perm))
    out = nx.DiGraph() if graph.is_directed() else nx.Graph()
    out.add_nodes_from(range(len(perm)))
    out.add_edges_from((new[u], new[v], data) for u, v, data in graph.edges(data=True))
    out.graph.update(graph.graph)
    return out


def connect(graph: nx.Graph, rng: random.Random) -> nx.Graph:
    """Join the components of an undirected graph with one random edge each (in place)."""
    components = [list(c) for c in nx.connected_components(graph)]
    for previous, component in zip(components, components[1:]):
        graph.add_edge(rng.choice(previous), rng.choice(component))
    return graph


def add_random_edge(graph: nx.Graph, rng: random.Random, nodes=None) -> bool:
    """Join one pair of non-adjacent nodes (of `nodes`, default all), drawn uniformly, in place:
    the near miss of the yes/no tasks (a forest gets a cycle, an Eulerian graph two odd nodes, a
    bipartite graph an edge inside a side). False when every pair is already adjacent."""
    nodes = range(graph.number_of_nodes()) if nodes is None else nodes
    pairs = [(u, v) for u in nodes for v in nodes if u < v and not graph.has_edge(u, v)]
    if pairs:
        graph.add_edge(*rng.choice(pairs))
    return bool(pairs)


def add_weights(graph: nx.Graph, rng: random.Random, low: int = 1, high: int = 10) -> nx.Graph:
    """Integer weights drawn uniformly from low..high on every edge (in place)."""
    for u, v in graph.edges:
        graph[u][v]["weight"] = rng.randint(low, high)
    return graph


def oriented(graph: nx.Graph, rng: random.Random, both: float = 0.0) -> nx.DiGraph:
    """A random orientation of each edge; with probability `both` an edge points both ways."""
    digraph = nx.DiGraph()
    digraph.add_nodes_from(graph.nodes)
    for u, v in graph.edges:
        if rng.random() < 0.5:
            u, v = v, u
        digraph.add_edge(u, v, **graph[u][v])
        if rng.random() < both:
            digraph.add_edge(v, u, **graph[u][v])
    digraph.graph.update(graph.graph)
    return digraph


def random_dag(rng: random.Random, n: int, density: float, family: str = "mixed") -> nx.DiGraph:
    """A DAG: a random graph with every edge pointing forward in a random order of the nodes.

    The edges are oriented from the lower to the higher id and the ids then shuffled: without
    the shuffle, the id order (and so the label order 1..n) would always be a topological order.
    """
    graph = random_graph(rng, n, density, family)
    dag = nx.DiGraph()
    dag.add_nodes_from(graph.nodes)
    dag.add_edges_from((min(u, v), max(u, v)) for u, v in graph.edges)
    dag.graph.update(graph.graph)
    return shuffled(dag, rng)


def random_tournament(rng: random.Random, n: int) -> nx.DiGraph:
    """Every pair of nodes joined by exactly one edge in a random direction."""
    digraph = nx.DiGraph()
    digraph.add_nodes_from(range(n))
    for u in range(n):
        for v in range(u + 1, n):
            digraph.add_edge(*((u, v) if rng.random() < 0.5 else (v, u)))
    digraph.graph["family"] = "tournament"
    return digraph


def random_regular(rng: random.Random, n: int, density: float) -> nx.Graph:
    """A random d-regular graph with d about density * (n - 1) (n * d made even)."""
    d = min(max(1, round(density * (n - 1))), n - 1)
    if n * d % 2:
        d = d - 1 if d > 1 else d + 1
    graph = shuffled(nx.random_regular_graph(d, n, seed=rng.getrandbits(32)), rng)
    graph.graph["family"] = "regular"
    return graph


def random_bipartite(rng: random.Random, n: int, density: float) -> tuple[nx.Graph, list[int]]:
    """A connected bipartite graph (n >= 2) and its left side (the right side is the rest).

    A random spanning tree across the sides keeps it connected; cross edges are then added with
    probability `density`.
    """
    nodes = list(range(n))
    rng.shuffle(nodes)
    cut = rng.randint(1, n - 1)
    left, right = nodes[:cut], nodes[cut:]
    graph = nx.empty_graph(n)
    graph.add_edges_from((v, rng.choice(left)) for v in right)
    graph.add_edges_from((u, rng.choice(right)) for u in left[1:])
    graph.add_edges_from((u, v) for u in left for v in right if rng.random() < density)
    graph.graph["family"] = "bipartite"
    return graph, sorted(left)


def graph_to_meta(graph: nx.Graph, rng: random.Random) -> dict:
    """JSON form of a graph for `Task.meta`, edges in a random presentation order.

    That order is the order the prompt lists them in; undirected edges also get a random
    orientation, so neither leaks structure.
    """
    weighted = any("weight" in data for _, _, data in graph.edges(data=True))
    edges = []
    for u, v, data in graph.edges(data=True):
        if not graph.is_directed() and rng.random() < 0.5:
            u, v = v, u
        edges.append([u, v, data["weight"]] if weighted else [u, v])
    rng.shuffle(edges)
    return {"n": graph.number_of_nodes(), "directed": graph.is_directed(), "weighted": weighted,
            "edges": edges}


def graph_from_meta(meta: dict) -> nx.Graph:
    """The graph stored by `graph_to_meta`."""
    graph = nx.DiGraph() if meta["directed"] else nx.Graph()
    graph.add_nodes_from(range(meta["n"]))
    if meta["weighted"]:
        graph.add_weighted_edges_from(meta["edges"])
    else:
        graph.add_edges_from(meta["edges"])
    return graph
