"""Verification at scale: `verify_batch` and the `VerifierPool` behind it.

    verdicts = verify_batch(tasks, completions, workers=4, timeout=10)   # input order kept

    with VerifierPool(workers=4, timeout=10) as pool:                    # reuse across steps
        verdicts = pool.verify(tasks, completions)
        log(pool.stats.as_dict())                                        # errors, timeouts, ...

Verifiers run in worker processes that rebuild envs by name (`make_env(task.env)`) and keep them,
so an expensive checker (Coq) stays warm per worker. A verifier that raises, hangs past the
per-item timeout or kills its process yields `Verdict(correct=False, score=0, error=...)` with
`info["verifier_failed"] = True` and is counted in `pool.stats`; it never propagates and never
stalls the batch. A hung or dead worker is killed (with its process group: a checker's own
subprocesses too) and replaced.

Cheap verifiers skip the pool: when the batch's estimated cost (each env's measured seconds per
verify, or its declared `verify_cost_s`) is under `inline_budget_s`, the batch runs in this
process, still with the exception guard and, on the main thread, the per-item timeout (SIGALRM).
"""
from __future__ import annotations

import atexit
import importlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from rlsynth.env import Env, Task, Verdict
from rlsynth.registry import UnknownEnvError, env_class, make_env

DEFAULT_TIMEOUT_S = 10.0
INLINE_BUDGET_S = 0.02  # a batch cheaper than this runs in-process: the pool's round trip costs more
STARTUP_TIMEOUT_S = 120.0  # a worker must import rlsynth and the env families within this
COST_SMOOTHING = 0.2  # weight of the newest measurement in each env's running cost estimate


@dataclass
class VerifyStats:
    """Counters since the pool started, for the trainer's logs."""

    items: int = 0
    inline: int = 0  # items verified in this process
    errors: int = 0  # verifiers that raised (or returned something other than a Verdict)
    timeouts: int = 0  # verifiers killed at the per-item timeout
    crashes: int = 0  # verifiers whose worker process died
    restarts: int = 0  # workers started to replace killed or dead ones
    seconds: float = 0.0  # wall time inside verify()

    def as_dict(self, prefix: str = "verify/") -> dict[str, float]:
        return {f"{prefix}{key}": value for key, value in asdict(self).items()}


def verify_batch(tasks: Sequence[Task], completions: Sequence[str], *, workers: int | None = None,
                 timeout: float = DEFAULT_TIMEOUT_S, pool: VerifierPool | None = None
                 ) -> list[Verdict]:
    """Verdicts for `completions[i]` on `tasks[i]`, in input order.

    Without `pool`, a pool shared by all calls with the same `workers` is started on first need and
    closed at exit (`shared_pool(workers).stats` has its counters). `workers=0` verifies in-process.
    """
    pool = shared_pool(workers) if pool is None else pool
    return pool.verify(tasks, completions, timeout=timeout)


_shared: dict[int | None, VerifierPool] = {}


def shared_pool(workers: int | None = None) -> VerifierPool:
    """The pool `verify_batch` uses for this worker count (created on first use)."""
    if workers not in _shared or _shared[workers].closed:
        _shared[workers] = VerifierPool(workers)
    return _shared[workers]


@atexit.register
def _close_shared_pools() -> None:
    for pool in _shared.values():
        pool.close()


