"""dfs (easy): a depth-first visiting (preorder) from a start node; any valid DFS order is accepted.

Trace: one line per visited node, `visit v = u` naming the node u it is reached from (`visit s =
start` for the start). Each line is checked against the search path built from the model's own
earlier lines: u must be the deepest path node that still has an unvisited neighbour, and v one
of those neighbours.
"""
import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs import traces
from rlsynth.envs.graphs.base import GraphTask, random_node


@register
class DFS(GraphTask):
    name = "graphs/dfs"
    description = "Depth-first search order from a start node (any valid order accepted)"
    tier = "easy"
    answer_type = "ordered_node_list"

    def pose(self, rng, inst):
        return {"source": random_node(rng, inst)}

    def question(self, inst):
        return (f"List the nodes in the order a depth-first search starting at node "
                f"{inst.name(inst.params['source'])} first visits them, including the start and "
                "every node reachable from it. When a node has several unvisited neighbours any "
                "of them may be explored first; any valid depth-first order is accepted.")

    def solve(self, inst):
        return list(nx.dfs_preorder_nodes(inst.graph, inst.params["source"],
                                          sort_neighbors=inst.sorted))

    def check(self, inst, reference, given):
        return dfs_order_error(inst.adj, inst.params["source"], given)

    def trace(self, inst, reference):
        lines, stack = [f"visit {inst.name(reference[0])} = start"], [reference[0]]
        for v in reference[1:]:
            while v not in inst.adj[stack[-1]]:
                stack.pop()
            lines.append(f"visit {inst.name(v)} = {inst.name(stack[-1])}")
            stack.append(v)
        return lines

    def check_steps(self, inst, reference, lines):
        visited: set[int] = set()
        stack: list[int] = []

        def step(line):
            v = traces.key_node(line, "visit", inst.labels)
            if not visited:
                source = inst.params["source"]
                if v != source or line.value.strip().lower() != "start":
                    return f"the search starts with 'visit {inst.name(source)} = start'"
            else:
                while stack and not inst.adj[stack[-1]] - visited:
                    stack.pop()
                if not stack or v not in inst.adj[stack[-1]] - visited:
                    where = inst.name(stack[-1]) if stack else "no node (the search is over)"
                    return f"{inst.name(v)} is not an unvisited neighbour of {where}"
                if inst.labels.lookup(line.value.strip()) != stack[-1]:
                    return f"{inst.name(v)} is reached from {inst.name(stack[-1])}"
            visited.add(v)
            stack.append(v)
            return None

        return traces.simulate(lines, step)


def dfs_order_error(adj, source, order) -> str | None:
    """None if `order` is a depth-first preorder from `source` under some tie-break: each node
    must be an unvisited neighbour of the deepest node on the search path that still has one."""
    if not order or order[0] != source:
        return "the order must start at the start node"
    if len(set(order)) != len(order):
        return "a node is listed twice"
    visited, stack = {source}, [source]
    for v in order[1:]:
        while stack and not adj[stack[-1]] - visited:
            stack.pop()
        if not stack or v not in adj[stack[-1]] or v in visited:
            return "not a depth-first order"
        visited.add(v)
        stack.append(v)
    if any(adj[u] - visited for u in visited):
        return "some reachable nodes are missing"
    return None
