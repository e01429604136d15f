"""graphs, Challenging tier: every task's expert solves in every encoding and label form, perturbed
answers score 0 (judged against an independent networkx check where several answers are valid),
a second valid answer from another algorithm or tie-break is accepted, traces of other valid runs
(Kruskal ties, other augmenting paths) pass step by step, corrupted steps are flagged, and the
exact vertex-cover solver agrees with networkx's exact maximum clique."""
from __future__ import annotations

import random

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rlsynth import make_env
from rlsynth.envs.graphs import answers, traces
from rlsynth.envs.graphs.encoding import ENCODINGS, LABEL_KINDS
from rlsynth.envs.graphs.perturb import near_misses
from rlsynth.envs.graphs.tasks.maximum_flow import Residual, augmenting_paths
from rlsynth.envs.graphs.tasks.min_vertex_cover import vertex_cover

CHALLENGING = ["isomorphic_mapping", "global_efficiency", "maximal_independent_set",
               "maximum_flow", "wiener_index", "hamiltonian_path", "min_vertex_cover",
               "weighted_shortest_path", "weighted_minimum_spanning_tree"]


def env(name):
    return make_env(f"graphs/{name}")


def solved(e, task, completion) -> bool:
    verdict = e.verify(task, completion)
    return verdict.correct and verdict.score == 1.0 and all(s.ok for s in verdict.steps or ())


def answer(e, task, value) -> str:
    inst, _ = e.instance(task)
    return f"<answer>{answers.format_value(e.answer_type, value, inst.labels)}</answer>"


def valid(name, task, e, value) -> bool:
    """An independent judgement of an answer (networkx, not the task's own check)."""
    inst, reference = e.instance(task)
    graph, p = inst.graph, inst.params
    if name == "isomorphic_mapping":
        other = nx.Graph(p["other"])
        other.add_nodes_from(range(inst.n))
        return (sorted(value) == sorted(value.values()) == list(range(inst.n))
                and nx.utils.graphs_equal(nx.relabel_nodes(graph, value), other))
    if name == "maximal_independent_set":
        chosen = set(value)
        return (len(chosen) == len(value) and p["node"] in chosen
                and nx.is_dominating_set(graph, chosen)
                and not any(graph.has_edge(u, v) for u in chosen for v in chosen))
    if name == "hamiltonian_path":
        return sorted(value) == list(range(inst.n)) and nx.is_simple_path(graph, value) or (
            inst.n == 1 and value == [0])
    if name == "min_vertex_cover":
        clique, _ = nx.max_weight_clique(nx.complement(graph), weight=None)
        chosen = set(value)
        return (len(chosen) == len(value) == inst.n - len(clique)
                and all(u in chosen or v in chosen for u, v in graph.edges))
    if name == "weighted_shortest_path":
        s, t = p["source"], p["target"]
        return (value[:1] == [s] and value[-1:] == [t] and nx.is_simple_path(graph, value)
                and nx.path_weight(graph, value, "weight")
                == nx.dijkstra_path_length(graph, s, t))
    if name == "weighted_minimum_spanning_tree":
        tree = nx.Graph(value)
        best = nx.minimum_spanning_tree(graph).size("weight")
        return (len(value) == inst.n - 1 and all(graph.has_edge(u, v) for u, v in value)
                and tree.number_of_nodes() == inst.n and nx.is_tree(tree)
                and sum(graph[u][v]["weight"] for u, v in value) == best)
    return answers.compare(e.answer_type, reference, value, inst.directed) is None


@pytest.mark.parametrize("name", CHALLENGING)
def test_expert_solves_in_every_encoding_and_label_form(name):
    e = env(name)
    for k, (encoding, label_kind) in enumerate((a, b) for a in ENCODINGS for b in LABEL_KINDS):
        task = e.sample(k, level=1 + k % 5, encoding=encoding, labels=label_kind)
        trace = e.expert(task)
        assert solved(e, task, trace), (task.prompt, trace, e.verify(task, trace))
        boxed = trace[: trace.rfind("<answer>")] + "\\boxed{" + answer(
            e, task, e.instance(task)[1])[len("<answer>"):-len("</answer>")] + "}"
        assert e.verify(task, boxed).correct


