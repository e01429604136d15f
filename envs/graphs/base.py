"""GraphTask: the Env base class every graph task subclasses (see the package docstring).

It owns the shared path — size and density from the level, graph sampling, labels, encoding,
the prompt, the JSON meta, answer extraction and parsing, step checking, partial credit — so a task
module only says how to draw its graph and question, how to solve it, and (where several answers
are valid, or the trace has choices) how to check. PairIndexTask, at the end, is the base of the
similarity indices of two nodes.
"""
from __future__ import annotations

import random
import re
from abc import abstractmethod
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import Any, ClassVar

import networkx as nx

from rlsynth import Env, Knob, Problem, StepVerdict, Task, Verdict, extract_final
from rlsynth.envs.graphs import answers, traces
from rlsynth.envs.graphs.encoding import ENCODINGS, LABEL_KINDS, NAMES, Labels, describe, letters
from rlsynth.envs.graphs.sampling import FAMILIES, graph_from_meta, graph_to_meta, random_graph

TIERS = ("easy", "medium", "hard", "challenging")
# level -> (nodes_min, nodes_max, density): sizes span G1's 5..35 nodes; density falls as n grows
# so the mean degree (and the prompt) grows gently.
LEVELS = {1: (5, 9, 0.35), 2: (8, 14, 0.3), 3: (12, 20, 0.25), 4: (17, 27, 0.2), 5: (24, 35, 0.17)}
ANSWER_INSTRUCTION = "Write the final answer between <answer> and </answer>."


def graph_knobs(*, family: bool = True, partial_credit: bool = False) -> dict[str, Knob]:
    """The knobs of a graph task. `family=False` for tasks whose graph kind is fixed (e.g.
    tournaments); `partial_credit=True` for tasks with one exact node/edge set as answer."""
    knobs = {
        "nodes_min": Knob(int, None, "fewest nodes (the level decides by default)", low=2, high=50),
        "nodes_max": Knob(int, None, "most nodes (the level decides by default)", low=2, high=50),
        "density": Knob(float, None, "edge probability / relative mean degree (level decides)",
                        low=0.0, high=1.0),
        "encoding": Knob(str, "edge_list", "how the prompt writes the graph", choices=ENCODINGS),
        "labels": Knob(str, "int", "node labels: 1..n, letters or first names",
                       choices=LABEL_KINDS),
    }
    if family:
        knobs["family"] = Knob(str, "mixed", "random graph family ('mixed' draws one per task)",
                               choices=("mixed", *FAMILIES))
    if partial_credit:
        knobs["partial_credit"] = Knob(bool, False, "score a wrong set by its Jaccard similarity "
                                       "to the reference (read at verify time)")
    return knobs


class Instance:
    """One task's graph, labels and question parameters, built at generation or from task.meta.

    Node ids are 0..n-1; `graph` (networkx) and `adj` (out-neighbour sets) are built on first use,
    so verifiers that need neither stay fast. `cache` lets a task keep derived values (facts).
    """

    def __init__(self, graph_meta: dict, labels: Labels, params: dict,
                 graph: nx.Graph | None = None) -> None:
        self.graph_meta = graph_meta
        self.labels = labels
        self.params = params
        self.cache: dict[str, Any] = {}
        if graph is not None:
            self.__dict__["graph"] = graph

    @cached_property
    def graph(self) -> nx.Graph:
        return graph_from_meta(self.graph_meta)

    @cached_property
    def adj(self) -> list[set[int]]:
        adj: list[set[int]] = [set() for _ in range(self.n)]
        for u, v, *_ in self.graph_meta["edges"]:
            adj[u].add(v)
            if not self.directed:
                adj[v].add(u)
        return adj

    @property
    def n(self) -> int:
        return self.graph_meta["n"]

    @property
    def directed(self) -> bool:
        return self.graph_meta["directed"]

    def name(self, v: int) -> str:
        return self.labels[v]

    def sorted(self, nodes) -> list[int]:
        """Nodes in ascending label order (what prompts mean by "ascending")."""
        return sorted(nodes, key=self.labels.sort_key)


