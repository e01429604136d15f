"""Lean 4 through the REPL JSON protocol (leanprover-community/repl), as Goedel-Prover-V2 and
DeepSeek-Prover run it: `lake exe repl` inside a Lean project, the header (imports) elaborated
once as environment 0, then each proof sent as `{"cmd": <code>, "env": 0}`.

The checker builds the code itself, `theorem goal_<nonce> <statement> := by <proof>` followed by
`#print axioms goal_<nonce>`, and accepts only when Lean reports no error, no `sorry`, and
axioms within {propext, Classical.choice, Quot.sound} (`native_decide` adds Lean.ofReduceBool,
`sorry` adds sorryAx: both refused). The proof body may not contain commands or escape hatches
(see FORBIDDEN). A timeout kills the REPL; the next check starts a new one and re-imports.

No Lean toolchain installs from this project's registries (shared/notes/proof-checkers.md), so
this backend is enabled only where `lean --version` succeeds; tests drive it with a fake REPL
that replays the protocol. envs/prover/README.md shows how to point it at a Mathlib project.
"""
from __future__ import annotations

import functools
import json
import os
import re
import select
import signal
import subprocess
import time
from collections.abc import Sequence

from rlsynth.envs.prover.checker import ProofChecker, ProofResult, goal_name

LEAN_HEADER = ("import Mathlib\nimport Aesop\n\nset_option maxHeartbeats 400000\n\n"
               "open BigOperators Real Nat Topology Rat\n")
ALLOWED_LEAN_AXIOMS = frozenset({"propext", "Classical.choice", "Quot.sound"})
# Commands end the `by` block and could declare or change things; the rest leave goals unproved
# (sorry, admit) or search instead of proving (apply?, exact?, as Goedel-Prover-V2 refuses).
FORBIDDEN = re.compile(
    r"(?<![\w.'])(sorry|admit|axiom|theorem|lemma|def|example|instance|structure|class|"
    r"inductive|abbrev|import|set_option|open|namespace|section|end|variable|universe|macro|"
    r"macro_rules|syntax|elab|elab_rules|notation|infix|infixl|infixr|prefix|postfix|"
    r"attribute|run_cmd|run_tac|run_elab|unsafe|opaque|implemented_by|extern|mutual|"
    r"noncomputable|private|protected|local|scoped|deriving)(?![\w'!?])"
    r"|apply\?|exact\?|rw\?|simp\?|#|@\[")
MAX_OUTPUT_BYTES = 16 << 20
_AXIOMS_RE = re.compile(r"'([^']+)' depends on axioms: \[(.*?)\]", re.S)


class LeanUnavailable(RuntimeError):
    """`lean --version` does not succeed where the checker was pointed."""


@functools.lru_cache(maxsize=None)
def lean_available(project: str = ".") -> bool:
    """True when `lean --version` exits 0 in `project` (elan's stub `lean` alone does not)."""
    try:
        return subprocess.run(["lean", "--version"], cwd=project, capture_output=True,
                              timeout=60).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def theorem_code(name: str, statement: str, proof: str, preamble: str = "") -> str:
    """The command sent to the REPL; `preamble` is trusted task text (e.g. `open Finset`)."""
    body = "\n".join("  " + line for line in proof.strip("\n").splitlines())
    head = f"{preamble.strip()}\n\n" if preamble.strip() else ""
    return f"{head}theorem {name} {statement} := by\n{body}\n\n#print axioms {name}"


def guard_lean_proof(proof: str) -> str | None:
    """The reason the proof body is refused, or None when it may be sent."""
    if not proof.strip():
        return "the proof body is empty"
    found = FORBIDDEN.search(proof)
    if found:
        return f"{found.group(0)!r} is not allowed in a proof body (tactics only)"
    if any(ord(ch) < 32 and ch not in "\n\t\r" for ch in proof):
        return "control characters are not allowed in a proof body"
    return None


def judge_response(name: str, response: dict) -> tuple[bool, tuple[str, ...], tuple[str, ...]]:
    """(ok, messages, axioms) from a REPL reply, by Goedel-Prover-V2's `complete` rule plus the
    axiom allow-list."""
    messages = response.get("messages") or []
    errors = [m.get("data", "") for m in messages if m.get("severity") == "error"]
    if "message" in response:  # the REPL's own error (bad JSON, unknown env)
        errors.insert(0, str(response["message"]))
    if errors:
        return False, tuple(errors), ()
    if response.get("sorries"):
        return False, ("the proof leaves a sorry",), ()
    for m in messages:
        data = m.get("data", "")
        if m.get("severity") == "warning" and ("declaration uses 'sorry'" in data or "failed" in data):
            return False, (data,), ()
    axioms: tuple[str, ...] | None = None
    for m in messages:
        data = m.get("data", "")
        found = _AXIOMS_RE.search(data)
        if found and found.group(1) == name:
            axioms = tuple(a.strip() for a in found.group(2).split(",") if a.strip())
        elif f"'{name}' does not depend on any axioms" in data:
            axioms = ()
    if axioms is None:
        return False, ("no #print axioms output for the goal",), ()
    banned = [a for a in axioms if a not in ALLOWED_LEAN_AXIOMS]
    if banned:
        return False, (f"proof depends on disallowed axioms: {', '.join(banned)}",), axioms
    return True, (), axioms


