"""Answer types of the graph tasks: one parser, one formatter and one comparison per type.

Types (G1's eight): integer, float, yes_no, node_list, ordered_node_list, edge_list,
ordered_edge_list, mapping. Parsers read what a model writes, tolerant of whitespace, brackets,
separators ("," ";" "-" "->" ":") and label case, and raise ParseError with the reason otherwise.
Values in internal form: node ids 0..n-1, edges as (u, v) tuples, mappings as dicts.

Floats compare with `math.isclose(rel_tol=FLOAT_TOL, abs_tol=FLOAT_TOL)`, FLOAT_TOL = 1e-3; the
prompt asks for FLOAT_DIGITS decimals, whose rounding error (5e-4) stays inside the tolerance.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from rlsynth.envs.graphs.encoding import Labels

ANSWER_TYPES = ("integer", "float", "yes_no", "node_list", "ordered_node_list", "edge_list",
                "ordered_edge_list", "mapping")
SET_TYPES = ("node_list", "edge_list")
FLOAT_TOL = 1e-3
FLOAT_DIGITS = 3

TOKEN_RE = re.compile(r"-?\d+(?:\.\d+)?(?:/\d+)?(?:[eE]-?\d+)?|[A-Za-z][A-Za-z']*")
FRAC_RE = re.compile(r"\\d?frac\{(-?\d+)\}\{(\d+)\}")
NUMBER_RE = re.compile(r"^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$|^-?\d+/\d+$")
# Words a model may write around labels ("nodes 1 and 3", "edge (A, B)"); never label names.
FILLER = frozenset({"node", "nodes", "edge", "edges", "and", "to", "from", "the", "is", "are"})
YES = frozenset({"yes", "true", "y"})
NO = frozenset({"no", "false", "n"})
MAX_ANSWER_CHARS = 20_000


class ParseError(ValueError):
    """The answer text does not have the task's answer form; the message says why."""


def format_sentence(kind: str, directed: bool = False) -> str:
    """What the prompt says about the answer's form (before the tag instruction)."""
    ends = ("the edge (u, v) points from u to v" if directed
            else "the two ends of an edge may be in either order")
    return {
        "integer": "Give the answer as a whole number.",
        "float": f"Give the answer as a decimal number rounded to {FLOAT_DIGITS} decimal places.",
        "yes_no": "Answer Yes or No.",
        "node_list": "Give the nodes as a list in square brackets, e.g. [a, b, c]; "
                     "the order does not matter.",
        "ordered_node_list": "Give the nodes as a list in square brackets, e.g. [a, b, c]; "
                             "the order matters.",
        "edge_list": "Give the edges as a list of pairs, e.g. [(a, b), (c, d)]; the order of "
                     f"the edges does not matter and {ends}.",
        "ordered_edge_list": "Give the edges as a list of pairs, e.g. [(a, b), (c, d)]; the "
                             f"order of the edges matters and {ends}.",
        "mapping": "Give the answer as a mapping in curly braces, e.g. {a: x, b: y}.",
    }[kind]


# --------------------------------------------------------------------------------------------
# Parsing


def parse(kind: str, text: str, labels: Labels, value_labels: Labels | None = None) -> Any:
    """`text` as a value of answer type `kind`; mapping values use `value_labels` if given."""
    if len(text) > MAX_ANSWER_CHARS:
        raise ParseError(f"answer is {len(text)} characters long; the limit is {MAX_ANSWER_CHARS}")
    if kind == "integer":
        value = parse_number(text)
        if value != int(value):
            raise ParseError(f"expected a whole number, got {text[:80]!r}")
        return int(value)
    if kind == "float":
        return float(parse_number(text))
    if kind == "yes_no":
        return parse_yes_no(text)
    if kind in ("node_list", "ordered_node_list"):
        return parse_nodes(text, labels)
    if kind in ("edge_list", "ordered_edge_list"):
        nodes = parse_nodes(text, labels)
        if len(nodes) % 2:
            raise ParseError(f"edges need two ends each, got {len(nodes)} node names")
        return [(nodes[i], nodes[i + 1]) for i in range(0, len(nodes), 2)]
    if kind == "mapping":
        return parse_mapping(text, labels, value_labels or labels)
    raise ParseError(f"unknown answer type {kind!r}")


def parse_number(text: str) -> int | float | Fraction:
    """A single number: "3", "-0.25", "1/3", "\\frac{1}{3}", "2.5e-3", with brackets, `$` and a
    trailing dot allowed. Whole numbers come back as int, fractions as Fraction, else float."""
    cleaned = text.strip().strip("$ ")
    fraction = FRAC_RE.fullmatch(cleaned)
    if fraction:
        cleaned = f"{fraction.group(1)}/{fraction.group(2)}"
    cleaned = cleaned.strip("[](){}$ ").rstrip(".")
    if not NUMBER_RE.match(cleaned):
        raise ParseError(f"expected a number, got {text[:80]!r}")
    try:
        if cleaned.lstrip("-").isdigit():
            return int(cleaned)
        value = Fraction(cleaned) if "/" in cleaned else float(cleaned)
    except (ValueError, ZeroDivisionError) as exc:  # e.g. a 5,000-digit integer, 1/0
        raise ParseError(f"expected a number, got {text[:80]!r}") from exc
    if not math.isfinite(value):
        raise ParseError(f"expected a finite number, got {text[:80]!r}")
    return value


def parse_yes_no(text: str) -> bool:
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", text)]
    if len(words) == 1 and words[0] in YES | NO:
        return words[0] in YES
    raise ParseError(f"expected Yes or No, got {text[:80]!r}")


