"""local_connectivity (medium): the most paths between two nodes that share no node other than
their ends (local node connectivity; a direct edge counts as one path).

Trace: `path k = [s, ..., t]` per path, each checked as a real path from s to t sharing no inner
node with the earlier ones; the count is the answer.
"""
from networkx.algorithms import connectivity

from rlsynth import register
from rlsynth.envs.graphs import answers, traces
from rlsynth.envs.graphs.base import GraphTask, node_pair
from rlsynth.envs.graphs.sampling import connect, random_graph


@register
class LocalConnectivity(GraphTask):
    name = "graphs/local_connectivity"
    description = "Local node connectivity of two nodes of a connected undirected graph"
    tier = "medium"
    answer_type = "integer"
    max_answer_share = 0.55  # small sparse graphs give 1 most often (~45% at level 1)

    def make_graph(self, rng, n, knobs):
        # denser than the level's default: sparse graphs make the answer 1 most of the time
        density = min(1.0, 1.6 * knobs["density"])
        return connect(random_graph(rng, n, density, knobs["family"]), rng)

    def pose(self, rng, inst):
        # mostly nodes of degree >= 2: a leaf's connectivity is always 1
        inner = [v for v in range(inst.n) if len(inst.adj[v]) >= 2]
        if len(inner) >= 2 and rng.random() < 0.8:
            return {"pair": rng.sample(inner, 2)}
        return {"pair": list(node_pair(rng, inst, common=0.5, adjacent=rng.random() < 0.3))}

    def question(self, inst):
        s, t = (inst.name(v) for v in inst.params["pair"])
        return (f"What is the local node connectivity of node {s} and node {t}: the largest "
                f"number of paths from {s} to {t} that share no node except {s} and {t} (an "
                "edge between them counts as one path)?")

    def solve(self, inst):
        return connectivity.local_node_connectivity(inst.graph, *inst.params["pair"])

    def trace(self, inst, reference):
        paths = connectivity.node_disjoint_paths(inst.graph, *inst.params["pair"])
        return [f"path {k} = {answers.format_value('ordered_node_list', p, inst.labels)}"
                for k, p in enumerate(sorted(paths, key=len), start=1)]

    def check_steps(self, inst, reference, lines):
        s, t = inst.params["pair"]
        used: set[int] = set()
        direct = [False]

        def step(line):
            if not line.key.startswith("path"):
                return f"expected 'path k = [nodes]', got {line.key!r}"
            path = answers.parse("ordered_node_list", line.value, inst.labels)
            if len(path) < 2 or path[0] != s or path[-1] != t:
                return f"a path must go from {inst.name(s)} to {inst.name(t)}"
            if any(b not in inst.adj[a] for a, b in zip(path, path[1:])):
                return "the path uses a non-edge"
            inner = path[1:-1]
            if len(set(inner)) != len(inner) or s in inner or t in inner or used & set(inner):
                return "the path repeats a node or shares an inner node with an earlier path"
            if not inner:
                if direct[0]:
                    return "the direct edge is already used"
                direct[0] = True
            used.update(inner)
            return None

        return traces.simulate(lines, step)
