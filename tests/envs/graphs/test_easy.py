"""graphs Easy tier: structural verifiers accept every valid answer (other tie-breaks, other
algorithms) and only those; references agree with independent computations."""
from __future__ import annotations

import itertools
import math
from collections import Counter

import networkx as nx
import pytest

from rlsynth.envs.graphs.tasks.bfs import bfs_order_error
from rlsynth.envs.graphs.tasks.dfs import dfs_order_error
from tests.envs.graphs.checks import answer, env


def descending(inst):
    return lambda nodes: sorted(nodes, key=inst.labels.sort_key, reverse=True)


# --------------------------------------------------------------------------------------------
# Traversals: the accepted orders are exactly the orders some tie-break produces


def all_bfs_orders(adj, source):
    def extend(order, queue, seen):
        if not queue:
            yield order
            return
        u, rest = queue[0], queue[1:]
        new = [v for v in adj[u] if v not in seen]
        for perm in itertools.permutations(new):
            yield from extend(order + list(perm), rest + list(perm), seen | set(new))
    yield from extend([source], [source], {source})


def all_dfs_orders(adj, source):
    def extend(order, path, seen):
        while path and not adj[path[-1]] - seen:
            path = path[:-1]
        if not path:
            yield order
            return
        for v in sorted(adj[path[-1]] - seen):
            yield from extend(order + [v], path + [v], seen | {v})
    yield from extend([source], [source], {source})


@pytest.mark.parametrize("check, enumerate_orders", [(bfs_order_error, all_bfs_orders),
                                                     (dfs_order_error, all_dfs_orders)],
                         ids=["bfs", "dfs"])
def test_order_checks_accept_exactly_the_traversal_orders(check, enumerate_orders):
    for seed in range(25):
        graph = nx.gnp_random_graph(6, 0.45, seed=seed)
        adj = [set(graph[v]) for v in range(6)]
        reachable = sorted(nx.node_connected_component(graph, 0))
        valid = {tuple(order) for order in enumerate_orders(adj, 0)}
        for rest in itertools.permutations(reachable[1:]):
            order = [0, *rest]
            assert (check(adj, 0, order) is None) == (tuple(order) in valid), (seed, order)
        assert check(adj, 0, [0, *reachable[1:], 0]) is not None
        if len(reachable) > 1:
            assert check(adj, 0, reachable[:-1]) is not None


@pytest.mark.parametrize("name, traverse", [("bfs", "bfs"), ("dfs", "dfs")])
def test_other_tie_break_is_accepted_with_its_trace(name, traverse):
    e = env(name)
    differed = 0
    for index in range(8):
        task = e.sample(index, level=2 + index % 3)
        inst, reference = e.instance(task)
        source = inst.params["source"]
        if traverse == "bfs":
            other = [source, *(v for _, v in nx.bfs_edges(inst.graph, source,
                                                           sort_neighbors=descending(inst)))]
        else:
            other = list(nx.dfs_preorder_nodes(inst.graph, source, sort_neighbors=descending(inst)))
        differed += other != reference
        trace = "\n".join(e.trace(inst, other)) + "\n" + answer(e, task, other)
        verdict = e.verify(task, trace)
        assert verdict.correct and all(s.ok for s in verdict.steps), (trace, verdict)
    assert differed >= 3


def test_bfs_order_with_levels_swapped_is_rejected():
    e = env("bfs")
    for index in range(10):
        task = e.sample(index, level=3)
        inst, reference = e.instance(task)
        dist = nx.single_source_shortest_path_length(inst.graph, inst.params["source"])
        i, j = next(((i, j) for i in range(1, len(reference)) for j in range(i + 1, len(reference))
                     if dist[reference[i]] < dist[reference[j]]), (None, None))
        if i is None:
            continue
        broken = list(reference)
        broken[i], broken[j] = broken[j], broken[i]
        assert not e.verify(task, answer(e, task, broken)).correct


# --------------------------------------------------------------------------------------------
# Minimum spanning tree


def test_any_minimum_spanning_tree_is_accepted_and_only_those():
    e = env("minimum_spanning_tree")
    for index in range(6):
        task = e.sample(index, level=2 + index % 3)
        inst, reference = e.instance(task)
        for algorithm in ("prim", "boruvka"):
            tree = list(nx.minimum_spanning_tree(inst.graph, algorithm=algorithm).edges)
            assert e.verify(task, answer(e, task, tree)).correct
        heaviest = list(nx.maximum_spanning_tree(inst.graph).edges)
        weight = nx.minimum_spanning_tree(inst.graph).size(weight="weight")
        if inst.graph.edge_subgraph(heaviest).size(weight="weight") > weight:
            assert not e.verify(task, answer(e, task, heaviest)).correct
        assert not e.verify(task, answer(e, task, [*reference[:-1], reference[0]])).correct


