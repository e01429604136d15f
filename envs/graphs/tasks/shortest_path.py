"""shortest_path (hard): one shortest path (fewest edges) between two nodes of a connected graph;
any shortest path is accepted.

Trace: a breadth-first search from the source, `layer k = [nodes at distance k]` (facts) until
the layer holding the target, then the path read backwards, `prev(v) = u`, each u a neighbour of v
one layer closer to the source.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs import traces
from rlsynth.envs.graphs.distances import (ConnectedGraphTask, distance_table, distances_from,
                                           far_pair, layer_facts, path_error, prev_step_error)


@register
class ShortestPath(ConnectedGraphTask):
    name = "graphs/shortest_path"
    description = "A shortest path between two nodes of a connected graph (any one accepted)"
    tier = "hard"
    answer_type = "ordered_node_list"

    def pose(self, rng, inst):
        return far_pair(rng, inst, distance_table(inst))

    def question(self, inst):
        s, t = (inst.name(inst.params[k]) for k in ("source", "target"))
        return (f"Give a shortest path (fewest edges) from node {s} to node {t}, as the list of "
                f"its nodes from {s} to {t}. If several paths are shortest, any one is accepted.")

    def solve(self, inst):
        return nx.shortest_path(inst.graph, inst.params["source"], inst.params["target"])

    def check(self, inst, reference, given):
        reason = path_error(inst, given, inst.params["source"], inst.params["target"])
        if reason is None and len(given) != len(reference):
            return f"the path has {len(given) - 1} edges; the shortest has {len(reference) - 1}"
        return reason

    def trace(self, inst, reference):
        hops = len(reference) - 1
        lines = traces.write_facts(layer_facts(inst, inst.params["source"])[:hops], inst.labels)
        return lines + [f"prev({inst.name(v)}) = {inst.name(u)}"
                        for u, v in reversed(list(zip(reference, reference[1:])))]

    def check_steps(self, inst, reference, lines):
        dist = distances_from(inst, inst.params["source"])
        facts = layer_facts(inst, inst.params["source"])
        layer_verdicts = iter(traces.check_facts(
            [line for line in lines if not line.key.startswith("prev")], facts, inst.labels))
        verdicts = []
        for line in lines:
            if line.key.startswith("prev"):
                reason = prev_step_error(inst, line, dist)
                verdicts.append(traces.step_ok(line, reason is None, reason or "ok"))
            else:
                verdicts.append(next(layer_verdicts))
        return verdicts
