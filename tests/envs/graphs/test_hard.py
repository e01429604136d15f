"""graphs, Hard tier: every task's expert solves in every encoding and label form, perturbed
answers score 0 (judged against an independent networkx check where several answers are valid),
a second valid answer from another algorithm or tie-break is accepted, corrupted trace steps are
flagged, and the exact TSP solver and the Brandes trace agree with brute force and networkx."""
from __future__ import annotations

import itertools
import random

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rlsynth.envs.graphs import answers
from rlsynth.envs.graphs.tasks.betweenness_centrality import dependencies
from rlsynth.envs.graphs.tasks.traveling_salesman_problem import optimal_tour, tour_length
from tests.envs.graphs import checks
from tests.envs.graphs.checks import answer, env, first_task, solved, weight_table

HARD = ["max_weight_matching", "closeness_centrality", "traveling_salesman_problem",
        "strongly_connected_number", "shortest_path", "center", "diameter", "barycenter", "radius",
        "topological_sort", "periphery", "betweenness_centrality", "triangles",
        "average_neighbor_degree", "harmonic_centrality", "bridges"]


def valid(name, task, e, value) -> bool:
    """An independent judgement of an answer (networkx, not the task's own check)."""
    inst, reference = e.instance(task)
    graph, p = inst.graph, inst.params
    if name == "shortest_path":
        return (value[:1] == [p["source"]] and value[-1:] == [p["target"]]
                and nx.is_simple_path(graph, value)
                and len(value) - 1 == nx.shortest_path_length(graph, p["source"], p["target"]))
    if name == "topological_sort":
        return sorted(value) == list(range(inst.n)) and all(
            value.index(u) < value.index(v) for u, v in graph.edges)
    if name == "traveling_salesman_problem":
        return (len(value) == inst.n + 1 and value[0] == value[-1] == p["start"]
                and sorted(value[:-1]) == list(range(inst.n))
                and tour_length(value, weight_table(graph)) == tour_length(reference,
                                                                           weight_table(graph)))
    if name == "max_weight_matching":
        best = sum(graph[u][v]["weight"] for u, v in nx.max_weight_matching(graph))
        return (all(graph.has_edge(u, v) for u, v in value) and nx.is_matching(graph, set(value))
                and sum(graph[u][v]["weight"] for u, v in value) == best)
    return answers.compare(e.answer_type, reference, value, inst.directed) is None


@pytest.mark.parametrize("name", HARD)
def test_expert_solves_in_every_encoding_and_label_form(name):
    checks.expert_solves_in_every_form(env(name))


@pytest.mark.parametrize("name", HARD)
def test_perturbed_answers_score_zero(name):
    """One node or edge changed, order broken, a value off by more than the tolerance: wrong,
    unless the independent judge says the perturbed answer happens to be valid too."""
    e = env(name)
    checks.perturbed_answers_score_zero(e, lambda task, value: valid(name, task, e, value),
                                        lambda index: 2 + index % 3, ("int", "letters"))


@pytest.mark.parametrize("name", HARD)
def test_a_corrupted_trace_step_is_flagged(name):
    checks.corrupted_middle_step_is_flagged(env(name))


def test_second_shortest_path_is_accepted_and_a_longer_one_is_not():
    e = env("shortest_path")

    def alternatives(task):
        """Another shortest path and a longer simple path, if the task has both."""
        inst, reference = e.instance(task)
        s, t = inst.params["source"], inst.params["target"]
        other = next((p for p in nx.all_shortest_paths(inst.graph, s, t) if p != reference), None)
        longer = next((p for p in itertools.islice(nx.all_simple_paths(inst.graph, s, t), 500)
                       if len(p) > len(reference)), None)
        return (other, longer) if other and longer else None

    task = first_task(e, alternatives)
    other, longer = alternatives(task)
    assert e.verify(task, answer(e, task, other)).correct
    assert not e.verify(task, answer(e, task, longer)).correct


def test_any_topological_order_and_any_kahn_tie_break_are_accepted():
    e = env("topological_sort")

    def latest_first_order(task):
        inst, reference = e.instance(task)
        order = list(nx.lexicographical_topological_sort(inst.graph, key=lambda v: -v))
        return order if order != reference else None

    task = first_task(e, latest_first_order, level=3)
    inst, reference = e.instance(task)
    dfs_order = list(nx.topological_sort(inst.graph))
    latest_first = latest_first_order(task)
    for order in (dfs_order, latest_first):
        assert e.verify(task, answer(e, task, order)).correct
    # Kahn's trace written with another choice among available nodes: every step still ok
    indegree = {v: inst.graph.in_degree(v) for v in inst.graph}
    lines = [f"sources = [{', '.join(inst.name(v) for v in inst.graph if indegree[v] == 0)}]"]
    for u in latest_first:
        freed = [v for v in inst.graph.successors(u) if (indegree.__setitem__(v, indegree[v] - 1)
                                                         or indegree[v] == 0)]
        lines.append(f"take {inst.name(u)} = [{', '.join(inst.name(v) for v in freed)}]")
    completion = "\n".join(lines) + "\n" + answer(e, task, latest_first)
    assert solved(e, task, completion), e.verify(task, completion)