class GraphTask(Env):
    """Base of the graph tasks. Subclasses set `name`, `description`, `tier`, `answer_type`
    and implement `question` and `solve`; the other hooks have working defaults."""

    tier: ClassVar[str] = ""
    answer_type: ClassVar[str] = ""
    version = "1"
    max_level = 5
    default_level = 3
    knobs: ClassVar[Mapping[str, Knob]] = graph_knobs()
    presets = {"easy": {"level": 1}, "medium": {"level": 3}, "hard": {"level": 5}}
    generation_time_bound = 1.0
    # the most common answer's largest share among a level's tasks, at every level (checked by
    # tests/envs/graphs/test_family.py); yes/no tasks set 0.7
    max_answer_share = 0.5

    def level_knobs(self, level: int) -> dict:
        nodes_min, nodes_max, density = LEVELS[level]
        return {"nodes_min": nodes_min, "nodes_max": nodes_max, "density": density}

    # -- hooks a task overrides ---------------------------------------------------------------

    def make_graph(self, rng: random.Random, n: int, knobs: Mapping[str, Any]) -> nx.Graph:
        """The task's graph on nodes 0..n-1 (default: an undirected graph of the knob family)."""
        return random_graph(rng, n, knobs["density"], knobs.get("family", "mixed"))

    def pose(self, rng: random.Random, inst: Instance) -> dict:
        """The question's parameters (JSON, node ids), e.g. {"source": 3}."""
        return {}

    @abstractmethod
    def question(self, inst: Instance) -> str:
        """The question text (the answer-form sentence is appended by the base)."""

    @abstractmethod
    def solve(self, inst: Instance) -> Any:
        """The reference answer in internal form (networkx is the reference)."""

    def check(self, inst: Instance, reference: Any, given: Any) -> str | None:
        """None if `given` (parsed) is a correct answer, else why not. Tasks with several valid
        answers override this with a structural check."""
        return answers.compare(self.answer_type, reference, given, inst.directed)

    def facts(self, inst: Instance, reference: Any) -> list[traces.Fact]:
        """The true intermediate quantities the expert trace states (fact traces)."""
        return []

    def trace(self, inst: Instance, reference: Any) -> list[str]:
        """The expert's step lines (default: the facts)."""
        return traces.write_facts(self.facts(inst, reference), inst.labels)

    def check_steps(self, inst: Instance, reference: Any,
                    lines: Sequence[traces.StepLine]) -> list[StepVerdict]:
        """One verdict per step line (default: against the facts)."""
        if not lines:
            return []
        facts = inst.cache.get("facts")
        if facts is None:
            facts = inst.cache["facts"] = traces.facts_by_key(self.facts(inst, reference))
        return traces.check_facts(lines, facts, inst.labels, inst.directed)

    def expert_answer(self, inst: Instance, reference: Any) -> Any:
        """The answer the expert writes (default: the reference); a task whose trace builds a
        different valid answer (e.g. another maximum matching) returns that one."""
        return reference

    def describe(self, inst: Instance, encoding: str) -> str:
        """The graph part of the prompt."""
        return describe(inst.graph_meta, inst.labels, encoding)

    def answer_format(self, inst: Instance) -> str:
        return answers.format_sentence(self.answer_type, inst.directed)

    # -- the Env contract ----------------------------------------------------------------------

    def generate(self, rng: random.Random, level: int, knobs: Mapping[str, Any]) -> Problem:
        nodes_min, nodes_max = knobs["nodes_min"], knobs["nodes_max"]
        if nodes_min > nodes_max:
            raise ValueError(f"{self.name}: nodes_min={nodes_min} exceeds nodes_max={nodes_max}; "
                             "raise nodes_max or lower nodes_min")
        graph = self.make_graph(rng, rng.randint(nodes_min, nodes_max), knobs)
        labels = Labels.draw(knobs["labels"], graph.number_of_nodes(), rng)
        graph_meta = graph_to_meta(graph, rng)
        inst = Instance(graph_meta, labels, {}, graph=graph)
        inst.params = self.pose(rng, inst)
        value = self.solve(inst)
        prompt = (f"{self.describe(inst, knobs['encoding'])}\n\nQuestion: {self.question(inst)} "
                  f"{self.answer_format(inst)} {ANSWER_INSTRUCTION}")
        n, m = graph.number_of_nodes(), graph.number_of_edges()
        meta = {"graph": graph_meta, "labels": {"kind": labels.kind, "names": labels.names},
                "params": inst.params,
                "family": graph.graph.get("family", "custom"), "n": n, "m": m,
                "difficulty": n + m}
        return Problem(prompt, answers.to_json(self.answer_type, value, labels), meta)

    def verify(self, task: Task, completion: str) -> Verdict:
        try:
            return self._verify(task, completion)
        except Exception as exc:  # a verifier never raises on a model's output
            return Verdict.failure(f"verifier error: {type(exc).__name__}: {exc}")

    def _verify(self, task: Task, completion: str) -> Verdict:
        if not isinstance(completion, str):
            return Verdict.failure(f"completion must be a string, got {type(completion).__name__}")
        inst, reference = self.instance(task)
        steps = tuple(self.check_steps(inst, reference, traces.step_lines(completion)))
        text = extract_final(completion, boxed=True)
        if text is None:
            return Verdict(False, 0.0, False, steps,
                           "no <answer>...</answer> block or \\boxed{} found")
        try:
            given = answers.parse(self.answer_type, text, inst.labels)
        except answers.ParseError as exc:
            return Verdict(False, 0.0, False, steps, f"unparseable answer: {exc}")
        reason = self.check(inst, reference, given)
        if reason is None:
            return Verdict(True, 1.0, True, steps)
        score = 0.0
        if task.knobs.get("partial_credit") and self.answer_type in answers.SET_TYPES:
            score = answers.jaccard(reference, given, self.answer_type, inst.directed)
        return Verdict(False, score, True, steps, reason)

    def expert(self, task: Task) -> str:
        inst, reference = self.instance(task)
        lines = self.trace(inst, reference)
        answer = answers.format_value(self.answer_type, self.expert_answer(inst, reference),
                                      inst.labels)
        return "\n".join([*lines, f"<answer>{answer}</answer>"])

    def instance(self, task: Task) -> tuple[Instance, Any]:
        """The task's Instance and internal reference, cached by task content: RL verifies a
        group of completions per task, and the graph and facts are shared by the group."""
        key = (task.env, task.version, task.uid)
        cached = _INSTANCES.get(key)
        if cached is not None:
            _INSTANCES.move_to_end(key)
            return cached
        labels = Labels(task.meta["labels"]["kind"], task.meta["labels"]["names"])
        inst = Instance(task.meta["graph"], labels, task.meta.get("params", {}))
        reference = answers.from_json(self.answer_type, task.answer, labels)
        _INSTANCES[key] = (inst, reference)
        if len(_INSTANCES) > _CACHE_SIZE:
            _INSTANCES.popitem(last=False)
        return inst, reference

    def vocab(self) -> list[str]:
        """Every label, the numbers 0..999, the words of every encoding, and the tokens of one
        sampled prompt and expert trace (templates do not depend on level or labels)."""
        cls = type(self)
        if cls not in _VOCAB:
            words = set(NAMES) | {letters(v) for v in range(100)} | {str(i) for i in range(1000)}
            words.update(WORD_RE.findall(ENCODING_WORDS))
            task = self.sample(0, seed=-1, level=1)
            words.update(WORD_RE.findall(task.prompt + "\n" + self.expert(task)))
            _VOCAB[cls] = sorted(words)
        return list(_VOCAB[cls])