def parse_nodes(text: str, labels: Labels) -> list[int]:
    """Every label token in order (fillers such as "node" or "and" skipped)."""
    nodes = []
    for token in TOKEN_RE.findall(text):
        v = labels.lookup(token)
        if v is None:
            if token.lower() in FILLER:
                continue
            raise ParseError(f"{token!r} is not a node of this graph")
        nodes.append(v)
    return nodes


def parse_mapping(text: str, keys: Labels, values: Labels) -> dict[int, int]:
    """"{a: x, b: y}", "a->x, b->y" or "(a, x), (b, y)": pairs of key then value."""
    tokens = [t for t in TOKEN_RE.findall(text) if t.lower() not in FILLER]
    if len(tokens) % 2:
        raise ParseError(f"a mapping needs key: value pairs, got {len(tokens)} names")
    mapping: dict[int, int] = {}
    for key_token, value_token in zip(tokens[::2], tokens[1::2]):
        key, value = keys.lookup(key_token), values.lookup(value_token)
        if key is None or value is None:
            bad = key_token if key is None else value_token
            raise ParseError(f"{bad!r} is not a node of this graph")
        if key in mapping:
            raise ParseError(f"node {key_token!r} is mapped twice")
        mapping[key] = value
    return mapping


# --------------------------------------------------------------------------------------------
# Formatting (the expert's text) and JSON answers


def format_value(kind: str, value: Any, labels: Labels, value_labels: Labels | None = None) -> str:
    """The canonical text of a value, which `parse` reads back to the same value."""
    if kind == "integer":
        return str(int(value))
    if kind == "float":
        return f"{value:.{FLOAT_DIGITS}f}"
    if kind == "yes_no":
        return "Yes" if value else "No"
    if kind in ("node_list", "ordered_node_list"):
        return "[" + ", ".join(labels[v] for v in value) + "]"
    if kind in ("edge_list", "ordered_edge_list"):
        return "[" + ", ".join(f"({labels[u]}, {labels[v]})" for u, v in value) + "]"
    if kind == "mapping":
        value_labels = value_labels or labels
        return "{" + ", ".join(f"{labels[k]}: {value_labels[v]}" for k, v in value.items()) + "}"
    raise ValueError(f"unknown answer type {kind!r}; choose one of {ANSWER_TYPES}")


def to_json(kind: str, value: Any, labels: Labels, value_labels: Labels | None = None) -> Any:
    """The reference answer as stored in `Task.answer`: nodes by label, floats to 6 places."""
    if kind == "integer":
        return int(value)
    if kind == "float":
        return round(float(value), 6)
    if kind == "yes_no":
        return "Yes" if value else "No"
    if kind in ("node_list", "ordered_node_list"):
        return [labels.json(v) for v in value]
    if kind in ("edge_list", "ordered_edge_list"):
        return [[labels.json(u), labels.json(v)] for u, v in value]
    if kind == "mapping":
        value_labels = value_labels or labels
        return {labels[k]: value_labels.json(v) for k, v in value.items()}
    raise ValueError(f"unknown answer type {kind!r}; choose one of {ANSWER_TYPES}")


def from_json(kind: str, answer: Any, labels: Labels, value_labels: Labels | None = None) -> Any:
    """Inverse of `to_json` (the internal value of a stored reference)."""
    if kind == "integer":
        return int(answer)
    if kind == "float":
        return float(answer)
    if kind == "yes_no":
        return answer == "Yes"
    node = labels.lookup
    if kind in ("node_list", "ordered_node_list"):
        return [node(str(v)) for v in answer]
    if kind in ("edge_list", "ordered_edge_list"):
        return [(node(str(u)), node(str(v))) for u, v in answer]
    if kind == "mapping":
        value_labels = value_labels or labels
        return {node(str(k)): value_labels.lookup(str(v)) for k, v in answer.items()}
    raise ValueError(f"unknown answer type {kind!r}; choose one of {ANSWER_TYPES}")


# --------------------------------------------------------------------------------------------
# Comparison


def compare(kind: str, reference: Any, given: Any, directed: bool = False) -> str | None:
    """None when `given` equals `reference` for this type, else the reason it does not.

    Node and edge lists of the unordered types compare as sets (a repeated element is wrong);
    undirected edges compare without orientation.
    """
    if kind == "float":
        if math.isclose(given, reference, rel_tol=FLOAT_TOL, abs_tol=FLOAT_TOL):
            return None
        return f"{given:g} differs from the expected value by more than the tolerance {FLOAT_TOL}"
    if kind in ("integer", "yes_no", "mapping", "ordered_node_list"):
        return None if given == reference else "wrong answer"
    if kind == "node_list":
        if len(set(given)) != len(given):
            return "a node is listed twice"
        return None if set(given) == set(reference) else "wrong set of nodes"
    edge = (lambda e: tuple(e)) if directed else (lambda e: frozenset(e))
    if kind == "edge_list":
        given_set = {edge(e) for e in given}
        if len(given_set) != len(given):
            return "an edge is listed twice"
        return None if given_set == {edge(e) for e in reference} else "wrong set of edges"
    if kind == "ordered_edge_list":
        return None if [edge(e) for e in given] == [edge(e) for e in reference] else "wrong answer"
    return f"unknown answer type {kind!r}"


def jaccard(reference: Any, given: Any, kind: str, directed: bool = False) -> float:
    """|A ∩ B| / |A ∪ B| of two node or edge sets (the opt-in partial credit)."""
    edge: Callable = (lambda e: e) if kind == "node_list" else (
        (lambda e: tuple(e)) if directed else (lambda e: frozenset(e)))
    a, b = {edge(e) for e in reference}, {edge(e) for e in given}
    return len(a & b) / len(a | b) if a | b else 1.0