@pytest.mark.parametrize("name", CHALLENGING)
def test_perturbed_answers_score_zero(name):
    """One node or edge changed, order broken, a value off by more than the tolerance: wrong,
    unless the independent check says the perturbed answer happens to be valid too."""
    e = env(name)
    wrong = 0
    for index in range(4):
        task = e.sample(index, level=1 + index % 3, labels=["int", "names"][index % 2])
        inst, reference = e.instance(task)
        for value in near_misses(e.answer_type, reference, inst.n) + swaps(e, reference, inst.n):
            verdict = e.verify(task, answer(e, task, value))
            assert verdict.correct == valid(name, task, e, value), (task.prompt, value, verdict)
            wrong += not verdict.correct
            assert verdict.score == (1.0 if verdict.correct else 0.0)
    assert wrong >= 4


def swaps(e, reference, n):
    """One node of a node list replaced; two neighbouring entries of an ordered answer exchanged;
    two images of a mapping exchanged (still a bijection, so only the edge check can reject it)."""
    out = []
    if e.answer_type in ("node_list", "ordered_node_list") and reference:
        absent = next((v for v in range(n) if v not in reference), None)
        if absent is not None:  # one node replaced
            out.append([*reference[:-1], absent])
    if e.answer_type == "ordered_node_list" and len(reference) >= 3:
        swapped, middle = list(reference), len(reference) // 2
        swapped[middle - 1], swapped[middle] = swapped[middle], swapped[middle - 1]
        out.append(swapped)
    if e.answer_type == "mapping" and n >= 2:
        out.append({**reference, 0: reference[1], 1: reference[0]})
    return out


def first_task(e, condition, level=2, tries=80):
    for index in range(tries):
        task = e.sample(index, level=level)
        if condition(task):
            return task
    raise AssertionError(f"no task among {tries} met the condition")


def test_another_isomorphism_is_accepted():
    e = env("isomorphic_mapping")

    def others(task):
        inst, reference = e.instance(task)
        other = nx.Graph(inst.params["other"])
        other.add_nodes_from(range(inst.n))
        matcher = nx.isomorphism.GraphMatcher(inst.graph, other)
        return [m for m in matcher.isomorphisms_iter() if m != reference][:1]

    task = first_task(e, others, level=1)
    assert e.verify(task, answer(e, task, others(task)[0])).correct


def test_another_maximal_independent_set_is_accepted():
    e = env("maximal_independent_set")

    def other_set(task):
        inst, reference = e.instance(task)
        sets = (nx.maximal_independent_set(inst.graph, [inst.params["node"]], seed=s)
                for s in range(1, 30))
        return next((sorted(x) for x in sets if set(x) != set(reference)), None)

    task = first_task(e, other_set, level=3)
    other = other_set(task)
    assert e.verify(task, answer(e, task, other)).correct
    assert not e.verify(task, answer(e, task, other[:-1])).correct


def test_another_minimum_vertex_cover_is_accepted():
    e = env("min_vertex_cover")

    def other_cover(task):
        inst, reference = e.instance(task)
        clique, _ = nx.max_weight_clique(nx.complement(inst.graph), weight=None)
        cover = sorted(set(range(inst.n)) - set(clique))
        return cover if set(cover) != set(reference) else None

    task = first_task(e, other_cover, level=1)
    assert e.verify(task, answer(e, task, other_cover(task))).correct


def test_vertex_cover_is_exact():
    rng = random.Random(5)
    for trial in range(40):
        n = rng.randint(2, 16)
        graph = nx.gnp_random_graph(n, rng.choice([0.1, 0.3, 0.6]), seed=trial)
        cover = vertex_cover([set(graph[v]) for v in range(n)])
        clique, _ = nx.max_weight_clique(nx.complement(graph), weight=None)
        assert len(cover) == n - len(clique)
        assert all(u in cover or v in cover for u, v in graph.edges)


