"""clustering_coefficient (medium): 2 T(v) / (k (k - 1)), T(v) the links among v's k neighbours."""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs.base import GraphTask, random_node
from rlsynth.envs.graphs.sampling import random_graph
from rlsynth.envs.graphs.traces import Fact


@register
class ClusteringCoefficient(GraphTask):
    name = "graphs/clustering_coefficient"
    description = "Local clustering coefficient of a node in an undirected graph"
    tier = "medium"
    answer_type = "float"

    def make_graph(self, rng, n, knobs):
        # trees and grids have no triangles (every answer 0): "mixed" draws from the others,
        # a little denser than the level's default
        family = knobs["family"]
        if family == "mixed":
            family = rng.choice(("erdos_renyi", "barabasi_albert", "watts_strogatz"))
        return random_graph(rng, n, min(1.0, 1.5 * knobs["density"]), family)

    def pose(self, rng, inst):
        in_triangle = [v for v in range(inst.n)
                       if any(inst.adj[v] & inst.adj[w] for w in inst.adj[v])]
        if in_triangle and rng.random() < 0.8:  # otherwise 0 would be the usual answer
            return {"node": rng.choice(in_triangle)}
        return {"node": random_node(rng, inst, min_degree=2)}

    def question(self, inst):
        return (f"What is the clustering coefficient of node {inst.name(inst.params['node'])}: "
                "the number of edges among its neighbours divided by k(k-1)/2, where k is its "
                "degree (0 if k < 2)?")

    def solve(self, inst):
        return nx.clustering(inst.graph, inst.params["node"])

    def facts(self, inst, reference):
        v = inst.params["node"]
        neighbours = inst.adj[v]
        links = sum(len(inst.adj[w] & neighbours) for w in neighbours) // 2
        return [Fact(f"N({inst.name(v)})", "node_list", inst.sorted(neighbours)),
                Fact("edges among neighbours", "integer", links),
                Fact("clustering", "float", reference)]