WORD_RE = re.compile(r"\w+|[^\w\s]")
_INSTANCES: OrderedDict[tuple, tuple[Instance, Any]] = OrderedDict()
_CACHE_SIZE = 512
_VOCAB: dict[type, list[str]] = {}
# The graph text of every encoding, directed or not, weighted or not, isolated node included.
ENCODING_WORDS = "\n".join(
    describe({"n": 3, "directed": directed, "weighted": weighted,
              "edges": [[0, 1, 2]] if weighted else [[0, 1]]}, Labels("int", ["1", "2", "3"]),
             encoding)
    for encoding in ENCODINGS for directed in (False, True) for weighted in (False, True))



# --------------------------------------------------------------------------------------------
# Question helpers shared by tasks


def random_node(rng: random.Random, inst: Instance, min_degree: int = 1) -> int:
    """A random node with at least `min_degree` neighbours (any node if there is none)."""
    candidates = [v for v in range(inst.n) if len(inst.adj[v]) >= min_degree]
    return rng.choice(candidates or range(inst.n))


def node_pair(rng: random.Random, inst: Instance, common: float = 0.8,
              adjacent: bool | None = None) -> tuple[int, int]:
    """Two distinct nodes; with probability `common` they share a neighbour (when some pair
    does), so similarity indices are rarely the uninformative 0. `adjacent` = True / False
    prefers pairs that are / are not joined by an edge."""
    n, adj = inst.n, inst.adj
    pairs = [(u, v) for u in range(n) for v in range(u + 1, n)]
    if adjacent is not None:  # fall back to any pair when no pair is (non-)adjacent
        pairs = [(u, v) for u, v in pairs if (v in adj[u]) == adjacent] or pairs
    if not pairs:
        raise ValueError(f"a graph with {n} node has no node pair; use nodes_min >= 2")
    if rng.random() < common:
        sharing = [(u, v) for u, v in pairs if adj[u] & adj[v]]
        pairs = sharing or pairs
    u, v = rng.choice(pairs)
    return (u, v) if rng.random() < 0.5 else (v, u)


