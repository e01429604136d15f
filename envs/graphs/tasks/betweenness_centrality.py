"""betweenness_centrality (hard): networkx's normalised betweenness of a node.

For a node v: the sum over ordered pairs (s, t) of other nodes of the share of shortest s-t
paths through v, divided by (n - 1)(n - 2). Trace (facts, Brandes' accumulation):
`delta(s) = x` for each source s whose shortest paths pass through v (x is v's dependency on s,
the sum over targets t of that share), then `dependency sum = D` and `betweenness = D / ((n - 1)
(n - 2))`. Sources with x = 0 may be listed or left out.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs import traces
from rlsynth.envs.graphs.base import random_node
from rlsynth.envs.graphs.distances import ConnectedGraphTask
from rlsynth.envs.graphs.traces import Fact


@register
class BetweennessCentrality(ConnectedGraphTask):
    name = "graphs/betweenness_centrality"
    description = "Normalised betweenness centrality of a node in a connected undirected graph"
    tier = "hard"
    answer_type = "float"

    def pose(self, rng, inst):
        # leaves lie on no shortest path between others: ask about a node of degree >= 2
        return {"node": random_node(rng, inst, min_degree=2)}

    def question(self, inst):
        return (f"What is the betweenness centrality of node {inst.name(inst.params['node'])}? "
                "For every ordered pair (s, t) of two other nodes, take the fraction of the "
                "shortest s-t paths that pass through the node; sum these fractions and divide "
                "by (n - 1)(n - 2), where n is the number of nodes.")

    def solve(self, inst):
        v = inst.params["node"]
        return nx.betweenness_centrality(inst.graph)[v]

    def facts(self, inst, reference):
        v = inst.params["node"]
        deltas = dependencies(inst.adj, inst.n, v)
        return [*(Fact(f"delta({inst.name(s)})", "float", deltas[s])
                  for s in inst.sorted(deltas)),
                Fact("dependency sum", "float", sum(deltas.values())),
                Fact("betweenness", "float", reference)]

    def trace(self, inst, reference):
        facts = [f for f in self.facts(inst, reference)
                 if not (f.key.startswith("delta(") and f.value == 0)]
        return traces.write_facts(facts, inst.labels)


def dependencies(adj, n, v):
    """Brandes' dependency of every source s != v on v: sum over targets t of the share of
    shortest s-t paths through v (Brandes 2001, eq. for delta_s)."""
    out = {}
    for s in range(n):
        if s == v:
            continue
        sigma, dist, preds = [0] * n, [-1] * n, [[] for _ in range(n)]
        sigma[s], dist[s], order = 1, 0, [s]
        for u in order:
            for w in adj[u]:
                if dist[w] < 0:
                    dist[w] = dist[u] + 1
                    order.append(w)
                if dist[w] == dist[u] + 1:
                    sigma[w] += sigma[u]
                    preds[w].append(u)
        delta = [0.0] * n
        for w in reversed(order):
            for u in preds[w]:
                delta[u] += sigma[u] / sigma[w] * (1 + delta[w])
        out[s] = delta[v]
    return out
