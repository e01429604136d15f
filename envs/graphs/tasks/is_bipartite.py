"""is_bipartite (medium): can the nodes be split into two sides with every edge across?

Half the graphs are connected bipartite graphs; the others get one edge inside a side (an odd
cycle, a near miss) or are random graphs. Trace (simulated): a 2-colouring in search order,
`colour v = 0|1`, each node getting the other colour of an already coloured neighbour (or any
colour when it starts a new component), and for a non-bipartite graph `conflict (u, w) = Yes`
naming an edge whose ends got the same colour.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs import answers, traces
from rlsynth.envs.graphs.base import GraphTask
from rlsynth.envs.graphs.sampling import add_random_edge, random_bipartite, random_graph


@register
class IsBipartite(GraphTask):
    name = "graphs/is_bipartite"
    description = "Whether an undirected graph is bipartite"
    tier = "medium"
    answer_type = "yes_no"
    max_answer_share = 0.7

    def make_graph(self, rng, n, knobs):
        draw = rng.random()
        if draw < 0.2 or n < 3:
            return random_graph(rng, n, knobs["density"], knobs["family"])
        graph, left = random_bipartite(rng, n, knobs["density"] / 2)
        if draw >= 0.55:
            add_random_edge(graph, rng, left if len(left) >= 2 else
                            [v for v in range(n) if v not in left])
        return graph

    def question(self, inst):
        return ("Is this graph bipartite, that is, can its nodes be split into two groups so that "
                "every edge joins nodes of different groups?")

    def solve(self, inst):
        return nx.is_bipartite(inst.graph)

    def trace(self, inst, reference):
        colour = two_colouring(inst)
        lines = [f"colour {inst.name(v)} = {c}" for v, c in colour.items()]
        if not reference:
            u, w = next((u, w) for u in colour for w in inst.sorted(inst.adj[u])
                        if colour[u] == colour[w])
            lines.append(f"conflict ({inst.name(u)}, {inst.name(w)}) = Yes")
        return lines

    def check_steps(self, inst, reference, lines):
        colour: dict[int, int] = {}

        def step(line):
            if line.key.startswith("conflict"):
                nodes = answers.parse_nodes(line.key[len("conflict"):], inst.labels)
                if len(nodes) != 2 or nodes[1] not in inst.adj[nodes[0]]:
                    return f"{line.key!r} does not name an edge"
                if any(v not in colour for v in nodes) or colour[nodes[0]] != colour[nodes[1]]:
                    return "the ends of that edge do not have the same colour"
                return None if answers.parse_yes_no(line.value) else "a conflict line says Yes"
            v = traces.key_node(line, "colour", inst.labels)
            c = answers.parse("integer", line.value, inst.labels)
            if v in colour:
                return f"node {inst.name(v)} is coloured twice"
            if c not in (0, 1):
                return "the colours are 0 and 1"
            coloured = [colour[w] for w in inst.adj[v] if w in colour]
            if coloured and 1 - c not in coloured:
                return f"node {inst.name(v)} must get the other colour of a coloured neighbour"
            if not coloured and _component_started(inst, v, colour):
                return f"node {inst.name(v)} has no coloured neighbour yet"
            colour[v] = c
            return None

        return traces.simulate(lines, step)


def two_colouring(inst):
    """BFS 2-colouring in ascending label order: node -> 0/1 (each node the opposite of its
    BFS parent; in a non-bipartite graph some edge ends up with equal colours)."""
    colour = {}
    for root in inst.sorted(range(inst.n)):
        if root in colour:
            continue
        colour[root] = 0
        queue = [root]
        for u in queue:
            for w in inst.sorted(inst.adj[u]):
                if w not in colour:
                    colour[w] = 1 - colour[u]
                    queue.append(w)
    return colour


def _component_started(inst, v, colour):
    """Whether some node of v's component is already coloured (then v must extend from it)."""
    seen, stack = {v}, [v]
    while stack:
        for w in inst.adj[stack.pop()]:
            if w in colour:
                return True
            if w not in seen:
                seen.add(w)
                stack.append(w)
    return False
