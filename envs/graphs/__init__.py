"""The Erdős graph family (G1, arXiv 2505.18499): 50 graph-reasoning tasks, each its own env
`graphs/<task>`, plus the `graphs` mixture with G1's tier weights (mixture.py).

Shared parts, one place each:
  sampling.py  random graphs (Erdős–Rényi, Barabási–Albert, Watts–Strogatz, trees, grids, DAGs,
               tournaments, regular, bipartite), weights, the near-miss extra edge of the yes/no
               tasks, the JSON form stored in task.meta
  encoding.py  node labels (int / letters / names) and encodings (edge_list / adjacency / incidence)
  answers.py   the eight answer types: parse, format, compare (floats: abs and rel tol 1e-3)
  traces.py    the `key = value` step grammar of expert traces; fact checking; node and edge keys
  distances.py hop and weighted distances, connected / weighted graphs, path and `prev(v)` step
               checks (the distance and path tasks of the Hard / Challenging tiers), and their
               bases: ConnectedGraphTask, EccentricityTask (center, periphery, radius, diameter)
  spanning.py  SpanningTreeTask and the Kruskal step replay (the two spanning-tree tasks)
  base.py      GraphTask (the Env subclass every task extends), Instance, graph_knobs, question
               helpers (random_node, node_pair), PairIndexTask (Jaccard, Adamic-Adar, resource
               allocation)
  perturb.py   near-miss wrong answers of each answer type (tests, negative examples)
  tasks/       one module per task; every module there is imported and registers itself

How to write a task module (`tasks/<task>.py`, G1's name):

    from rlsynth import register
    from rlsynth.envs.graphs.base import GraphTask, Instance
    from rlsynth.envs.graphs.traces import Fact

    @register
    class Degree(GraphTask):
        name = "graphs/degree"
        description = "Degree of a node in an undirected graph"
        tier = "easy"                    # easy | medium | hard | challenging
        answer_type = "integer"          # one of answers.ANSWER_TYPES

        def pose(self, rng, inst):       # question parameters, JSON, node ids 0..n-1
            return {"node": rng.randrange(inst.n)}

        def question(self, inst):        # the base appends the answer-form sentence
            return f"What is the degree of node {inst.name(inst.params['node'])}?"

        def solve(self, inst):           # internal form; networkx (inst.graph) is the reference
            return inst.graph.degree(inst.params["node"])

        def facts(self, inst, reference):   # trace steps `key = value`, checked by the base
            v = inst.params["node"]
            return [Fact(f"N({inst.name(v)})", "node_list", inst.sorted(inst.adj[v])),
                    Fact(f"deg({inst.name(v)})", "integer", reference)]

A task of a kind that already has a base (above) subclasses it and adds only its own parts.
Other hooks, all with defaults: `make_graph(rng, n, knobs)` (default: an undirected graph of the
`family` knob; use sampling.py for connected / directed / weighted / DAG / bipartite / tournament /
regular graphs, and put side information such as a bipartition in `pose`), `check(inst, reference,
given)` (return None or the reason; override for tasks with several valid answers, checking the
answer structurally), `trace` and `check_steps(inst, reference, lines)` (override for simulated
traces whose steps involve choices, see tasks/bfs.py), `describe(inst, encoding)` (the graph text),
`answer_format(inst)`. Class attributes: `knobs = graph_knobs(family=False)` when the graph kind is
fixed, `graph_knobs(partial_credit=True)` for tasks with one exact node/edge set as answer;
`max_answer_share` (0.5 by default, ~0.7 for yes/no tasks; it must hold at every level, which
tests/envs/graphs/test_family.py checks). Make yes/no tasks draw both answers at a sensible rate
(e.g. half the graphs built to be "yes", the others near misses). `inst` gives `n`, `directed`,
`graph` (networkx, built lazily), `adj` (out-neighbour sets, fast), `name(v)`, `sorted(nodes)`
(ascending label order), `params`, and `cache` (a dict for derived values). Draw randomness only
from `rng`; a networkx generator gets `seed=rng.getrandbits(32)`. Verification must stay fast
(the target is >= 5,000 completions/s): prefer `inst.adj` and a few lines over heavy networkx calls.
"""
from rlsynth.envs.graphs import mixture, tasks  # noqa: F401  (registers every graph env)
