"""graphs Medium tier: formula tasks agree with their formulas and honour the float tolerance;
structural tasks accept answers from other algorithms and reject invalid ones; traces with
choices accept other valid runs and flag wrong steps."""
from __future__ import annotations

import itertools
import math
from collections import Counter

import networkx as nx
import pytest

from rlsynth.envs.graphs import answers
from tests.envs.graphs.checks import answer, env


# --------------------------------------------------------------------------------------------
# Formula tasks


def formula(name, adj, n, params):
    """The quantity each formula task asks for, computed from the adjacency alone."""
    if "pair" in params:
        a, b = (adj[v] for v in params["pair"])
        common = a & b
        return {"jaccard_coefficient": len(common) / len(a | b) if a | b else 0.0,
                "adamic_adar_index": sum(1 / math.log(len(adj[w])) for w in common),
                "resource_allocation_index": sum(1 / len(adj[w]) for w in common)}[name]
    v = params["node"]
    k = len(adj[v])
    links = sum(len(adj[w] & adj[v]) for w in adj[v]) / 2
    return {"degree_centrality": k / (n - 1),
            "clustering_coefficient": 2 * links / (k * (k - 1)) if k > 1 else 0.0}[name]


FORMULAS = ["jaccard_coefficient", "adamic_adar_index", "resource_allocation_index",
            "degree_centrality", "clustering_coefficient"]


@pytest.mark.parametrize("name", FORMULAS)
def test_formula_tasks_match_the_formula_and_the_tolerance(name):
    e = env(name)
    values = []
    for index in range(8):
        task = e.sample(index, level=1 + index % 5)
        inst, reference = e.instance(task)
        expected = formula(name, inst.adj, inst.n, inst.params)
        assert math.isclose(reference, expected, abs_tol=1e-6)
        values.append(round(reference, 3))
        for delta, ok in [(4e-4, True), (-4e-4, True), (3e-3 * (1 + expected), False)]:
            verdict = e.verify(task, f"<answer>{expected + delta:.6f}</answer>")
            assert verdict.correct is ok, (expected, delta, verdict)
    assert len(set(values)) >= 3  # the tasks ask about different values, not one constant


# --------------------------------------------------------------------------------------------
# Matching and edge cover


def test_any_maximum_bipartite_matching_is_accepted():
    e = env("bipartite_maximum_matching")
    differed = 0
    for index in range(8):
        task = e.sample(index, level=1 + index % 5)
        inst, reference = e.instance(task)
        blossom = [tuple(edge) for edge in nx.max_weight_matching(inst.graph, maxcardinality=True)]
        kuhn = e.expert_answer(inst, reference)
        assert len(blossom) == len(kuhn) == len(reference)
        for other in (blossom, kuhn):
            assert e.verify(task, answer(e, task, other)).correct
            differed += {frozenset(x) for x in other} != {frozenset(x) for x in reference}
        if reference:
            u, v = reference[0]
            clash = next((w for w in inst.adj[u] if w != v), None)
            if clash is not None:  # two edges at u: not a matching
                assert not e.verify(task, answer(e, task, [*reference, (u, clash)][1:] +
                                                 [(u, v)])).correct
    assert differed >= 3


def test_matching_trace_flags_a_path_that_is_not_augmenting():
    e = env("bipartite_maximum_matching")
    for index in range(10):
        task = e.sample(index, level=3)
        inst, reference = e.instance(task)
        lines = e.trace(inst, reference)
        if len(lines) < 2:
            continue
        # replaying the first augmenting path again: its ends are now matched
        steps = e.verify(task, "\n".join([lines[0], lines[0]])).steps
        assert steps[0].ok and not steps[1].ok
        return
    pytest.fail("no sampled task had two augmenting paths")


def test_any_minimum_edge_cover_is_accepted():
    e = env("min_edge_covering")
    differed = 0
    for index in range(8):
        task = e.sample(index, level=1 + index % 5)
        inst, reference = e.instance(task)
        matching = nx.max_weight_matching(inst.graph, maxcardinality=True)
        assert len(reference) == inst.n - len(matching)  # Gallai: rho = n - nu
        covered = {v for edge in matching for v in edge}
        other = [tuple(edge) for edge in matching] + [
            (v, max(inst.adj[v], key=inst.labels.sort_key)) for v in range(inst.n)
            if v not in covered]
        assert e.verify(task, answer(e, task, other)).correct
        differed += {frozenset(x) for x in other} != {frozenset(x) for x in reference}
        everything = [tuple(edge) for edge in inst.graph.edges]
        if len(everything) > len(reference):
            assert not e.verify(task, answer(e, task, everything)).correct
    assert differed >= 2