def test_hamiltonian_path_reversed_or_found_by_search_is_accepted():
    e = env("hamiltonian_path")

    def other_path(task):
        inst, reference = e.instance(task)
        return next((p for s in range(inst.n) for p in simple_paths_from(inst.adj, s, inst.n)
                     if p != reference and p != reference[::-1]), None)

    task = first_task(e, other_path, level=1)
    assert e.verify(task, answer(e, task, e.instance(task)[1][::-1])).correct
    assert e.verify(task, answer(e, task, other_path(task))).correct


def simple_paths_from(adj, start, n):
    """Depth-first enumeration of Hamiltonian paths from `start` (small graphs only)."""
    stack = [[start]]
    while stack:
        path = stack.pop()
        if len(path) == n:
            yield path
        stack.extend([*path, w] for w in adj[path[-1]] if w not in path)


def test_another_least_weight_path_is_accepted():
    e = env("weighted_shortest_path")

    def other_path(task):
        inst, reference = e.instance(task)
        paths = nx.all_shortest_paths(inst.graph, inst.params["source"], inst.params["target"],
                                      weight="weight")
        return next((p for p in paths if p != reference), None)

    task = first_task(e, other_path, level=1, tries=200)
    assert e.verify(task, answer(e, task, other_path(task))).correct


def test_another_minimum_spanning_tree_and_its_kruskal_trace_are_accepted():
    e = env("weighted_minimum_spanning_tree")

    def other_tree(task):
        inst, reference = e.instance(task)
        best = sum(inst.graph[u][v]["weight"] for u, v in reference)
        trees = nx.SpanningTreeIterator(inst.graph, weight="weight")
        for tree in trees:
            if tree.size("weight") > best:
                return None
            if {frozenset(x) for x in tree.edges} != {frozenset(x) for x in reference}:
                return tree
        return None

    task = first_task(e, other_tree, level=1)
    inst, _ = e.instance(task)
    tree = other_tree(task)
    # Kruskal in another tie-break order: the latest label first among equal weights
    edges = sorted(tree.edges(data="weight"), key=lambda x: (x[2], -min(x[0], x[1])))
    lines = [f"add ({inst.name(u)}, {inst.name(v)}) = {w}" for u, v, w in edges]
    lines.append(f"total weight = {sum(w for *_, w in edges)}")
    completion = "\n".join(lines) + "\n" + answer(e, task, [(u, v) for u, v, _ in edges])
    verdict = e.verify(task, completion)
    assert verdict.correct and all(s.ok for s in verdict.steps), verdict
    # an edge chosen out of Kruskal order is flagged, though the final tree is right
    heaviest_first = lines[-2:-1] + lines[:-2] + lines[-1:]
    steps = e.verify(task, "\n".join(heaviest_first) + "\n" + answer(
        e, task, [(u, v) for u, v, _ in edges])).steps
    assert not steps[0].ok


def test_max_flow_trace_with_depth_first_augmenting_paths_is_accepted():
    e = env("maximum_flow")
    task = first_task(e, lambda t: t.answer >= 3, level=3)
    inst, reference = e.instance(task)
    s, t = inst.params["source"], inst.params["sink"]
    assert reference == nx.maximum_flow_value(inst.graph, s, t, capacity="weight")
    assert sum(b for _, b in augmenting_paths(inst)) == reference
    residual, lines, total = Residual(inst), [], 0
    while (path := depth_first_path(residual, s, t)) is not None:
        push = min(residual.spare(u, v) for u, v in zip(path, path[1:]))
        residual.push(path, push)
        k = len(lines) // 2 + 1
        lines += [f"path {k} = [{', '.join(inst.name(v) for v in path)}]", f"push {k} = {push}"]
        total += push
    assert total == reference
    completion = "\n".join([*lines, f"max flow = {total}"]) + f"\n<answer>{total}</answer>"
    assert solved(e, task, completion), e.verify(task, completion)
    # stopping after the first path while claiming the maximum is flagged
    first = int(lines[1].split("=")[1])
    steps = e.verify(task, "\n".join([*lines[:2], f"max flow = {first}"])).steps
    assert steps[-1].ok is (first == reference)
    # pushing less than the bottleneck is flagged
    short = "\n".join([lines[0], f"push 1 = {first - 1}"]) if first > 1 else None
    assert short is None or not e.verify(task, short).steps[-1].ok


