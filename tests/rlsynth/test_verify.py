"""verify_batch and VerifierPool: order, per-item timeout, raising and crashing verifiers, reuse."""
from __future__ import annotations

import time

import pytest

from rlsynth.verify import VerifierPool, verify_batch
from toy_env import ToyArith, ToyMisbehaving


@pytest.fixture(scope="module")
def pool():
    with VerifierPool(2, timeout=1.0, inline_budget_s=0.0) as pool:  # budget 0: always pooled
        yield pool


def batch(env, n, **bad):
    """n tasks with expert completions, except those named in `bad` (index -> completion)."""
    tasks = [env.sample(i) for i in range(n)]
    completions = [bad.get(f"i{i}", env.expert(t)) for i, t in enumerate(tasks)]
    return tasks, completions


def test_results_follow_input_order(pool) -> None:
    env = ToyArith()
    tasks = [env.sample(i, level=1 + i % 4) for i in range(40)]
    completions = [env.expert(t) if i % 3 else "<answer>-1</answer>" for i, t in enumerate(tasks)]
    verdicts = pool.verify(tasks, completions)
    assert [v.correct for v in verdicts] == [bool(i % 3) for i in range(40)]
    assert verdicts == [env.verify(t, c) for t, c in zip(tasks, completions)]


def test_hang_raise_and_crash_become_error_verdicts_and_the_next_batch_works(pool) -> None:
    env = ToyMisbehaving()
    pool.verify(*batch(env, 2))  # workers warm: the timing below is verification only
    before = pool.stats.as_dict(prefix="")
    tasks, completions = batch(env, 12, i2="HANG", i5="RAISE", i8="CRASH", i9="HANG")
    start = time.monotonic()
    verdicts = pool.verify(tasks, completions)
    elapsed = time.monotonic() - start
    # two 1 s timeouts and a crash, each followed by a replacement worker importing the envs
    assert elapsed < 10.0, f"the batch took {elapsed:.1f} s"
    errors = {i: v.error for i, v in enumerate(verdicts) if not v.correct}
    assert errors == {2: "verifier timed out after 1s",
                      5: "verifier raised RuntimeError: asked to raise",
                      8: "verifier crashed: its worker process exited with code 3",
                      9: "verifier timed out after 1s"}
    assert all(verdicts[i].info["verifier_failed"] and verdicts[i].score == 0 for i in errors)
    after = pool.stats.as_dict(prefix="")
    assert {k: after[k] - before[k] for k in ("errors", "timeouts", "crashes", "restarts")} == \
        {"errors": 1, "timeouts": 2, "crashes": 1, "restarts": 3}
    again = pool.verify(*batch(env, 12))
    assert all(v.correct for v in again)


def test_in_process_path_guards_raises_and_hangs() -> None:
    env = ToyMisbehaving()
    tasks, completions = batch(env, 4, i1="RAISE", i2="HANG")
    with VerifierPool(0, timeout=0.3) as pool:
        verdicts = pool.verify(tasks, completions)
        assert [v.correct for v in verdicts] == [True, False, False, True]
        assert verdicts[1].error == "verifier raised RuntimeError: asked to raise"
        assert verdicts[2].error == "verifier timed out after 0.3s"
        assert (pool.stats.inline, pool.stats.errors, pool.stats.timeouts) == (4, 1, 1)


def test_cheap_envs_run_in_process_once_measured() -> None:
    env = ToyArith()
    tasks, completions = batch(env, 8)
    with VerifierPool(1, inline_budget_s=1.0) as pool:
        assert pool.cost("toy_arith") is None  # unknown cost: the pool measures it
        pool.verify(tasks, completions)
        assert pool.stats.inline == 0 and pool.cost("toy_arith") < 0.1
        assert all(v.correct for v in pool.verify(tasks, completions))
        assert pool.stats.inline == 8


def test_unknown_env_and_length_mismatch() -> None:
    task = ToyArith().sample(0)
    stray = type(task)(**{**task.to_dict(), "env": "toy_arithh"})
    [verdict] = verify_batch([stray], ["<answer>1</answer>"], workers=0)
    assert verdict.info["verifier_failed"] and "did you mean 'toy_arith'" in verdict.error
    with pytest.raises(ValueError, match="one completion per task"):
        verify_batch([task], [], workers=0)



ORPHAN_SCRIPT = """
import os, signal, sys, threading
sys.path.insert(0, {here!r})
from toy_env import ToyMisbehaving
from rlsynth.verify import VerifierPool

pool = VerifierPool(1, timeout=60, inline_budget_s=0)
env = ToyMisbehaving()

def die():
    print(pool._workers[0].process.pid, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)

threading.Timer(3.0, die).start()
pool.verify([env.sample(0)], ["HANG"])
"""


def test_a_hung_worker_exits_when_its_parent_is_killed(tmp_path) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = ORPHAN_SCRIPT.format(here=str(Path(__file__).parent))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    worker = int(done.stdout.split()[0])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.kill(worker, 9)
    raise AssertionError("the hung worker outlived its parent by 10 s")


def test_a_worker_that_died_while_idle_is_replaced_without_losing_items() -> None:
    import os
    import signal

    tasks, completions = batch(ToyArith(), 6)
    with VerifierPool(1, timeout=5.0, inline_budget_s=0.0) as pool:
        assert all(v.correct for v in pool.verify(tasks, completions))
        os.kill(pool._workers[0].process.pid, signal.SIGKILL)
        pool._workers[0].process.wait()
        verdicts = pool.verify(tasks, completions)
        assert all(v.correct for v in verdicts), [v.error for v in verdicts]
        assert pool.stats.restarts == 1 and pool.stats.crashes == 0