def test_reversed_tsp_tour_is_accepted_and_optimum_matches_brute_force():
    e = env("traveling_salesman_problem")
    for index in range(3):
        task = e.sample(index, level=1 + index)
        inst, reference = e.instance(task)
        w, start = weight_table(inst.graph), inst.params["start"]
        others = [v for v in range(inst.n) if v != start]
        brute = min(tour_length([start, *p, start], w) for p in itertools.permutations(others))
        assert tour_length(reference, w) == brute
        assert e.verify(task, answer(e, task, reference[::-1])).correct
        worse = next([start, *p, start] for p in itertools.permutations(others)
                     if tour_length([start, *p, start], w) > brute)
        assert not e.verify(task, answer(e, task, worse)).correct


def test_held_karp_on_ties_and_tiny_graphs():
    w = {(u, v): 1 for u in range(5) for v in range(5) if u != v}
    assert tour_length(optimal_tour(5, w, 2), w) == 5
    assert optimal_tour(2, {(0, 1): 3, (1, 0): 3}, 1) == [1, 0, 1]


def test_another_max_weight_matching_of_equal_weight_is_accepted():
    e = env("max_weight_matching")

    def alternative(task):
        inst, reference = e.instance(task)
        best = sum(inst.graph[u][v]["weight"] for u, v in reference)
        for u, v in reference:
            pruned = inst.graph.copy()
            pruned.remove_edge(u, v)
            other = nx.max_weight_matching(pruned)
            if sum(pruned[a][b]["weight"] for a, b in other) == best:
                return sorted(other)
        return None

    task = first_task(e, alternative, level=1)
    other = alternative(task)
    assert {frozenset(x) for x in other} != {frozenset(x) for x in e.instance(task)[1]}
    assert e.verify(task, answer(e, task, other)).correct


def test_betweenness_trace_sums_to_networkx():
    for seed in range(5):
        graph = nx.connected_watts_strogatz_graph(14, 4, 0.3, seed=seed)
        adj = [set(graph[v]) for v in range(14)]
        reference = nx.betweenness_centrality(graph)
        for v in (0, 5):
            assert sum(dependencies(adj, 14, v).values()) / (13 * 12) == pytest.approx(reference[v])


def test_bridges_trace_of_any_dfs_order_is_accepted_and_marks_the_bridges():
    e = env("bridges")
    for index in range(5):
        task = e.sample(index, level=3)
        inst, reference = e.instance(task)
        # networkx's DFS from the highest node, neighbours in descending order: another valid run
        graph = nx.Graph()
        for v in sorted(inst.graph, reverse=True):
            graph.add_node(v)
        graph.add_edges_from(sorted(inst.graph.edges, reverse=True))
        order = list(nx.dfs_preorder_nodes(graph))
        parent = {v: u for u, v in nx.dfs_edges(graph)}
        disc = {v: i for i, v in enumerate(order)}
        low = {v: min([disc[v], *(disc[w] for w in inst.adj[v] if w != parent.get(v))])
               for v in order}
        for v in reversed(order):
            if v in parent:
                low[parent[v]] = min(low[parent[v]], low[v])
        assert sum(low[v] == disc[v] for v in parent) == len(reference)  # Tarjan's criterion
        lines = [f"dfs order = [{', '.join(inst.name(v) for v in order)}]",
                 *(f"low({inst.name(v)}) = {low[v]}" for v in order)]
        completion = "\n".join(lines) + "\n" + answer(e, task, reference)
        assert solved(e, task, completion), e.verify(task, completion)
        # a DFS from a root with neighbours must go to one of them next
        stranger = next((v for v in order[1:] if v not in inst.adj[order[0]]), None)
        if stranger is not None:
            wrong = [order[0], stranger, *(v for v in order[1:] if v != stranger)]
            lines[0] = f"dfs order = [{', '.join(inst.name(v) for v in wrong)}]"
            assert not e.verify(task, "\n".join(lines)).steps[0].ok


def test_junk_steps_never_raise():
    rng = random.Random(0)
    for name in HARD:
        e = env(name)
        task = e.sample(0, level=1)
        trace = e.expert(task)
        for _ in range(5):
            lines = trace.split("\n")
            i = rng.randrange(len(lines))
            lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)] + rng.choice(
                ["= ", "(x) = [", " = 1/0", "= ((", "= Ada", "=\u00e9"])
            verdict = e.verify(task, "\n".join(lines))
            assert verdict.error is None or "verifier error" not in verdict.error, verdict.error


@settings(max_examples=25, deadline=None)
@given(index=st.integers(0, 10**6), shuffles=st.integers(1, 3))
def test_topological_check_agrees_with_networkx_on_random_orders(index, shuffles):
    e = env("topological_sort")
    task = e.sample(index, level=1)
    inst, reference = e.instance(task)
    rng = random.Random(index)
    order = list(reference)
    for _ in range(shuffles):  # a few random transpositions: sometimes still valid
        i, j = rng.randrange(inst.n), rng.randrange(inst.n)
        order[i], order[j] = order[j], order[i]
    expected = all(order.index(u) < order.index(v) for u, v in inst.graph.edges)
    assert e.verify(task, answer(e, task, order)).correct is expected