def depth_first_path(residual, s, t):
    """An augmenting path by depth-first search, highest node id first (not Edmonds–Karp)."""
    parent, stack = {s: None}, [s]
    while stack:
        u = stack.pop()
        if u == t:
            path = [t]
            while parent[path[-1]] is not None:
                path.append(parent[path[-1]])
            return path[::-1]
        for v in sorted(residual.neighbours[u]):
            if v not in parent and residual.spare(u, v) > 0:
                parent[v] = u
                stack.append(v)
    return None


def test_isomophic_mapping_is_g1s_alias():
    assert type(make_env("graphs/isomophic_mapping")) is type(env("isomorphic_mapping"))


@pytest.mark.parametrize("name", CHALLENGING)
def test_a_corrupted_trace_step_is_flagged(name):
    """A middle step gets another value: it is flagged, the steps before it stay ok."""
    e = env(name)
    for index in range(3):
        task = e.sample(index, level=3)
        trace = e.expert(task)
        lines = traces.step_lines(trace)
        position = len(lines) // 2
        line = lines[position]
        key = trace[line.span[0]:line.span[1]].split("=")[0].strip()
        corrupted = trace[: line.span[0]] + f"{key} = {corrupt(line.value)}" + trace[line.span[1]:]
        steps = e.verify(task, corrupted).steps
        assert steps[position].ok is False and all(s.ok for s in steps[:position]), (
            corrupted, steps)


def corrupt(value: str) -> str:
    """A number plus 0.5 (off by more than any tolerance), or a list with its last item dropped
    (an empty list gets a node that cannot belong: the label 999), or a bare node replaced."""
    value = value.strip()
    try:
        return str(float(answers.parse_number(value)) + 0.5)
    except answers.ParseError:
        items = [item for item in value.strip("[]").split(",") if item.strip()]
        if value.startswith("[") and len(items) >= 2:
            return "[" + ",".join(items[:-1]) + "]"
        return "[999]"


def test_dijkstra_steps_must_settle_nearer_nodes_first():
    e = env("weighted_shortest_path")
    task = first_task(e, lambda t: len(traces.step_lines(e.expert(t))) >= 5, level=2)
    trace = e.expert(task)
    lines = [line for line in trace.split("\n") if line.startswith("settle")]
    skipping = trace.replace(lines[1] + "\n", "", 1)  # the second-nearest node never settled
    steps = e.verify(task, skipping).steps
    assert steps[0].ok and not all(s.ok for s in steps)
    swapped = trace.replace(lines[1], "@", 1).replace(lines[2], lines[1], 1).replace("@", lines[2])
    distances = [int(line.split("=")[1]) for line in lines[1:3]]
    assert solved(e, task, swapped) is (distances[0] == distances[1])


@settings(max_examples=25, deadline=None)
@given(index=st.integers(0, 10**6))
def test_spanning_tree_check_agrees_with_networkx_on_random_trees(index):
    """A random spanning tree (random edge weights into Kruskal) is accepted exactly when its
    weight is the minimum."""
    e = env("weighted_minimum_spanning_tree")
    task = e.sample(index, level=1)
    inst, _ = e.instance(task)
    rng = random.Random(index)
    shuffled = nx.Graph()
    shuffled.add_weighted_edges_from((u, v, rng.random()) for u, v in inst.graph.edges)
    tree = list(nx.minimum_spanning_tree(shuffled).edges)
    weight = sum(inst.graph[u][v]["weight"] for u, v in tree)
    best = nx.minimum_spanning_tree(inst.graph).size("weight")
    assert e.verify(task, answer(e, task, tree)).correct is (weight == best)
