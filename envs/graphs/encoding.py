"""Node labels and the three graph encodings of the prompts.

Labels (knob `labels`): `int` (1..n, G1's form), `letters` (A..Z, AA, AB, ...) or `names` (distinct
first names drawn per task). Encodings (knob `encoding`): `edge_list` (G1's text: "Here is an
undirected graph containing nodes from 1 to 15. The edges are: (1, 15), ..."), `adjacency` (one
line per node with its neighbours) and `incidence` (one natural-language sentence per node).
"""
from __future__ import annotations

import random
import string
from collections.abc import Sequence

LABEL_KINDS = ("int", "letters", "names")
ENCODINGS = ("edge_list", "adjacency", "incidence")

# Distinct case-insensitively, no name is an English filler word the parser skips.
NAMES = (
    "Ada", "Ben", "Cai", "Dan", "Eve", "Fay", "Gus", "Hal", "Ida", "Jon", "Kim", "Lea", "Max",
    "Ned", "Oli", "Pam", "Quin", "Rex", "Sam", "Tom", "Uma", "Vic", "Wes", "Xan", "Yan", "Zoe",
    "Abe", "Bea", "Cal", "Dee", "Eli", "Finn", "Gil", "Hana", "Ivo", "Jay", "Kai", "Liv", "Mia",
    "Nia", "Otto", "Pia", "Ray", "Sia", "Ted", "Ugo", "Vera", "Walt", "Yuri", "Zed",
)


class Labels:
    """The label of each node id 0..n-1 and the reverse lookup (case-insensitive)."""

    def __init__(self, kind: str, names: Sequence[str]) -> None:
        self.kind = kind
        self.names = list(names)
        self.index = {name.lower(): v for v, name in enumerate(self.names)}
        self.exact = {name: v for v, name in enumerate(self.names)}  # lookup's fast path

    @classmethod
    def draw(cls, kind: str, n: int, rng: random.Random) -> Labels:
        if kind == "int":
            return cls(kind, [str(v + 1) for v in range(n)])
        if kind == "letters":
            return cls(kind, [letters(v) for v in range(n)])
        if kind == "names":
            if n > len(NAMES):
                raise ValueError(f"labels='names' supports at most {len(NAMES)} nodes, got {n}; "
                                 "use labels='int' or 'letters' for larger graphs")
            return cls(kind, rng.sample(NAMES, n))
        raise ValueError(f"unknown labels {kind!r}; choose one of {LABEL_KINDS}")

    def __getitem__(self, v: int) -> str:
        return self.names[v]

    def __len__(self) -> int:
        return len(self.names)

    def lookup(self, token: str) -> int | None:
        """The node id a token names, or None. Integer labels also accept "07" for 7."""
        v = self.exact.get(token)
        if v is not None:  # most tokens are written as in the prompt
            return v
        if self.kind == "int":
            if not token.isdigit():
                return None
            token = str(int(token))
        return self.index.get(token.lower())

    def json(self, v: int) -> int | str:
        """A node as it appears in a JSON answer: ints for integer labels, else the label."""
        return v + 1 if self.kind == "int" else self.names[v]

    def sort_key(self, v: int) -> tuple:
        """Ascending label order: numeric for integers, (length, text) for letters, alphabetical
        for names — the order prompts mean by "ascending"."""
        name = self.names[v]
        if self.kind == "int":
            return (int(name),)
        return (len(name), name) if self.kind == "letters" else (name.lower(),)

    def span(self) -> str:
        """How a prompt names the node set: "nodes from 1 to 15", "nodes A to O", or the names."""
        if self.kind == "names":
            return "the nodes " + ", ".join(sorted(self.names, key=str.lower))
        return f"nodes from {self.names[0]} to {self.names[-1]}"


def letters(v: int) -> str:
    """Spreadsheet-style column name: 0 -> A, 25 -> Z, 26 -> AA."""
    name = ""
    v += 1
    while v:
        v, r = divmod(v - 1, 26)
        name = string.ascii_uppercase[r] + name
    return name


def describe(meta: dict, labels: Labels, encoding: str) -> str:
    """The graph of `meta` (see sampling.graph_to_meta) as prompt text in `encoding`."""
    directed, weighted, edges = meta["directed"], meta["weighted"], meta["edges"]
    kind = ("a directed" if directed else "an undirected") + (" weighted" if weighted else "")
    head = f"Here is {kind} graph containing {labels.span()}."
    if encoding == "edge_list":
        if weighted:
            pairs = ", ".join(f"({labels[u]}, {labels[v]}, {w})" for u, v, w in edges)
            note = " Each edge is written (u, v, weight)" + (
                " and points from u to v." if directed else ".")
        else:
            pairs = ", ".join(f"({labels[u]}, {labels[v]})" for u, v, *_ in edges)
            note = " Each edge (u, v) points from u to v." if directed else ""
        return f"{head}{note} The edges are: {pairs}."
    if encoding not in ENCODINGS:
        raise ValueError(f"unknown encoding {encoding!r}; choose one of {ENCODINGS}")
    out: list[list[tuple[int, int | None]]] = [[] for _ in range(meta["n"])]
    for u, v, *w in edges:
        out[u].append((v, w[0] if w else None))
        if not directed:
            out[v].append((u, w[0] if w else None))
    for row in out:
        row.sort(key=lambda item: labels.sort_key(item[0]))
    order = sorted(range(meta["n"]), key=labels.sort_key)
    if encoding == "adjacency":
        what = "the nodes its edges point to" if directed else "its neighbours"
        weight = " with the edge weight in parentheses" if weighted else ""
        lines = [f"{labels[u]}: " + (", ".join(
            labels[v] + (f" ({w})" if weighted else "") for v, w in out[u]) or "(none)")
            for u in order]
        return f"{head} Each line lists a node and {what}{weight}:\n" + "\n".join(lines)
    sentences = [_sentence(labels[u], [(labels[v], w) for v, w in out[u]], directed)
                 for u in order]
    return head + " " + " ".join(sentences)


def _sentence(name: str, row: list[tuple[str, int | None]], directed: bool) -> str:
    """"Node 3 is connected to node 5 (weight 2) and node 7." — one incidence sentence."""
    if not row:
        return f"Node {name} has no {'outgoing edges' if directed else 'neighbours'}."
    parts = [f"node {v}" + (f" (weight {w})" if w is not None else "") for v, w in row]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    verb = "has edges to" if directed else "is connected to"
    return f"Node {name} {verb} {listed}."
