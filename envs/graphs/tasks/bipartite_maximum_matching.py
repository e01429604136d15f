"""bipartite_maximum_matching (medium): a maximum matching of a bipartite graph whose two sides
the prompt names; any matching of the maximum size is accepted.

Trace (simulated, Kuhn's algorithm): `augment [x1, y1, x2, y2, ...] = k` per augmenting path,
with the matching size k after it. Each path must start and end at unmatched nodes and alternate
unmatched / matched edges of the matching built by the model's earlier lines.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs import answers, traces
from rlsynth.envs.graphs.base import GraphTask, graph_knobs
from rlsynth.envs.graphs.sampling import random_bipartite


@register
class BipartiteMaximumMatching(GraphTask):
    name = "graphs/bipartite_maximum_matching"
    description = "A maximum matching of a bipartite graph (any maximum one accepted)"
    tier = "medium"
    answer_type = "edge_list"
    knobs = graph_knobs(family=False)

    def make_graph(self, rng, n, knobs):
        graph, left = random_bipartite(rng, max(n, 2), knobs["density"] / 2)
        graph.graph["left"] = left
        return graph

    def pose(self, rng, inst):
        return {"left": inst.graph.graph["left"]}

    def question(self, inst):
        left = set(inst.params["left"])
        sides = [inst.sorted(left), inst.sorted(set(range(inst.n)) - left)]
        a, b = (", ".join(inst.name(v) for v in side) for side in sides)
        return (f"The graph is bipartite with sides {{{a}}} and {{{b}}}; every edge joins the "
                "two sides. Find a maximum matching: a largest set of edges no two of which share "
                "a node. Any maximum matching is accepted.")

    def solve(self, inst):
        matching = nx.bipartite.hopcroft_karp_matching(inst.graph, top_nodes=inst.params["left"])
        return [(u, matching[u]) for u in inst.sorted(inst.params["left"]) if u in matching]

    def check(self, inst, reference, given):
        if any(v not in inst.adj[u] for u, v in given):
            return "an edge of the answer is not in the graph"
        ends = [v for e in given for v in e]
        if len(set(ends)) != len(ends):
            return "two edges share a node"
        return None if len(given) == len(reference) else (
            f"a matching with {len(reference)} edges exists")

    def expert_answer(self, inst, reference):
        match = kuhn(inst)[0]
        return [(u, match[u]) for u in inst.sorted(inst.params["left"]) if u in match]

    def trace(self, inst, reference):
        lines = []
        for size, path in enumerate(kuhn(inst)[1], start=1):
            lines.append(f"augment {answers.format_value('ordered_node_list', path, inst.labels)}"
                         f" = {size}")
        return lines

    def check_steps(self, inst, reference, lines):
        match: dict[int, int] = {}

        def step(line):
            if not line.key.startswith("augment"):
                return f"expected 'augment [path] = size', got {line.key!r}"
            path = answers.parse_nodes(line.key[len("augment"):], inst.labels)
            reason = augment(inst.adj, match, path)
            if reason:
                return reason
            size = answers.parse("integer", line.value, inst.labels)
            edges = len(match) // 2
            return None if size == edges else f"the matching now has {edges} edges"

        return traces.simulate(lines, step)


def augment(adj, match: dict[int, int], path: list[int]) -> str | None:
    """Flip an augmenting path into `match` (node -> partner, both directions), or say why it is
    not one: even length, distinct nodes, free ends, edges alternating unmatched / matched."""
    if len(path) < 2 or len(path) % 2 or len(set(path)) != len(path):
        return "an augmenting path has an even number of distinct nodes"
    if path[0] in match or path[-1] in match:
        return "an augmenting path starts and ends at unmatched nodes"
    for i in range(len(path) - 1):
        u, v = path[i], path[i + 1]
        if v not in adj[u]:
            return "the path uses a non-edge"
        if (match.get(u) == v) != (i % 2 == 1):
            return "the path must alternate unmatched and matched edges"
    for i in range(0, len(path), 2):
        match[path[i]], match[path[i + 1]] = path[i + 1], path[i]
    return None


def kuhn(inst) -> tuple[dict[int, int], list[list[int]]]:
    """Kuhn's augmenting-path algorithm from each left node in ascending order, neighbours in
    ascending order: the final matching and the augmenting paths it used."""
    match: dict[int, int] = {}
    paths = []

    def find_path(x: int, visited: set[int]) -> list[int] | None:
        for y in inst.sorted(inst.adj[x]):
            if y in visited:
                continue
            visited.add(y)
            if y not in match:
                return [x, y]
            rest = find_path(match[y], visited)
            if rest:
                return [x, y, *rest]
        return None

    for x in inst.sorted(inst.params["left"]):
        path = find_path(x, set())
        if path:
            augment(inst.adj, match, path)
            paths.append(path)
    return match, paths
