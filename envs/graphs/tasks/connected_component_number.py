"""connected_component_number (medium): how many connected components an undirected graph has.

Graphs are disjoint unions of 1..6 connected random graphs (so the count is spread out).
Trace (simulated): `component k = [nodes]` per component, each a whole component not listed yet,
then `count = c`.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs import answers, traces
from rlsynth.envs.graphs.base import GraphTask
from rlsynth.envs.graphs.sampling import connect, random_graph, shuffled


@register
class ConnectedComponentNumber(GraphTask):
    name = "graphs/connected_component_number"
    description = "Number of connected components of an undirected graph"
    tier = "medium"
    answer_type = "integer"

    def make_graph(self, rng, n, knobs):
        k = rng.randint(1, min(6, max(1, (n + 1) // 2)))
        cuts = sorted(rng.sample(range(1, n), k - 1))
        sizes = [b - a for a, b in zip([0, *cuts], [*cuts, n])]
        parts = [connect(random_graph(rng, size, knobs["density"], knobs["family"]), rng)
                 for size in sizes]
        graph = shuffled(nx.disjoint_union_all(parts), rng)
        graph.graph["family"] = "components"
        return graph

    def question(self, inst):
        return "How many connected components does this graph have?"

    def solve(self, inst):
        return nx.number_connected_components(inst.graph)

    def trace(self, inst, reference):
        lines, seen = [], set()
        for root in inst.sorted(range(inst.n)):
            if root not in seen:
                part = component(inst.adj, root)
                seen |= part
                nodes = answers.format_value("node_list", inst.sorted(part), inst.labels)
                lines.append(f"component {len(lines) + 1} = {nodes}")
        return [*lines, f"count = {reference}"]

    def check_steps(self, inst, reference, lines):
        listed: set[int] = set()

        def step(line):
            if line.key == "count":
                given = answers.parse("integer", line.value, inst.labels)
                return None if given == reference else "wrong number of components"
            if not line.key.startswith("component"):
                return f"expected 'component k = [nodes]' or 'count = c', got {line.key!r}"
            nodes = answers.parse("node_list", line.value, inst.labels)
            if not nodes or nodes[0] in listed:
                return "a component must be non-empty and not listed before"
            if set(nodes) != component(inst.adj, nodes[0]) or len(set(nodes)) != len(nodes):
                return f"not the whole component of {inst.name(nodes[0])}"
            listed.update(nodes)
            return None

        return traces.simulate(lines, step)


def component(adj, root) -> set[int]:
    """The nodes reachable from root."""
    seen, stack = {root}, [root]
    while stack:
        for w in adj[stack.pop()]:
            if w not in seen:
                seen.add(w)
                stack.append(w)
    return seen