class LeanRepl:
    """One REPL process with the header loaded as `self.env`."""

    def __init__(self, command: Sequence[str], cwd: str, header: str,
                 startup_timeout: float = 600.0) -> None:
        self.proc = subprocess.Popen(list(command), cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        self._buffer = b""
        try:
            reply = self.send({"cmd": header}, time.monotonic() + startup_timeout)
        except BaseException:
            self.kill()
            raise
        errors = [m.get("data") for m in reply.get("messages") or [] if m.get("severity") == "error"]
        if errors or "env" not in reply:
            self.kill()
            raise LeanUnavailable(f"the REPL rejected the header: {errors or reply}")
        self.env = reply["env"]

    def send(self, request: dict, deadline: float) -> dict:
        """One request and its reply (the REPL separates both by a blank line)."""
        try:
            self.proc.stdin.write(json.dumps(request).encode() + b"\n\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise ConnectionError(f"the REPL exited (exit code {self.proc.poll()})") from exc
        fd = self.proc.stdout.fileno()
        while True:
            text = self._buffer.lstrip()
            end = text.find(b"\n\n")
            if end >= 0:
                self._buffer = text[end + 2:]
                return json.loads(text[:end])
            if len(self._buffer) > MAX_OUTPUT_BYTES:
                raise ConnectionError(f"the REPL printed over {MAX_OUTPUT_BYTES} bytes")
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise TimeoutError
            data = os.read(fd, 1 << 16)
            if not data:
                if self._buffer.strip():  # a last reply without its blank line
                    text, self._buffer = self._buffer, b""
                    return json.loads(text)
                raise ConnectionError(f"the REPL exited (exit code {self.proc.poll()})")
            self._buffer += data

    def kill(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait()


class LeanChecker(ProofChecker):
    """Check Lean 4 proofs through a warm REPL in `project` (a Lean + Mathlib project).

    `repl` is the command that starts the REPL in `project` (default `lake exe repl`, with the
    REPL as a dependency of the project; `lake env <path>/repl` also works). `statement` is what
    follows the theorem name: binders, hypotheses, `: goal`.
    """

    name = "lean-repl"

    def __init__(self, project: str = ".", repl: Sequence[str] = ("lake", "exe", "repl"),
                 header: str = LEAN_HEADER, check_toolchain: bool = True) -> None:
        if check_toolchain and not lean_available(project):
            raise LeanUnavailable(f"`lean --version` fails in {project!r}: install a Lean 4 "
                                  "toolchain (elan) and build the project first")
        self.project, self.repl_command, self.header = project, tuple(repl), header
        self._repl: LeanRepl | None = None
        self.restarts = 0

    def check(self, statement: str, proof: str, timeout: float = 60.0, *,
              preamble: str = "") -> ProofResult:
        start = time.monotonic()
        refused = guard_lean_proof(proof)
        if refused:
            return ProofResult(False, (f"rejected: {refused}",), elapsed=time.monotonic() - start)
        name = goal_name()
        code = theorem_code(name, statement, proof, preamble)
        try:
            if self._repl is None:
                self._repl = LeanRepl(self.repl_command, self.project, self.header)
            reply = self._repl.send({"cmd": code, "env": self._repl.env}, start + timeout)
        except TimeoutError:
            self._restart()
            return ProofResult(False, (f"timeout: the check ran past {timeout:g} s",),
                               elapsed=time.monotonic() - start)
        except (ConnectionError, ValueError, LeanUnavailable) as exc:  # ValueError: not JSON
            self._restart()
            return ProofResult(False, (f"checker crashed: {exc}",),
                               elapsed=time.monotonic() - start)
        ok, messages, axioms = judge_response(name, reply)
        return ProofResult(ok, messages, elapsed=time.monotonic() - start, axioms=axioms,
                           info={"env": reply.get("env")})

    def close(self) -> None:
        if self._repl is not None:
            self._repl.kill()
            self._repl = None

    def _restart(self) -> None:
        self.close()
        self.restarts += 1
