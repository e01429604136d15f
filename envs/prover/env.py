"""`prover/coq`: prove a Coq theorem; the reward is 1 only when Coq accepts the whole proof.

Tasks come from the synthetic generator (default; lemmas composed by level, proofs known by
construction) or from the bundled held-out set (`source="heldout"`). The completion's proof is
the last ```coq block (or <answer>...</answer>); the checker builds the file around it (see
coq.py) and steps through it tactic by tactic, so each tactic sentence gets a step verdict.
"""
from __future__ import annotations

import random
import re
from collections.abc import Mapping
from typing import Any

from rlsynth import Env, Knob, Problem, StepVerdict, Task, Verdict, register
from rlsynth.envs.prover.checker import ProofResult
from rlsynth.envs.prover.coq import HEADER, CoqOneShot, coq_available, default_pool
from rlsynth.envs.prover.coq_script import FORBIDDEN_WORDS, ProofRejected, parse_body
from rlsynth.envs.prover.heldout import heldout_problems, problems_at
from rlsynth.envs.prover.synthetic import FAMILIES, LIST_LEMMAS, SCHEMATA, make_theorem

# Seconds per proof: generous for stdlib tactics (expert proofs take < 1 s), short for RL
# throughput, and under rlsynth.verify's default 10 s item timeout so a slow proof gets a
# "timeout" verdict from the checker instead of a killed verifier worker.
CHECK_TIMEOUT = 8.0
NO_CHECKER = "no proof checker installed (install Coq: apt-get install coq)"
LEVELS = {1: (1, 1), 2: (1, 2), 3: (2, 2), 4: (3, 3), 5: (4, 4)}  # level -> (parts, size)

PROMPT = """Prove the following theorem in Coq 8.16 (standard library only).

{header}
Theorem problem : {statement}.

Write the proof script, the tactics that go between `Proof.` and `Qed.`, in a ```coq fenced \
block or inside <answer></answer>. End every tactic with a period; bullets (- + *) and braces \
are allowed. Only tactics are accepted: no commands such as Qed, Admitted, Abort, Require, \
Lemma or Ltac, no {forbidden}, no string literals."""

_FENCE_HEADER_RE = re.compile(r"[ \t]*(?:coq|rocq|v)?[ \t]*\n", re.I)


