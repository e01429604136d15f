"""The Coq backend: one-shot `coqc` checks and a pool of warm `coqtop` workers.

Both paths check the same file the checker builds itself:

    <HEADER>                      Require Import ... (fixed; paid once per warm worker)
    <preamble>                    trusted task text, e.g. Open Scope Z_scope.
    Theorem goal_<nonce> : <statement>.
    Proof.  <the model's tactic sentences, guarded by coq_script>  Qed.
    Print Assumptions goal_<nonce>.

and accept only when Coq accepts `Qed` and every axiom the proof uses is in ALLOWED_AXIOMS.

Warm protocol (why `coqtop -emacs`): Debian ships no SerAPI / coq-lsp, and `coqidetop`'s XML
protocol needs a document model we do not need. `coqtop -emacs` ends every command's output with a
`<prompt>name < state |...| depth < </prompt>` marker, but one input sentence can yield several
prompts (a bullet and its tactic are two commands). So after each sentence the worker sends
`Check sync_<random>.`, a command that fails with an error naming that random identifier, and
reads until that error's prompt: everything before it belongs to the sentence, whatever Coq's own
count of commands was, and a model cannot forge the marker because it never sees the name.
Between checks the worker jumps back to the state after the header with `BackTo <state>`, so
nothing a check declares survives it. A timeout, a crash or flooded output kills the worker
(coqtop stays in the caller's process group, so a verifier pool that kills its own hung
worker takes it too); the pool starts a fresh worker for the next check.
"""
from __future__ import annotations

import atexit
import functools
import os
import queue
import re
import select
import shutil
import subprocess
import tempfile
import threading
import time

from rlsynth.envs.prover.checker import ProofChecker, ProofResult, TacticResult, goal_name
from rlsynth.envs.prover.coq_script import ProofRejected, parse_body

HEADER = ("Require Import Arith Lia ZArith List Reals Lra Psatz Bool.\n"
          "Import ListNotations.\n")
# Axioms a stdlib proof may legitimately depend on: the Reals library's own (stdlib Reals are
# built on constructive reals plus these), functional extensionality, and excluded middle.
ALLOWED_AXIOMS = frozenset({
    "ClassicalDedekindReals.sig_forall_dec",
    "ClassicalDedekindReals.sig_not_dec",
    "FunctionalExtensionality.functional_extensionality_dep",
    "Classical_Prop.classic",
})
# Run once per warm worker so the first check does not pay for loading the tactics' plugins and
# lemmas. (Print Assumptions is left out: it re-walks the dependencies on every call anyway.)
WARMUP = (
    "Open Scope Z_scope.",
    "Theorem warmup_z : forall x y : Z, x < y -> (x + y)^2 = x^2 + 2*x*y + y^2 /\\ x + 1 <= y.",
    "Proof.", "intros x y H.", "split.", "ring.", "lia.", "Qed.",
    "Open Scope R_scope.",
    "Theorem warmup_r : forall x : R, 0 <= x -> 0 <= x * x + 2 * x.",
    "Proof.", "intros x H.", "nra.", "Qed.",
)
MAX_OUTPUT_BYTES = 4 << 20
_PROMPT_RE = re.compile(rb"<prompt>\S* < (\d+) \|[^|]*\| \d+ < </prompt>")
_ERROR_RE = re.compile(r"^Error:(.*?)(?=\n\n|\Z)", re.M | re.S)
_TAG_RE = re.compile(r"<infomsg>.*?</infomsg>|<prompt>.*?</prompt>", re.S)
_PROMPT_TEXT_RE = re.compile(r"<prompt>.*?</prompt>", re.S)