# --------------------------------------------------------------------------------------------
# Components, connectivity, bipartiteness, Euler


def test_components_in_any_order_are_accepted_and_partial_ones_flagged():
    e = env("connected_component_number")
    counts = Counter()
    for index in range(10):
        task = e.sample(index, level=3)
        inst, reference = e.instance(task)
        counts[reference] += 1
        lines = e.trace(inst, reference)
        reordered = [*reversed(lines[:-1]), lines[-1]]
        verdict = e.verify(task, "\n".join(reordered) + f"\n<answer>{reference}</answer>")
        assert verdict.correct and all(s.ok for s in verdict.steps)
        big = max(lines[:-1], key=len)
        if big.count(",") >= 1:
            partial = big.rsplit(",", 1)[0] + "]"
            assert not e.verify(task, partial).steps[0].ok
    assert len(counts) >= 3


def menger_brute_force(graph, s, t):
    """Most internally disjoint s-t paths = (direct edge) + fewest inner nodes whose removal
    separates s from t (Menger), by trying every node subset."""
    direct = graph.has_edge(s, t)
    rest = graph.copy()
    if direct:
        rest.remove_edge(s, t)
    inner = [v for v in graph if v not in (s, t)]
    for k in range(len(inner) + 1):
        for cut in itertools.combinations(inner, k):
            left = rest.subgraph(set(rest) - set(cut))
            if not nx.has_path(left, s, t):
                return direct + k
    return direct + len(inner)


def test_local_connectivity_matches_menger_and_other_path_sets():
    e = env("local_connectivity")
    for index in range(10):
        task = e.sample(index, level=1)
        inst, reference = e.instance(task)
        s, t = inst.params["pair"]
        assert reference == menger_brute_force(inst.graph, s, t)
        paths = list(nx.node_disjoint_paths(inst.graph, s, t,
                                            flow_func=nx.flow.shortest_augmenting_path))
        trace = "\n".join(f"path {k} = {answers.format_value('ordered_node_list', p, inst.labels)}"
                          for k, p in enumerate(reversed(paths), start=1))
        verdict = e.verify(task, trace + f"\n<answer>{reference}</answer>")
        assert verdict.correct and all(step.ok for step in verdict.steps)
        longest = max(paths, key=len)
        if len(longest) > 2:  # the same path twice shares its inner nodes
            again = answers.format_value("ordered_node_list", longest, inst.labels)
            steps = e.verify(task, f"path 1 = {again}\npath 2 = {again}\n").steps
            assert steps[0].ok and not steps[1].ok


def test_bipartite_colouring_with_swapped_colours_is_accepted():
    e = env("is_bipartite")
    seen = Counter()
    for index in range(12):
        task = e.sample(index, level=2)
        inst, reference = e.instance(task)
        seen[task.answer] += 1
        assert reference == nx.is_bipartite(inst.graph)
        lines = e.trace(inst, reference)
        swapped = [line[:-1] + str(1 - int(line[-1])) if line.startswith("colour") else line
                   for line in lines]
        verdict = e.verify(task, "\n".join(swapped) + "\n" + answer(e, task, reference))
        assert verdict.correct and all(step.ok for step in verdict.steps), swapped
        if reference:  # claiming a conflict on a properly coloured edge is flagged
            u, v = next(iter(inst.graph.edges))
            claim = f"conflict ({inst.name(u)}, {inst.name(v)}) = Yes"
            assert not e.verify(task, "\n".join([*lines, claim])).steps[-1].ok
    assert set(seen) == {"Yes", "No"}


def test_eulerian_answers_follow_parity_and_both_occur():
    e = env("is_eularian")
    near = Counter()
    for index in range(30):
        task = e.sample(index, level=1 + index % 5)
        graph = e.instance(task)[0].graph
        odd = [v for v, d in graph.degree() if d % 2]
        assert nx.is_connected(graph)
        assert (task.answer == "Yes") == (not odd)
        near[len(odd)] += 1
    assert near[0] >= 8 and near[2] >= 3  # Eulerian graphs and one-edge near misses