class PairIndexTask(GraphTask):
    """Base of the similarity indices of two nodes (Jaccard, Adamic-Adar, resource allocation):
    a pair that usually shares a neighbour, the question from `index_name` and `definition`,
    networkx's `index` as the reference. Trace (facts): `common(u, v) = [nodes]`, one
    `term(w)` fact per common neighbour w, then `result_key = value`."""

    tier = "medium"
    answer_type = "float"
    index_name: ClassVar[str] = ""
    definition: ClassVar[str] = ""
    result_key: ClassVar[str] = ""
    common_share: ClassVar[float] = 0.9  # the share of pairs drawn among those sharing a neighbour

    @staticmethod
    @abstractmethod
    def index(graph: nx.Graph, pairs: list[tuple[int, int]]):
        """networkx's index function, e.g. nx.jaccard_coefficient (wrapped in staticmethod)."""

    def term(self, inst: Instance, w: int) -> traces.Fact:
        """The contribution of one common neighbour w."""
        raise NotImplementedError(f"{self.name}: define term() or override facts()")

    def pose(self, rng, inst):
        return {"pair": list(node_pair(rng, inst, common=self.common_share))}

    def question(self, inst):
        u, v = inst.params["pair"]
        return (f"What is the {self.index_name} of node {inst.name(u)} and node {inst.name(v)}: "
                f"{self.definition}?")

    def solve(self, inst):
        return next(self.index(inst.graph, [tuple(inst.params["pair"])]))[2]

    def facts(self, inst, reference):
        u, v = inst.params["pair"]
        common = inst.sorted(inst.adj[u] & inst.adj[v])
        return [traces.Fact(f"common({inst.name(u)}, {inst.name(v)})", "node_list", common),
                *(self.term(inst, w) for w in common),
                traces.Fact(self.result_key, "float", reference)]
