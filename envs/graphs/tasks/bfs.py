"""bfs (easy): a breadth-first visiting order from a start node; any valid BFS order is accepted.

Trace: one line per dequeued node, `visit u = [v1, v2]`, listing the neighbours of u that were
not yet seen, in the order they join the queue. Each line is checked against the queue built from
the model's own earlier lines (u must be the queue head and the list exactly u's unseen neighbours).
"""
from collections import deque

import networkx as nx

from rlsynth import register
from rlsynth.envs.graphs import answers, traces
from rlsynth.envs.graphs.base import GraphTask, random_node


@register
class BFS(GraphTask):
    name = "graphs/bfs"
    description = "Breadth-first search order from a start node (any valid order accepted)"
    tier = "easy"
    answer_type = "ordered_node_list"

    def pose(self, rng, inst):
        return {"source": random_node(rng, inst)}

    def question(self, inst):
        return (f"List the nodes in the order a breadth-first search starting at node "
                f"{inst.name(inst.params['source'])} visits them, including the start and every "
                "node reachable from it. When a node has several unvisited neighbours they may be "
                "queued in any order; any valid breadth-first order is accepted.")

    def solve(self, inst):
        source = inst.params["source"]
        edges = nx.bfs_edges(inst.graph, source, sort_neighbors=inst.sorted)
        return [source, *(v for _, v in edges)]

    def check(self, inst, reference, given):
        return bfs_order_error(inst.adj, inst.params["source"], given)

    def trace(self, inst, reference):
        # the nodes each dequeued node discovers are the next block of the order
        seen, position, lines = {reference[0]}, 1, []
        for u in reference:
            new = reference[position:position + len(inst.adj[u] - seen)]
            seen.update(new)
            position += len(new)
            lines.append(f"visit {inst.name(u)} = "
                         f"{answers.format_value('ordered_node_list', new, inst.labels)}")
        return lines

    def check_steps(self, inst, reference, lines):
        queue, seen = deque([inst.params["source"]]), {inst.params["source"]}

        def step(line):
            u = traces.key_node(line, "visit", inst.labels)
            if not queue or queue[0] != u:
                head = inst.name(queue[0]) if queue else "nothing (the queue is empty)"
                return f"the queue head is {head}, not {inst.name(u)}"
            queue.popleft()
            new = answers.parse("ordered_node_list", line.value, inst.labels)
            if set(new) != inst.adj[u] - seen or len(new) != len(set(new)):
                return f"the unseen neighbours of {inst.name(u)} are not {line.value.strip()!r}"
            seen.update(new)
            queue.extend(new)
            return None

        return traces.simulate(lines, step)


def bfs_order_error(adj, source, order) -> str | None:
    """None if `order` is a breadth-first visiting order from `source` under some tie-break:
    replay BFS, where each dequeued node's unseen neighbours must come next, as a block."""
    if not order or order[0] != source:
        return "the order must start at the start node"
    if len(set(order)) != len(order):
        return "a node is listed twice"
    seen, position = {source}, 1
    for u in order:
        new = adj[u] - seen
        block = set(order[position:position + len(new)])
        if block != new:
            return "not a breadth-first order"
        seen |= new
        position += len(new)
    return None if position == len(order) else "not a breadth-first order"