@functools.lru_cache(maxsize=None)
def coq_available() -> bool:
    """True when `coqc` and `coqtop` run (`apt-get install coq` provides both)."""
    if not (shutil.which("coqc") and shutil.which("coqtop")):
        return False
    try:
        return subprocess.run(["coqc", "--version"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def theorem_file(name: str, statement: str, sentences: list[str], preamble: str = "") -> str:
    """The whole file the one-shot path compiles (the warm path sends the same sentences)."""
    body = "\n".join(sentences)
    return (f"{HEADER}{preamble}\nTheorem {name} : {statement}.\nProof.\n{body}\nQed.\n"
            f"Print Assumptions {name}.\n")


def parse_axioms(output: str) -> tuple[str, ...] | None:
    """Axiom names from `Print Assumptions` output; None when the output has neither form."""
    output = _TAG_RE.sub("", output)
    if "Closed under the global context" in output:
        return ()
    start = output.find("Axioms:")
    if start < 0:
        return None
    # Each axiom is `name : type` or `name` with the type on indented lines below.
    return tuple(line.split(" :")[0].strip() for line in
                 output[start + len("Axioms:"):].splitlines()
                 if line.strip() and not line[0].isspace())


def first_error(output: str) -> str | None:
    """The first `Error: ...` block of Coq output, on one line.

    Only prompts are stripped first: Coq echoes a failing sentence, so a model could plant an
    `<infomsg>` tag there to swallow the error text up to a later closing tag.
    """
    found = _ERROR_RE.search(_PROMPT_TEXT_RE.sub("", output))
    return " ".join(found.group(1).split()) if found else None


def verdict_from_axioms(axioms: tuple[str, ...] | None, raw: str) -> tuple[bool, str]:
    if axioms is None:
        return False, f"no Print Assumptions output; Coq said: {raw.strip()[:300]}"
    banned = [a for a in axioms if a not in ALLOWED_AXIOMS]
    if banned:
        return False, f"proof depends on disallowed axioms: {', '.join(banned)}"
    return True, ""


# --------------------------------------------------------------------------------------------
# One-shot: coqc on a temp file


class CoqOneShot(ProofChecker):
    """Compile the built file with `coqc` in a fresh temp dir: simple, isolated, ~0.3-1 s each."""

    name = "coq-oneshot"

    def check(self, statement: str, proof: str, timeout: float = 10.0, *,
              preamble: str = "") -> ProofResult:
        start = time.monotonic()
        try:
            sentences = [s.text for s in parse_body(proof, statement=statement)]
        except ProofRejected as rejected:
            return ProofResult(False, (f"rejected: {rejected}",), elapsed=time.monotonic() - start)
        name = goal_name()
        with tempfile.TemporaryDirectory(prefix="rlsynth-coq-") as folder:
            path = os.path.join(folder, "P.v")  # coqc needs a valid module name
            with open(path, "w") as handle:
                handle.write(theorem_file(name, statement, sentences, preamble))
            try:
                done = subprocess.run(["coqc", "-q", "P.v"], cwd=folder, capture_output=True,
                                      text=True, errors="replace", timeout=timeout)
            except subprocess.TimeoutExpired:
                return ProofResult(False, (f"timeout: the check ran past {timeout:g} s",),
                                   elapsed=time.monotonic() - start)
        output = done.stdout + done.stderr
        elapsed = time.monotonic() - start
        error = first_error(output)
        if done.returncode != 0 or error:
            return ProofResult(False, (error or output.strip()[:300] or f"coqc exit "
                                       f"{done.returncode}",), elapsed=elapsed)
        axioms = parse_axioms(output)
        ok, why = verdict_from_axioms(axioms, output)
        return ProofResult(ok, () if ok else (why,), elapsed=elapsed, axioms=axioms or ())


# --------------------------------------------------------------------------------------------
# Warm: coqtop -emacs workers


class WorkerDied(RuntimeError):
    """The coqtop process ended, flooded its output, or ran past the deadline."""


class CoqWorker:
    """One `coqtop -emacs` process with the header loaded; checks one proof at a time."""

    def __init__(self, audit_axioms: bool = False, startup_timeout: float = 120.0) -> None:
        self.audit_axioms = audit_axioms
        # Its own folder: lia/nra write certificate caches (.lia.cache) into the working dir.
        self.folder = tempfile.mkdtemp(prefix="rlsynth-coqtop-")
        # Same process group as the caller, so a verifier pool that kills its worker's group
        # (rlsynth.verify does, on a hang) takes this coqtop with it.
        self.proc = subprocess.Popen(["coqtop", "-emacs", "-quiet"], cwd=self.folder,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.sync = f"sync_{os.urandom(6).hex()}"
        self._buffer = b""
        self.state = 0
        deadline = time.monotonic() + startup_timeout
        try:
            self._read_prompt(deadline)
            for sentence in [*HEADER.splitlines(), *WARMUP]:
                _, error = self.run(sentence, deadline)
                if error:
                    raise RuntimeError(f"coqtop rejected {sentence!r}: {error}")
                if sentence.startswith("Import"):
                    self.base_state = self.state
            self.reset(deadline)
        except BaseException:
            self.kill()
            raise

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def check(self, statement: str, sentences, timeout: float, preamble: str = "") -> ProofResult:
        """Step through the proof, then return to the header state.

        Raises TimeoutError or WorkerDied without resetting: the caller kills and replaces us.
        """
        result = self._step_through(statement, sentences, timeout, preamble)
        self.reset(time.monotonic() + 30)
        return result

    def _step_through(self, statement, sentences, timeout, preamble) -> ProofResult:
        start = time.monotonic()
        deadline = start + timeout
        name = goal_name()
        tactics: list[TacticResult] = []

        def failed(message: str) -> ProofResult:
            return ProofResult(False, (message,), tuple(tactics), time.monotonic() - start)

        for line in preamble.splitlines():
            if line.strip():
                _, error = self.run(line.strip(), deadline)
                if error:
                    return failed(f"task preamble failed: {error}")
        _, error = self.run(f"Theorem {name} : {statement}.", deadline)
        if error:
            return failed(f"the statement does not parse: {error}")
        self.run("Proof.", deadline)
        for sentence in sentences:
            _, error = self.run(sentence.text, deadline)
            tactics.append(TacticResult(sentence.span, sentence.text, error is None, error or ""))
            if error:
                return failed(f"tactic {sentence.text!r} failed: {error}")
        _, error = self.run("Qed.", deadline)
        if error:
            return failed(f"incomplete proof: {error}")
        if not self.audit_axioms:
            return ProofResult(True, (), tuple(tactics), time.monotonic() - start)
        output, _ = self.run(f"Print Assumptions {name}.", deadline)
        axioms = parse_axioms(output)
        ok, why = verdict_from_axioms(axioms, output)
        return ProofResult(ok, () if ok else (why,), tuple(tactics), time.monotonic() - start,
                           axioms or ())

    def run(self, sentence: str, deadline: float) -> tuple[str, str | None]:
        """Send one sentence; return its output and its first error (None when it succeeded)."""
        self._write(sentence + "\n")
        chunks = [self._read_prompt(deadline)]
        self._write(f"Check {self.sync}.\n")
        while True:
            chunk = self._read_prompt(deadline)
            if self.sync in chunk:
                break
            chunks.append(chunk)
        output = "".join(chunks)
        return output, first_error(output)

    def reset(self, deadline: float) -> None:
        self.run(f"BackTo {self.base_state}.", deadline)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()  # coqtop runs no subprocesses of its own
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        shutil.rmtree(self.folder, ignore_errors=True)

    def _write(self, text: str) -> None:
        try:
            self.proc.stdin.write(text.encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise WorkerDied(f"coqtop exited (exit code {self.proc.poll()})") from exc

    def _read_prompt(self, deadline: float) -> str:
        """Output up to and including the next prompt; records the state number it reports."""
        fd = self.proc.stdout.fileno()
        while True:
            found = _PROMPT_RE.search(self._buffer)
            if found:
                chunk, self._buffer = self._buffer[:found.end()], self._buffer[found.end():]
                self.state = int(found.group(1))
                return chunk.decode(errors="replace")
            if len(self._buffer) > MAX_OUTPUT_BYTES:
                raise WorkerDied(f"coqtop printed over {MAX_OUTPUT_BYTES} bytes for one sentence")
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise TimeoutError
            data = os.read(fd, 1 << 16)
            if not data:
                raise WorkerDied(f"coqtop exited (exit code {self.proc.poll()})")
            self._buffer += data


class CoqPool(ProofChecker):
    """Warm coqtop workers shared by threads; a worker that times out or dies is replaced.

    Workers start lazily (the first check pays ~1 s for the imports); a replacement starts at the
    next check after a kill, so a looping proof costs its timeout plus one restart.

    `audit_axioms=True` runs `Print Assumptions` after every proof, as the one-shot path does.
    It is off by default because in Coq 8.16 it re-walks the whole dependency graph of the
    tactic's library lemmas on every call (0.4 s after `lia`, over 1 s for Reals lemmas: slower
    than the proof itself). Without it the warm verdict still cannot be gamed: the guard lets
    only tactics through, tactics cannot declare axioms, and `Qed` refuses goals left by `admit`;
    what remains reachable are the axioms already in the header's libraries, which are the
    standard ones listed in ALLOWED_AXIOMS (tests check that both paths agree on every cheat).
    """

    name = "coq-warm"

    def __init__(self, size: int = 1, audit_axioms: bool = False) -> None:
        if size < 1:
            raise ValueError(f"CoqPool size must be at least 1, got {size}")
        self.size = size
        self.audit_axioms = audit_axioms
        self._idle: queue.LifoQueue[CoqWorker] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(size)
        self._all: set[CoqWorker] = set()
        self._lock = threading.Lock()
        self.restarts = 0
        self.pid = os.getpid()  # the workers' pipes belong to this process
        atexit.register(self.close)

    def check(self, statement: str, proof: str, timeout: float = 10.0, *,
              preamble: str = "") -> ProofResult:
        start = time.monotonic()
        try:
            sentences = parse_body(proof, statement=statement)
        except ProofRejected as rejected:
            return ProofResult(False, (f"rejected: {rejected}",), elapsed=time.monotonic() - start)
        if os.getpid() != self.pid:
            raise RuntimeError("this CoqPool was created in another process (before a fork); "
                               "create one per process, as default_pool() does")
        with self._slots:
            worker = self._take()
            try:
                result = worker.check(statement, sentences, timeout, preamble)
            except TimeoutError:
                self._discard(worker)
                return ProofResult(False, (f"timeout: the check ran past {timeout:g} s",),
                                   elapsed=time.monotonic() - start)
            except WorkerDied as died:
                self._discard(worker)
                return ProofResult(False, (f"checker crashed: {died}",),
                                   elapsed=time.monotonic() - start)
            except BaseException:  # interrupted mid-conversation: its state is unknown
                self._discard(worker)
                raise
            self._idle.put(worker)
            return result

    def close(self) -> None:
        with self._lock:
            workers, self._all = list(self._all), set()
        if os.getpid() != self.pid:  # a forked child exiting: the workers are its parent's
            return
        for worker in workers:
            worker.kill()

    def _take(self) -> CoqWorker:
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                worker = CoqWorker(self.audit_axioms)
                with self._lock:
                    self._all.add(worker)
                return worker
            if worker.alive:
                return worker
            self._discard(worker)

    def _discard(self, worker: CoqWorker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            self.restarts += 1


_DEFAULT_POOL: tuple[int, CoqPool] | None = None
_DEFAULT_LOCK = threading.Lock()


def default_pool() -> CoqPool:
    """This process's warm pool, started lazily and closed at exit.

    Keyed by pid: a forked child (the verifier pool's workers) must not share its parent's coqtop
    pipes, so it builds its own.
    """
    global _DEFAULT_POOL
    with _DEFAULT_LOCK:
        if _DEFAULT_POOL is None or _DEFAULT_POOL[0] != os.getpid():
            _DEFAULT_POOL = (os.getpid(), CoqPool(size=1))
        return _DEFAULT_POOL[1]
