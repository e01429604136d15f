"""The proof-body guard for Coq: turn a model's proof text into checked tactic sentences, or refuse.

The checker builds the Coq file itself (header, the goal under a nonce name, these sentences,
`Qed.`, `Print Assumptions`), so the only thing a model controls is this body. The rules:

- Comments `(* ... *)` (nested, as in Coq) are blanked to spaces before anything else, so text a
  comment hides never reaches Coq; an unterminated comment is refused.
- String literals (`"`) are refused: Coq lexes `(*` and `.` inside strings differently, and no
  proof needs one (`idtac "..."` is the only use, and it could spoof checker output).
- The body splits into sentences the way Coq's lexer does: a period followed by blank or end of
  text ends a sentence; bullets (`-`, `+`, `*`, repeated) and braces `{` `}` are sentences alone.
- Every sentence must be a tactic. Coq's vernacular commands are capitalised (`Qed`, `Admitted`,
  `Abort`, `Axiom`, `Require`, `Set`, `Ltac`, `Section`, `Fail`, `Timeout`, ...) and tactics are
  lower case, so a sentence whose head word (after a goal selector such as `2:` or `all:`) starts
  with a capital letter, `#` or `@` is refused. Ltac definitions are therefore refused too; use
  `let`/`match goal` inline.
- `admit`, `give_up` and `sorry` are refused anywhere in the body.
- What models copy from the prompt is tolerated and dropped (never sent): leading imports of
  modules the header already loads, `Import ListNotations.`, `Open Scope ...`, the theorem line
  itself when its statement is exactly the task's (any other statement is refused), a leading
  `Proof.` and a trailing `Qed.`/`Defined.`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BODY_CHARS = 20_000
MAX_SENTENCES = 400

FORBIDDEN_WORDS = ("admit", "give_up", "sorry")
_FORBIDDEN_RE = re.compile(r"(?<![\w.'])(" + "|".join(FORBIDDEN_WORDS) + r")(?![\w'])")
# A goal selector before a tactic: `2:`, `1-3:`, `all:`, `par:`, `!:`, `[n]:`.
_SELECTOR_RE = re.compile(r"^\s*(?:\d+(?:\s*-\s*\d+)?(?:\s*,\s*\d+(?:\s*-\s*\d+)?)*|all|par|!|\[\w+\])\s*:")
_HEAD_RE = re.compile(r"^\s*([^\s(\[{;|]*)")
HEADER_MODULES = frozenset({"Arith", "Lia", "ZArith", "List", "Reals", "Lra", "Psatz", "Bool"})
_IMPORT_RE = re.compile(r"^(?:From\s+Coq\s+)?Require\s+(?:Import|Export)\s+([\w.\s]+)\.$")
_SCOPE_RE = re.compile(r"^(?:Local\s+)?Open\s+Scope\s+\w+\.$")
_RESTATED_RE = re.compile(r"^(?:Theorem|Lemma|Example|Proposition|Corollary|Fact|Remark)\s+"
                          r"[\w']+\s*:\s*(.*)\.$", re.S)


class ProofRejected(ValueError):
    """The body breaks a guard rule; the message is the reason shown to the model."""


@dataclass(frozen=True)
class Sentence:
    """One tactic sentence: its text as sent to Coq and its [start, end) span in the source."""

    text: str
    span: tuple[int, int]


def parse_body(body: str, offset: int = 0, statement: str | None = None) -> list[Sentence]:
    """The body's tactic sentences, spans shifted by `offset`; raises ProofRejected with the rule.

    `statement` is the task's: a restated theorem line is dropped only when it matches it.
    """
    if len(body) > MAX_BODY_CHARS:
        raise ProofRejected(f"proof is {len(body)} characters; at most {MAX_BODY_CHARS} allowed")
    if any(ord(ch) < 32 and ch not in "\n\t\r" for ch in body):
        raise ProofRejected("control characters are not allowed in a proof body")
    try:
        body.encode("utf-8")
    except UnicodeEncodeError:
        raise ProofRejected("the proof is not valid UTF-8 text (it has lone surrogates)") from None
    if '"' in body:
        raise ProofRejected('string literals (") are not allowed in a proof body')
    blank = blank_comments(body)
    sentences = drop_copied_prologue(split_sentences(blank, offset), statement)
    if sentences and sentences[0].text == "Proof.":
        sentences = sentences[1:]
    if sentences and sentences[-1].text in ("Qed.", "Defined."):
        sentences = sentences[:-1]
    if not sentences:
        raise ProofRejected("the proof body is empty; write the tactics between Proof. and Qed.")
    if len(sentences) > MAX_SENTENCES:
        raise ProofRejected(f"proof has {len(sentences)} sentences; at most {MAX_SENTENCES}")
    for sentence in sentences:
        check_sentence(sentence.text)
    return sentences


def drop_copied_prologue(sentences: list[Sentence], statement: str | None) -> list[Sentence]:
    """Drop leading header lines and an unchanged theorem line; refuse a changed theorem."""
    for i, sentence in enumerate(sentences):
        text = " ".join(sentence.text.split())
        imported = _IMPORT_RE.match(text)
        if (imported and set(imported.group(1).split()) <= HEADER_MODULES
                or text == "Import ListNotations." or _SCOPE_RE.match(text)):
            continue
        restated = _RESTATED_RE.match(text)
        if restated and statement is not None:
            if restated.group(1).split() != statement.split():
                raise ProofRejected("the proof restates a different theorem; keep the statement "
                                    "exactly as given, or write only the tactics")
            return sentences[i + 1:]
        return sentences[i:]
    return []


def blank_comments(text: str) -> str:
    """`text` with every (nested) Coq comment replaced by spaces, offsets kept."""
    out = list(text)
    depth, i, start = 0, 0, 0
    while i < len(text):
        pair = text[i:i + 2]
        if pair == "(*":
            if depth == 0:
                start = i
            depth, i = depth + 1, i + 2
        elif pair == "*)" and depth > 0:
            depth, i = depth - 1, i + 2
            if depth == 0:
                out[start:i] = " " * (i - start)
        else:
            i += 1
    if depth:
        raise ProofRejected("unterminated comment: every '(*' needs a matching '*)'")
    return "".join(out)


def split_sentences(text: str, offset: int = 0) -> list[Sentence]:
    """Coq's sentence split of comment-free text; a trailing fragment without '.' is refused."""
    sentences, i, n = [], 0, len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            return sentences
        if text[i] in "-+*":  # a bullet is a run of one bullet character
            j = i
            while j < n and text[j] == text[i]:
                j += 1
        elif text[i] in "{}":
            j = i + 1
        else:
            j = i
            while j < n and not (text[j] == "." and (j + 1 == n or text[j + 1].isspace())):
                j += 1
            if j >= n:
                fragment = text[i:].strip()
                raise ProofRejected(f"the proof ends with an unfinished sentence {fragment[:60]!r};"
                                    " end every tactic with a period")
            j += 1
        sentences.append(Sentence(text[i:j], (offset + i, offset + j)))
        i = j


def check_sentence(text: str) -> None:
    """Raise ProofRejected unless `text` is a tactic sentence that no guard rule refuses."""
    found = _FORBIDDEN_RE.search(text)
    if found:
        raise ProofRejected(f"'{found.group(1)}' is not allowed: it leaves the goal unproved")
    rest = text
    selector = _SELECTOR_RE.match(rest)
    if selector:
        rest = rest[selector.end():]
    head = _HEAD_RE.match(rest).group(1)
    if head[:1].isupper() or head[:1] in ("#", "@"):
        raise ProofRejected(f"vernacular command {head.rstrip('.')!r} is not allowed in a proof "
                            "body; write tactics only (Coq commands are capitalised)")
