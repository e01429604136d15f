"""The step grammar of graph expert traces, and the checks every task reuses.

A trace is a sequence of lines `<key> = <value>` before the final answer; any other line is free
text and is ignored. Two kinds of tasks use it:

- *fact* traces (formula tasks and deterministic algorithms): each step states one intermediate
  quantity, e.g. `deg(3) = 4` or `N(3) ∩ N(7) = [1, 5]`. The task lists its true facts as
  `Fact(key, kind, value)` (kind is an answer type, so the value is parsed and compared like an
  answer, floats within the tolerance); `check_facts` judges each step line by its key.
- *simulated* traces (algorithms with choices, e.g. BFS with any neighbour order): the task walks
  the model's own steps through the algorithm's true state and judges each one (see bfs.py).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rlsynth import StepVerdict
from rlsynth.envs.graphs import answers
from rlsynth.envs.graphs.encoding import Labels

STEP_RE = re.compile(r"^[ \t]*(?P<key>[^=\n<>]{1,120}?)[ \t]*=[ \t]*(?P<value>[^\n]{0,2000}?)"
                     r"[ \t]*$", re.MULTILINE)
MAX_STEPS = 2000


@dataclass(frozen=True)
class StepLine:
    """One `key = value` line of a completion; `span` is its character range."""

    span: tuple[int, int]
    key: str
    value: str


@dataclass(frozen=True)
class Fact:
    """A true intermediate quantity: `key` as the trace writes it, `kind` an answer type."""

    key: str
    kind: str
    value: Any


def step_lines(completion: str) -> list[StepLine]:
    """The `key = value` lines before the final answer block (at most MAX_STEPS)."""
    end = completion.rfind("<answer>")
    if end < 0:
        end = completion.rfind("\\boxed{")
    body = completion if end < 0 else completion[:end]
    lines = []
    for match in STEP_RE.finditer(body):
        key, value = normalise_key(match.group("key")), match.group("value")
        lines.append(StepLine(match.span(), key, value))
        if len(lines) >= MAX_STEPS:
            break
    return lines


def normalise_key(key: str) -> str:
    """Keys compare without case or spaces, so `deg( A )` matches `deg(a)`."""
    return "".join(key.split()).lower()


def write_facts(facts: Iterable[Fact], labels: Labels) -> list[str]:
    """The expert's lines for `facts`."""
    return [f"{fact.key} = {answers.format_value(fact.kind, fact.value, labels)}"
            for fact in facts]


def facts_by_key(facts: Iterable[Fact]) -> dict[str, Fact]:
    """Facts by normalised key (what `check_facts` looks up; worth caching per task)."""
    return {normalise_key(fact.key): fact for fact in facts}


def check_facts(lines: Sequence[StepLine], facts: Iterable[Fact] | dict[str, Fact],
                labels: Labels, directed: bool = False) -> list[StepVerdict]:
    """One verdict per step line: its key must name a true fact and its value must equal it."""
    by_key = facts if isinstance(facts, dict) else facts_by_key(facts)
    verdicts = []
    for line in lines:
        fact = by_key.get(line.key)
        if fact is None:
            verdicts.append(StepVerdict(line.span, False, f"no quantity {line.key!r} in this task"))
            continue
        try:
            given = answers.parse(fact.kind, line.value, labels)
        except answers.ParseError as exc:
            verdicts.append(StepVerdict(line.span, False, str(exc)))
            continue
        reason = answers.compare(fact.kind, fact.value, given, directed)
        verdicts.append(StepVerdict(line.span, reason is None, reason or "ok"))
    return verdicts


def step_ok(line: StepLine, ok: bool, reason: str = "ok") -> StepVerdict:
    return StepVerdict(line.span, ok, reason)


def simulate(lines: Sequence[StepLine],
             step: Callable[[StepLine], str | None]) -> list[StepVerdict]:
    """Judge simulated-trace lines in order. `step(line)` checks one line against the algorithm's
    state (advancing it) and returns None or the reason it is wrong; once a step is wrong the
    state no longer matches the model's, so every later step is judged wrong too."""
    verdicts = []
    broken = False
    for line in lines:
        if broken:
            verdicts.append(StepVerdict(line.span, False, "follows a wrong step"))
            continue
        try:
            reason = step(line)
        except answers.ParseError as exc:
            reason = str(exc)
        broken = reason is not None
        verdicts.append(StepVerdict(line.span, not broken, reason or "ok"))
    return verdicts


def key_node(line: StepLine, verb: str, labels: Labels) -> int:
    """The node of a key `<verb> <node>` (keys are normalised: lower case, no spaces)."""
    if not line.key.startswith(verb):
        raise answers.ParseError(f"expected a step '{verb} <node> = ...', got {line.key!r}")
    v = labels.lookup(line.key[len(verb):])
    if v is None:
        raise answers.ParseError(f"{line.key[len(verb):]!r} is not a node of this graph")
    return v


def key_edge(line: StepLine, verb: str, labels: Labels, edges) -> tuple[int, int]:
    """The edge of a key `<verb> (<u>, <v>)` whose key starts with `verb`; `edges` holds the
    graph's (u, v) pairs, both orientations where undirected (e.g. distances.weights)."""
    ends = answers.parse_nodes(line.key[len(verb):], labels)
    if len(ends) != 2 or tuple(ends) not in edges:
        raise answers.ParseError(f"{line.key[len(verb):]!r} is not an edge")
    return ends[0], ends[1]