def test_kruskal_trace_with_another_tie_break_is_accepted():
    e = env("minimum_spanning_tree")
    for index in range(6):
        task = e.sample(index, level=3)
        inst, _ = e.instance(task)
        weight = {frozenset((u, v)): w for u, v, w in inst.graph_meta["edges"]}
        order = sorted(weight, key=lambda edge: (weight[edge], -max(edge)))
        forest = nx.utils.UnionFind(range(inst.n))
        tree = []
        for edge in order:
            u, v = sorted(edge)
            if forest[u] != forest[v]:
                forest.union(u, v)
                tree.append((v, u))
        trace = "\n".join(e.trace(inst, tree)) + "\n" + answer(e, task, tree)
        verdict = e.verify(task, trace)
        assert verdict.correct and all(s.ok for s in verdict.steps), (trace, verdict)


def test_kruskal_step_taking_a_heavier_edge_is_flagged():
    e = env("minimum_spanning_tree")
    for index in range(10):
        task = e.sample(index, level=3)
        inst, reference = e.instance(task)
        lines = e.trace(inst, reference)
        first, last = int(lines[0].split(" = ")[1]), int(lines[-1].split(" = ")[1]) - int(
            lines[-2].split(" = ")[1])
        if last > first:  # Kruskal's first edge is the lightest; the last one is heavier here
            heavy = e.trace(inst, [reference[-1]])[0]
            steps = e.verify(task, f"{heavy}\n{lines[0]}\n").steps
            assert not steps[0].ok and "lighter edge" in steps[0].reason
            assert not steps[1].ok
            return
    pytest.fail("no sampled graph had two edge weights")


# --------------------------------------------------------------------------------------------
# Dominating set


def test_every_minimum_dominating_set_is_accepted():
    e = env("dominating_set")
    others = 0
    for index in range(10):
        task = e.sample(index, level=1)
        inst, reference = e.instance(task)
        size = next(k for k in range(inst.n + 1) for subset in
                    itertools.combinations(range(inst.n), k)
                    if nx.is_dominating_set(inst.graph, subset))
        assert len(reference) == size  # the exact solver finds the true minimum
        for subset in itertools.combinations(range(inst.n), size):
            ok = e.verify(task, answer(e, task, list(subset))).correct
            assert ok == nx.is_dominating_set(inst.graph, subset)
            others += ok and sorted(subset) != sorted(reference)
    assert others >= 5


# --------------------------------------------------------------------------------------------
# Yes/no tasks: both answers, near misses, and the facts agree with the definition


@pytest.mark.parametrize("name", ["has_cycle", "is_regular", "is_tournament", "edge_existence"])
def test_yes_no_tasks_give_both_answers_at_every_level(name):
    e = env(name)
    for level in e.levels:
        counts = Counter(e.sample(i, level=level).answer for i in range(30))
        assert set(counts) == {"Yes", "No"} and max(counts.values()) <= 24, (level, counts)


def test_yes_no_negatives_include_near_misses():
    regular = env("is_regular")
    spreads = [max(d for _, d in g.degree()) - min(d for _, d in g.degree())
               for g in (regular.instance(t)[0].graph for t in
                         (regular.sample(i) for i in range(40)) if t.answer == "No")]
    assert 1 in spreads
    tournament = env("is_tournament")
    almost = 0
    for task in (tournament.sample(i) for i in range(40)):
        inst = tournament.instance(task)[0]
        pairs = {frozenset(e) for e in inst.graph.edges}
        almost += task.answer == "No" and len(pairs) >= inst.n * (inst.n - 1) // 2 - 1
    assert almost >= 3


def test_has_cycle_agrees_with_edges_over_forest_size():
    e = env("has_cycle")
    for index in range(20):
        task = e.sample(index, level=1 + index % 5)
        graph = e.instance(task)[0].graph
        forest_edges = graph.number_of_nodes() - nx.number_connected_components(graph)
        assert (task.answer == "Yes") == (graph.number_of_edges() > forest_edges)


def test_counting_tasks_agree_with_the_edge_list():
    for name, value in [("node_number", lambda m: m["n"]),
                        ("edge_number", lambda m: len(m["edges"])),
                        ("density", lambda m: 2 * len(m["edges"]) / (m["n"] * (m["n"] - 1)))]:
        e = env(name)
        for index in range(5):
            task = e.sample(index, level=1 + index)
            assert math.isclose(task.answer, value(task.meta["graph"]), abs_tol=1e-6)


def test_neighbour_tasks_agree_with_the_edge_list():
    for name in ("neighbor", "common_neighbor", "degree", "edge_existence"):
        e = env(name)
        for index in range(5):
            task = e.sample(index, level=2, labels="letters")
            inst, reference = e.instance(task)
            adj = {v: set() for v in range(inst.n)}
            for u, v in inst.graph_meta["edges"]:
                adj[u].add(v)
                adj[v].add(u)
            params = inst.params
            if name in ("neighbor", "degree"):
                expected = adj[params["node"]] if name == "neighbor" else len(adj[params["node"]])
            else:
                u, v = params["pair"]
                expected = adj[u] & adj[v] if name == "common_neighbor" else v in adj[u]
            got = set(reference) if isinstance(reference, list) else reference
            assert got == expected
