"""min_vertex_cover (challenging): a smallest set of nodes touching every edge; any cover of the
least size is accepted.

networkx has only an approximation, so the optimum comes from an exact branch and bound
(`vertex_cover`, below), which the tests check against networkx's exact maximum clique of the
complement. It is fast for the sparse graphs of the levels; `nodes_max` is capped at 40 so that
knob settings cannot ask for an exact answer that takes long to decide.

Trace: `take v = k` for each chosen node, k the number of edges it newly covers, then
`cover size = K` once every edge is covered.
"""
from rlsynth import Knob, register
from rlsynth.envs.graphs import answers, traces
from rlsynth.envs.graphs.base import GraphTask, graph_knobs

MAX_NODES = 40


@register
class MinVertexCover(GraphTask):
    name = "graphs/min_vertex_cover"
    description = "A minimum vertex cover of an undirected graph (any one of least size accepted)"
    tier = "challenging"
    answer_type = "node_list"
    knobs = {**graph_knobs(),
             "nodes_max": Knob(int, None, "most nodes (the level decides by default; at most "
                               f"{MAX_NODES}, so the exact optimum stays cheap)", low=2,
                               high=MAX_NODES)}
    generation_time_bound = 2.0

    def question(self, inst):
        return ("Give a minimum vertex cover of this graph: a set of nodes such that every edge "
                "has at least one end in the set, with as few nodes as possible. If several "
                "sets have the least size, any one is accepted.")

    def solve(self, inst):
        return inst.sorted(vertex_cover(inst.adj))

    def check(self, inst, reference, given):
        if len(set(given)) != len(given):
            return "a node is listed twice"
        chosen = set(given)
        for u, v, *_ in inst.graph_meta["edges"]:
            if u not in chosen and v not in chosen:
                return f"edge ({inst.name(u)}, {inst.name(v)}) is not covered"
        if len(given) != len(reference):
            return f"the cover has {len(given)} nodes; the least is {len(reference)}"
        return None

    def trace(self, inst, reference):
        covered, lines = set(), []
        for v in reference:
            new = {frozenset((v, u)) for u in inst.adj[v]} - covered
            covered |= new
            lines.append(f"take {inst.name(v)} = {len(new)}")
        return [*lines, f"cover size = {len(reference)}"]

    def check_steps(self, inst, reference, lines):
        covered, taken = set(), set()
        edges = {frozenset(e[:2]) for e in inst.graph_meta["edges"]}

        def step(line):
            if line.key == "coversize":
                if covered != edges:
                    return f"{len(edges - covered)} edges are still uncovered"
                given = answers.parse("integer", line.value, inst.labels)
                return None if given == len(taken) else f"{len(taken)} nodes were taken"
            v = traces.key_node(line, "take", inst.labels)
            if v in taken:
                return f"{inst.name(v)} is taken twice"
            new = {frozenset((v, u)) for u in inst.adj[v]} - covered
            if answers.parse("integer", line.value, inst.labels) != len(new):
                return f"{inst.name(v)} newly covers {len(new)} edges"
            taken.add(v)
            covered.update(new)
            return None

        return traces.simulate(lines, step)


def vertex_cover(adj: list[set[int]]) -> list[int]:
    """A minimum vertex cover, exactly, by branch and bound: a node of degree 1 puts its
    neighbour in the cover; otherwise a node v of greatest degree is either in the cover or all
    its neighbours are. A greedy maximal matching gives the lower bound that prunes."""
    best: list[list[int]] = [[v for v in range(len(adj)) if adj[v]]]

    def search(graph: dict[int, set[int]], chosen: list[int]) -> None:
        graph = {v: nb for v, nb in graph.items() if nb}
        if not graph:
            if len(chosen) < len(best[0]):
                best[0] = chosen
            return
        if len(chosen) + matching_bound(graph) >= len(best[0]):
            return
        leaf = next((v for v, nb in graph.items() if len(nb) == 1), None)
        if leaf is not None:
            (u,) = graph[leaf]
            search(remove(graph, {u}), [*chosen, u])
            return
        v = max(graph, key=lambda x: len(graph[x]))
        search(remove(graph, {v}), [*chosen, v])
        search(remove(graph, graph[v]), [*chosen, *graph[v]])

    search({v: set(nb) for v, nb in enumerate(adj)}, [])
    return best[0]


def remove(graph: dict[int, set[int]], nodes: set[int]) -> dict[int, set[int]]:
    return {v: nb - nodes for v, nb in graph.items() if v not in nodes}


def matching_bound(graph: dict[int, set[int]]) -> int:
    """Size of a greedy maximal matching: every cover needs one node per matched edge."""
    matched: set[int] = set()
    for v, nb in graph.items():
        if v not in matched:
            u = next((u for u in nb if u not in matched), None)
            if u is not None:
                matched.update((u, v))
    return len(matched) // 2
