"""hamiltonian_path (challenging): a path through every node exactly once; any one is accepted.

Deciding whether a graph has a Hamiltonian path is NP-hard, so every graph has one planted: a
random sparse graph of the knob family plus the edges of a random ordering of all nodes. The
answer check is structural (every node once, consecutive nodes adjacent), so no solver is needed
and any Hamiltonian path is accepted.

Trace: `start = v`, then `next(u) = w` for each step, u the current end of the path and w an
unvisited neighbour of u.
"""
from rlsynth import register
from rlsynth.envs.graphs import answers, traces
from rlsynth.envs.graphs.base import GraphTask
from rlsynth.envs.graphs.distances import key_argument
from rlsynth.envs.graphs.sampling import random_graph


@register
class HamiltonianPath(GraphTask):
    name = "graphs/hamiltonian_path"
    description = "A Hamiltonian path of an undirected graph (one is planted; any one accepted)"
    tier = "challenging"
    answer_type = "ordered_node_list"

    def make_graph(self, rng, n, knobs):
        graph = random_graph(rng, n, knobs["density"] / 2, knobs["family"])
        order = list(range(n))
        rng.shuffle(order)
        graph.add_edges_from(zip(order, order[1:]))
        graph.graph["hamiltonian_path"] = order
        return graph

    def pose(self, rng, inst):
        # the planted path is the reference answer (the graph may have others, all accepted)
        return {"planted": inst.graph.graph["hamiltonian_path"]}

    def question(self, inst):
        return ("Give a Hamiltonian path of this graph: a path that visits every node exactly "
                "once, moving along edges, as the list of its nodes in order. The graph has at "
                "least one; any one is accepted.")

    def solve(self, inst):
        return list(inst.params["planted"])

    def check(self, inst, reference, given):
        if sorted(given) != list(range(inst.n)):
            return "the path must list every node exactly once"
        for u, v in zip(given, given[1:]):
            if v not in inst.adj[u]:
                return f"({inst.name(u)}, {inst.name(v)}) is not an edge"
        return None

    def trace(self, inst, reference):
        steps = zip(reference, reference[1:])
        return [f"start = {inst.name(reference[0])}",
                *(f"next({inst.name(u)}) = {inst.name(v)}" for u, v in steps)]

    def check_steps(self, inst, reference, lines):
        path: list[int] = []

        def step(line):
            nodes = answers.parse_nodes(line.value, inst.labels)
            if len(nodes) != 1:
                return f"expected one node, got {line.value.strip()!r}"
            (w,) = nodes
            if line.key == "start":
                if path:
                    return "the path has already started"
                path.append(w)
                return None
            u = key_argument(line, "next", inst)
            if not path or u != path[-1]:
                return f"{inst.name(u)} is not the current end of the path"
            if w in path or w not in inst.adj[u]:
                return f"{inst.name(w)} is not an unvisited neighbour of {inst.name(u)}"
            path.append(w)
            return None

        return traces.simulate(lines, step)