class VerifierPool:
    """Worker processes that verify (task, completion) pairs with a per-item timeout.

    `workers`: process count (default: the CPU count, at most 8; 0 verifies in-process).
    `timeout`: seconds per item. Workers start on the first batch that needs them.
    """

    def __init__(self, workers: int | None = None, *, timeout: float = DEFAULT_TIMEOUT_S,
                 inline_budget_s: float = INLINE_BUDGET_S,
                 chunk_size: int = 32) -> None:
        self.size = min(8, os.cpu_count() or 1) if workers is None else workers
        if self.size < 0:
            raise ValueError(f"workers must be >= 0, got {workers}")
        self.timeout = timeout
        self.inline_budget_s = inline_budget_s
        self.chunk_size = chunk_size
        self.stats = VerifyStats()
        self.costs: dict[str, float] = {}  # env name -> estimated seconds per verify
        self.closed = False
        self._workers: list[_Worker] = []
        self._envs: dict[str, Env] = {}  # for in-process verification
        self._startup_failures = 0

    def __enter__(self) -> VerifierPool:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def verify(self, tasks: Sequence[Task], completions: Sequence[str], *,
               timeout: float | None = None) -> list[Verdict]:
        """Verdicts in input order; see the module docstring for what failures become."""
        if self.closed:
            raise RuntimeError("this VerifierPool is closed")
        tasks, completions = list(tasks), list(completions)
        if len(tasks) != len(completions):
            raise ValueError(f"verify needs one completion per task; got {len(tasks)} tasks and "
                             f"{len(completions)} completions")
        timeout = self.timeout if timeout is None else timeout
        start = time.perf_counter()
        if self._runs_inline(tasks):
            verdicts = [self._verify_inline(t, c, timeout) for t, c in zip(tasks, completions)]
            self.stats.inline += len(tasks)
        else:
            verdicts = self._verify_pooled(tasks, completions, timeout)
        self.stats.items += len(tasks)
        self.stats.seconds += time.perf_counter() - start
        return verdicts

    def close(self) -> None:
        """Stop the workers (idempotent)."""
        self.closed = True
        for worker in self._workers:
            worker.stop()
        self._workers.clear()

    # -- in-process ---------------------------------------------------------------------------

    def _runs_inline(self, tasks: list[Task]) -> bool:
        if self.size == 0 or not tasks:
            return True
        if threading.current_thread() is not threading.main_thread():
            return False  # no SIGALRM off the main thread, so no timeout in-process
        estimate = 0.0
        for name, count in Counter(task.env for task in tasks).items():
            cost = self.cost(name)
            if cost is None:
                return False
            estimate += cost * count
        return estimate <= self.inline_budget_s

    def cost(self, name: str) -> float | None:
        """Seconds per verify of env `name`: measured, else declared (`verify_cost_s`), else None."""
        if name in self.costs:
            return self.costs[name]
        try:
            return env_class(name).verify_cost_s
        except UnknownEnvError:
            return 0.0  # fails at once, with the registry's message

    def _verify_inline(self, task: Task, completion: str, timeout: float) -> Verdict:
        start = time.perf_counter()
        try:
            with time_limit(timeout):
                if task.env not in self._envs:
                    self._envs[task.env] = make_env(task.env)
                verdict = self._envs[task.env].verify(task, completion)
            verdict = checked(verdict)
        except TimeLimitExceeded:
            verdict = failed("timeout", f"verifier timed out after {timeout:g}s")
        except Exception as error:
            verdict = failed("raised", f"verifier raised {type(error).__name__}: {error}")
        self._measured(task.env, time.perf_counter() - start)
        self._count(verdict)
        return verdict

    # -- the pool -----------------------------------------------------------------------------

    def _verify_pooled(self, tasks: list[Task], completions: list[str], timeout: float
                       ) -> list[Verdict]:
        results: list[Verdict | None] = [None] * len(tasks)
        queue = deque(range(len(tasks)))
        modules = {name: env_module(name) for name in {task.env for task in tasks}}
        while len(self._workers) < self.size:
            self._workers.append(self._start_worker())
        chunk = max(1, min(self.chunk_size, len(tasks) // (2 * self.size)))

        def finish(worker: _Worker, verdict: Verdict) -> None:
            results[worker.jobs.popleft()] = verdict
            worker.item_started = time.monotonic()
            self._count(verdict)

        def replace(worker: _Worker, verdict: Verdict | None) -> None:
            """Kill `worker`; its current item (if any) gets `verdict`, the rest go back in the
            queue, and a new worker takes its place."""
            worker.kill()
            if worker.jobs:
                finish(worker, verdict)
                queue.extendleft(reversed(worker.jobs))
            self._workers[self._workers.index(worker)] = self._start_worker()
            self.stats.restarts += 1

        while queue or any(worker.jobs for worker in self._workers):
            for worker in list(self._workers):
                if worker.ready and not worker.jobs and queue:
                    jobs = [queue.popleft() for _ in range(min(chunk, len(queue)))]
                    if not worker.send(jobs, [(tasks[j], completions[j], modules[tasks[j].env])
                                              for j in jobs]):  # it died while idle
                        queue.extendleft(reversed(jobs))
                        worker.jobs.clear()
                        replace(worker, None)
            deadlines = [w.item_started + timeout for w in self._workers if w.jobs] + \
                        [w.started + STARTUP_TIMEOUT_S for w in self._workers if not w.ready]
            wait_s = max(0.0, min(deadlines) - time.monotonic())
            for conn in wait([w.conn for w in self._workers], wait_s):
                worker = next(w for w in self._workers if w.conn is conn)
                try:
                    while conn.poll():
                        message = conn.recv()
                        if message == "ready":
                            worker.ready, self._startup_failures = True, 0
                            continue
                        verdict, seconds = message
                        self._measured(tasks[worker.jobs[0]].env, seconds)
                        finish(worker, verdict)
                except (EOFError, OSError):  # the worker died
                    if worker.ready:
                        replace(worker, failed("crashed", f"verifier crashed: its worker process "
                                                          f"exited with code {worker.exitcode()}"))
                    else:
                        self._startup_failed(worker)
            now = time.monotonic()
            for worker in list(self._workers):
                if worker.jobs and now >= worker.item_started + timeout:
                    self._measured(tasks[worker.jobs[0]].env, timeout)  # keeps hangs off inline
                    replace(worker, failed("timeout", f"verifier timed out after {timeout:g}s"))
                elif not worker.ready and now >= worker.started + STARTUP_TIMEOUT_S:
                    self._startup_failed(worker)
        return results  # type: ignore[return-value]  (every slot is filled)

    def _start_worker(self) -> _Worker:
        return _Worker.start()

    def _startup_failed(self, worker: _Worker) -> None:
        worker.kill()
        self._startup_failures += 1
        if self._startup_failures >= 3:
            self.close()
            raise RuntimeError(
                f"verifier workers fail to start (exit code {worker.process.exitcode}); check that "
                f"`python -c 'import rlsynth; rlsynth.list_envs()'` works, or use workers=0")
        self._workers[self._workers.index(worker)] = self._start_worker()

    # -- bookkeeping --------------------------------------------------------------------------

    def _measured(self, name: str, seconds: float) -> None:
        old = self.costs.get(name)
        self.costs[name] = seconds if old is None else old + COST_SMOOTHING * (seconds - old)

    def _count(self, verdict: Verdict) -> None:
        kind = verdict.info.get("verifier_error")
        if kind is not None:
            counter = {"raised": "errors", "timeout": "timeouts", "crashed": "crashes"}[kind]
            setattr(self.stats, counter, getattr(self.stats, counter) + 1)


@dataclass(eq=False)
class _Worker:
    """One worker: a fresh `python` running `worker_main`, in its own session (so Ctrl-C goes to
    the trainer only, and killing its process group also kills a checker's subprocesses). Not a
    multiprocessing child: that would re-import the caller's `__main__` (a training script) in
    every worker."""

    process: subprocess.Popen
    conn: Connection
    ready: bool = False
    jobs: deque = field(default_factory=deque)  # items sent and not yet answered, in order
    started: float = field(default_factory=time.monotonic)
    item_started: float = 0.0  # when the worker began its current item

    @classmethod
    def start(cls) -> _Worker:
        ours, theirs = socket.socketpair()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        process = subprocess.Popen(
            [sys.executable, "-c", f"from rlsynth.verify import worker_main; "
                                   f"worker_main({theirs.fileno()})"],
            pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, stdout=sys.__stderr__,
            env=env, start_new_session=True)
        theirs.close()
        return cls(process, Connection(ours.detach()))

    def send(self, jobs: list[int], items: list[tuple]) -> bool:
        """Hand `items` (for positions `jobs`) to the worker; False if it is dead."""
        self.jobs.extend(jobs)
        self.item_started = time.monotonic()
        try:
            self.conn.send(items)
        except (OSError, ValueError):
            return False
        return True

    def exitcode(self) -> int | None:
        try:
            return self.process.wait(1)
        except subprocess.TimeoutExpired:
            return None

    def kill(self) -> None:
        """Kill the worker and its process group."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            self.process.kill()
        self.process.wait()
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
            self.process.wait(2)
        except (OSError, ValueError, subprocess.TimeoutExpired):
            self.kill()
            return
        self.conn.close()


# --------------------------------------------------------------------------------------------
# The worker process


def worker_main(fd: int) -> None:
    """Verify lists of (task, completion, env module) from the socket `fd`, replying (verdict,
    seconds) for each item."""
    from rlsynth.registry import load_envs

    conn = Connection(fd)
    threading.Thread(target=exit_with_parent, args=(os.getppid(),), daemon=True).start()
    load_envs()
    conn.send("ready")
    envs: dict[str, Env] = {}
    while True:
        try:
            items = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if items is None:
            return
        for task, completion, module in items:
            start = time.perf_counter()
            try:
                env = envs.get(task.env)
                if env is None:
                    env = envs[task.env] = build_env(task.env, module)
                    start = time.perf_counter()  # the cost estimate is of verify alone
                verdict = checked(env.verify(task, completion))
            except Exception as error:
                verdict = failed("raised", f"verifier raised {type(error).__name__}: {error}")
            # one reply per item, so that the pool knows which item hangs or crashes the worker
            conn.send((verdict, time.perf_counter() - start))


def exit_with_parent(parent: int) -> None:
    """End this worker and its subprocesses once the parent is gone, even mid-verify (a hung
    verifier would otherwise outlive a trainer killed with SIGKILL)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os.killpg(os.getpgrp(), signal.SIGKILL)


def build_env(name: str, module: str | None) -> Env:
    """`make_env(name)`, importing the module that registers it first if the registry lacks it
    (an env registered by a test module or a user's package without an entry point)."""
    try:
        return make_env(name)
    except UnknownEnvError:
        if module is None or module == "__main__":
            raise
        importlib.import_module(module)
        return make_env(name)


def env_module(name: str) -> str | None:
    try:
        return env_class(name).__module__
    except UnknownEnvError:
        return None


# --------------------------------------------------------------------------------------------
# Verdicts for failures, and the in-process time limit


def failed(kind: str, error: str) -> Verdict:
    """A zero verdict for a verifier that raised, timed out or crashed (`kind`)."""
    return Verdict.failure(error, verifier_failed=True, verifier_error=kind)


def checked(verdict: Any) -> Verdict:
    if not isinstance(verdict, Verdict):
        raise TypeError(f"verify returned {type(verdict).__name__}, not a Verdict")
    return verdict


class TimeLimitExceeded(BaseException):
    """Raised inside a `time_limit` block; a BaseException so a verifier's `except Exception`
    cannot swallow it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds` with TimeLimitExceeded (SIGALRM, so main thread only;
    elsewhere the block runs unlimited). An outer timer (pytest-timeout's) is restored after."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise TimeLimitExceeded

    previous = signal.signal(signal.SIGALRM, on_alarm)
    outer_delay, outer_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    start = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_delay:
            left = max(outer_delay - (time.monotonic() - start), 1e-3)
            signal.setitimer(signal.ITIMER_REAL, left, outer_interval)

