"""isomorphic_mapping (challenging): a mapping of the nodes of graph G onto those of graph H that
turns G's edges into exactly H's edges; any such isomorphism is accepted. Registered also as
`graphs/isomophic_mapping`, G1's spelling.

H is G under a random relabelling, its edges listed in a fresh random order, so an isomorphism
always exists; the check is structural (a bijection preserving every edge), so graphs with
automorphisms are fine. Both graphs use the same node labels. Sizes are smaller than the other
tasks' (5..18 nodes over the levels) because the prompt holds two graphs.

Trace: `map u = x` for each node u of G, x an unused node of H with the same degree, and u's
edges to already-mapped nodes matching x's edges to their images.
"""
from rlsynth import register
from rlsynth.envs.graphs import answers, traces
from rlsynth.envs.graphs.base import LEVELS, GraphTask
from rlsynth.envs.graphs.encoding import describe

# level -> (nodes_min, nodes_max); density as for the other tasks
LEVEL_SIZES = {1: (5, 7), 2: (6, 9), 3: (8, 12), 4: (10, 15), 5: (12, 18)}


@register(aliases=("graphs/isomophic_mapping",))
class IsomorphicMapping(GraphTask):
    name = "graphs/isomorphic_mapping"
    description = "An isomorphism between two isomorphic undirected graphs (any one accepted)"
    tier = "challenging"
    answer_type = "mapping"

    def level_knobs(self, level):
        nodes_min, nodes_max = LEVEL_SIZES[level]
        return {"nodes_min": nodes_min, "nodes_max": nodes_max, "density": LEVELS[level][2]}

    def pose(self, rng, inst):
        image = list(range(inst.n))
        rng.shuffle(image)
        edges = [[image[u], image[v]] if rng.random() < 0.5 else [image[v], image[u]]
                 for u, v, *_ in inst.graph_meta["edges"]]
        rng.shuffle(edges)
        return {"image": image, "other": edges}

    def describe(self, inst, encoding):
        other = {**inst.graph_meta, "edges": inst.params["other"]}
        return (f"Graph G. {describe(inst.graph_meta, inst.labels, encoding)}\n\n"
                f"Graph H. {describe(other, inst.labels, encoding)}")

    def question(self, inst):
        return ("G and H are isomorphic. Give an isomorphism from G to H: map every node of G "
                "to a different node of H so that two nodes are joined in G exactly when their "
                "images are joined in H. Write each pair as (node of G): (node of H). If several "
                "mappings work, any one is accepted.")

    def solve(self, inst):
        return dict(enumerate(inst.params["image"]))

    def check(self, inst, reference, given):
        if sorted(given) != list(range(inst.n)) or sorted(given.values()) != list(range(inst.n)):
            return "every node of G must map to a different node of H"
        other = other_adj(inst)
        for u, v, *_ in inst.graph_meta["edges"]:
            if given[v] not in other[given[u]]:
                return (f"edge ({inst.name(u)}, {inst.name(v)}) of G maps to "
                        f"({inst.name(given[u])}, {inst.name(given[v])}), not an edge of H")
        return None  # a bijection keeping all |E(G)| = |E(H)| edges keeps the non-edges too

    def trace(self, inst, reference):
        return [f"map {inst.name(u)} = {inst.name(reference[u])}" for u in inst.sorted(reference)]

    def check_steps(self, inst, reference, lines):
        adj, other = inst.adj, other_adj(inst)
        mapping: dict[int, int] = {}

        def step(line):
            u = traces.key_node(line, "map", inst.labels)
            nodes = answers.parse_nodes(line.value, inst.labels)
            if len(nodes) != 1:
                return f"expected one node of H, got {line.value.strip()!r}"
            x = nodes[0]
            if u in mapping or x in mapping.values():
                return f"{inst.name(u) if u in mapping else inst.name(x)} is already mapped"
            if len(adj[u]) != len(other[x]):
                return f"{inst.name(u)} has degree {len(adj[u])} in G, {inst.name(x)} " \
                       f"has {len(other[x])} in H"
            for w, y in mapping.items():
                if (w in adj[u]) != (y in other[x]):
                    return (f"{inst.name(u)}-{inst.name(w)} in G does not match "
                            f"{inst.name(x)}-{inst.name(y)} in H")
            mapping[u] = x
            return None

        return traces.simulate(lines, step)


def other_adj(inst):
    """Neighbour sets of H (cached on the instance)."""
    adj = inst.cache.get("other_adj")
    if adj is None:
        adj = inst.cache["other_adj"] = [set() for _ in range(inst.n)]
        for u, v in inst.params["other"]:
            adj[u].add(v)
            adj[v].add(u)
    return adj