@register
class CoqProverEnv(Env):
    name = "prover/coq"
    description = "Prove a Coq theorem (composed synthetic lemmas or held-out competition problems)"
    version = "1"
    max_level = 5
    default_level = 1
    knobs = {
        "source": Knob(str, "synthetic", "synthetic theorems or the bundled held-out set",
                       choices=("synthetic", "heldout")),
        "family": Knob(str, "mixed", "lemma family of synthetic theorems ('mixed' draws each)",
                       choices=("mixed", *FAMILIES)),
        "parts": Knob(int, None, "lemmas conjoined into one synthetic theorem", low=1, high=4),
        "size": Knob(int, None, "size of each synthetic lemma", low=1, high=4),
        "scaffold": Knob(bool, False, "pose one piece of the composed theorem: one of its "
                         "lemmas or a subgoal inside a lemma's proof"),
    }
    presets = {
        "easy": {"level": 1},
        "medium": {"level": 3},
        "hard": {"level": 5},
        "heldout": {"level": 3, "source": "heldout"},
    }
    generation_time_bound = 0.01  # pure Python string building, no Coq call: ~0.5 ms at level 5
    verify_cost_s = 0.05  # a warm check: ~5-50 ms; tells rlsynth.verify to use its worker pool
    # The answer is the reference proof; within a level the generic ones (`intros. tauto.`)
    # recur, which bounds what one fixed proof can win.
    max_answer_share = 0.35

    @classmethod
    def unavailable(cls) -> str | None:
        return None if coq_available() else NO_CHECKER

    def level_knobs(self, level: int) -> dict:
        parts, size = LEVELS[level]
        return {"parts": parts, "size": size}

    # -- generation ------------------------------------------------------------------------

    def generate(self, rng: random.Random, level: int, knobs: Mapping[str, Any]) -> Problem:
        if knobs["source"] == "heldout":
            problem = rng.choice(problems_at(level))
            meta = {"source": "heldout", "name": problem["name"], "topic": problem["topic"],
                    "difficulty": float(problem["level"])}
            return self._problem(problem["statement"], problem["preamble"], problem["proof"], meta)
        theorem = make_theorem(rng, knobs["family"], knobs["parts"], knobs["size"],
                               knobs["scaffold"])
        meta = {"source": "synthetic", "difficulty": theorem.difficulty,
                "families": [lemma.family for lemma in theorem.lemmas],
                "subgoals": [{"family": lemma.family, "statement": lemma.statement,
                              "difficulty": lemma.difficulty} for lemma in theorem.lemmas]}
        return self._problem(theorem.statement, theorem.preamble, theorem.proof, meta)

    @staticmethod
    def _problem(statement: str, preamble: str, proof: str, meta: dict) -> Problem:
        header = HEADER + (f"{preamble}\n" if preamble else "")
        prompt = PROMPT.format(header=header, statement=statement,
                               forbidden="/".join(FORBIDDEN_WORDS))
        meta = {**meta, "statement": statement, "preamble": preamble, "timeout": CHECK_TIMEOUT}
        return Problem(prompt=prompt, answer=proof, meta=meta)

    # -- verification ----------------------------------------------------------------------

    def verify(self, task: Task, completion: str) -> Verdict:
        try:
            return self._verify(task, completion)
        except Exception as exc:  # noqa: BLE001 - a verifier never raises on a model's output
            return Verdict.failure(f"verifier error: {type(exc).__name__}: {exc}")

    def _verify(self, task: Task, completion: str) -> Verdict:
        if not isinstance(completion, str):
            return Verdict.failure(f"completion must be a string, got {type(completion).__name__}")
        found = extract_proof(completion)
        if found is None:
            return Verdict.failure("no proof found: put the tactics in a ```coq block or "
                                   "<answer></answer>")
        proof, offset = found
        try:
            sentences = parse_body(proof, offset, task.meta["statement"])
        except ProofRejected as rejected:
            return Verdict.failure(f"rejected: {rejected}")
        if not coq_available():
            return Verdict.failure(NO_CHECKER, format_ok=True)
        result = check_proof(task.meta["statement"], proof,
                             float(task.meta.get("timeout", CHECK_TIMEOUT)),
                             task.meta.get("preamble", ""))
        return Verdict(correct=result.ok, score=1.0 if result.ok else 0.0, format_ok=True,
                       steps=step_verdicts(sentences, result, offset), error=result.error,
                       info={"messages": list(result.messages), "axioms": list(result.axioms)})

    def expert(self, task: Task) -> str:
        return f"```coq\n{task.answer}\n```"

    def revision_prompt(self, task: Task, completion: str, verdict: Verdict) -> str:
        """A follow-up prompt with the checker's error, the failing tactic marked (self-correction
        as in Goedel-Prover-V2, with <error></error> around the span Coq rejected)."""
        found = extract_proof(completion)
        proof, offset = found if found else (completion[-2000:], max(0, len(completion) - 2000))
        failing = next((s for s in verdict.steps or () if not s.ok), None)
        if failing is not None:
            start, end = failing.span[0] - offset, failing.span[1] - offset
            if 0 <= start <= end <= len(proof):
                proof = f"{proof[:start]}<error>{proof[start:end]}</error>{proof[end:]}"
        return (f"{task.prompt}\n\nYour previous proof:\n```coq\n{proof.strip()}\n```\n\n"
                f"It was not accepted. Checker message: {verdict.error or 'none'}\n\n"
                "Analyse the error, then write a corrected proof in the same format.")

    def vocab(self) -> list[str]:
        texts = [PROMPT, HEADER, *SCHEMATA, *(t for t, _, _, _ in LIST_LEMMAS),
                 *(" ".join(p) for _, p, _, _ in LIST_LEMMAS),
                 *(p["statement"] + " " + p["proof"] + " " + p["preamble"]
                   for p in heldout_problems()),
                 "intros split lia lra nra nia ring field tauto intuition induction simpl rewrite "
                 "apply exact reflexivity change with as in pose proof unfold Rsqr Rle_0_sqr "
                 "Nat.iter fun forall Prop nat Z R list bool IH H Hs x y n m k a b c d e"]
        tokens = {t for text in texts for t in re.findall(r"[A-Za-z_][\w'.]*|\d+|\S", text)}
        tokens.update(str(i) for i in range(100))
        return sorted(tokens)


def extract_proof(completion: str) -> tuple[str, int] | None:
    """The proof text and its offset in the completion: whichever comes last of the last ```coq
    (or unlabelled) block and the last <answer> block. Linear time (no backtracking regex), so
    megabytes of unclosed tags cost milliseconds."""
    blocks = []
    fences = completion.split("```")
    position = len(fences[0]) + 3
    for i in range(1, len(fences) - 1, 2):  # segments between an opening and a closing fence
        header = _FENCE_HEADER_RE.match(fences[i])
        if header:
            blocks.append((fences[i][header.end():], position + header.end()))
        position += len(fences[i]) + 3 + len(fences[i + 1]) + 3
    end = completion.rfind("</answer>")
    start = completion.rfind("<answer>", 0, end) if end >= 0 else -1
    if start >= 0:
        blocks.append((completion[start + len("<answer>"):end], start + len("<answer>")))
    return max(blocks, key=lambda block: block[1]) if blocks else None


def step_verdicts(sentences, result: ProofResult, offset: int) -> tuple[StepVerdict, ...] | None:
    """One step per tactic sentence; sentences after a failure are 'not reached'."""
    if not result.tactics and not result.ok:
        return None  # the check stopped before any tactic ran (timeout, statement error)
    steps = []
    for i, sentence in enumerate(sentences):
        if i < len(result.tactics):
            tactic = result.tactics[i]
            steps.append(StepVerdict(sentence.span, tactic.ok, tactic.message))
        else:
            steps.append(StepVerdict(sentence.span, result.ok,
                                     "" if result.ok else "not reached: an earlier tactic failed"))
    return tuple(steps)


_ONE_SHOT = CoqOneShot()


def check_proof(statement: str, proof: str, timeout: float, preamble: str) -> ProofResult:
    """Check through this process's warm pool; one-shot coqc when coqtop cannot start."""
    try:
        return default_pool().check(statement, proof, timeout, preamble=preamble)
    except (OSError, RuntimeError):  # worker start-up failed (TimeoutError is an OSError)
        return _ONE_SHOT.check(statement, proof, timeout, preamble=preamble)
