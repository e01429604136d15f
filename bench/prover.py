"""Proof-checking throughput of the Coq backend: one-shot `coqc` against the warm coqtop pool.

    python bench/prover.py                      # level 1 (simple proofs), 2 workers
    python bench/prover.py --level 3 --n 200 --workers 2

The same expert proofs of `prover/coq` tasks are checked, in this process, by
- one-shot: `coqc` on a fresh file per proof, one after another (the baseline);
- warm: a CoqPool of `--workers` coqtop processes fed by as many threads (started and warmed
  before the clock starts, as in training where the pool lives for the whole run);
- warm+audit: the same with `Print Assumptions` after each proof, as the one-shot path does.
It prints proofs/s for each and the warm/one-shot ratio, and writes bench/results/prover.{json,md}.
Targets (issue 8): warm >= 20 simple proofs/s on 2 cores and >= 10x one-shot.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import rlsynth
from rlsynth.envs.prover.coq import CoqOneShot, CoqPool, coq_available

RESULTS = Path(__file__).with_name("results")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--level", type=int, default=1, help="prover/coq level of the proofs")
    parser.add_argument("--n", type=int, default=100, help="proofs checked by the warm pool")
    parser.add_argument("--oneshot-n", type=int, default=12, help="proofs checked by coqc")
    parser.add_argument("--workers", type=int, default=2, help="warm coqtop processes")
    args = parser.parse_args()
    if not coq_available():
        sys.exit("no proof checker installed: apt-get install coq")

    env = rlsynth.make_env("prover/coq")
    tasks = [env.sample(i, seed=2024, level=args.level) for i in range(args.n)]
    jobs = [(t.meta["statement"], t.answer, t.meta["preamble"]) for t in tasks]

    rows = [measure("one-shot coqc", CoqOneShot(), jobs[:args.oneshot_n], workers=1)]
    for label, audit in (("warm pool", False), ("warm pool + Print Assumptions", True)):
        pool = CoqPool(size=args.workers, audit_axioms=audit)
        try:
            warm_up(pool, jobs, args.workers)
            count = args.n if not audit else max(args.oneshot_n, args.n // 4)
            rows.append(measure(label, pool, jobs[:count], workers=args.workers))
        finally:
            pool.close()

    baseline = rows[0]["proofs_per_s"]
    for row in rows:
        row["vs_oneshot"] = round(row["proofs_per_s"] / baseline, 1)
    report(rows, args)


def warm_up(pool: CoqPool, jobs, workers: int) -> None:
    """Start every worker (imports loaded) before timing."""
    with ThreadPoolExecutor(workers) as threads:
        list(threads.map(lambda job: pool.check(job[0], job[1], 60, preamble=job[2]),
                         jobs[:workers]))


def measure(label: str, checker, jobs, workers: int) -> dict:
    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as threads:
        results = list(threads.map(lambda job: checker.check(job[0], job[1], 60,
                                                             preamble=job[2]), jobs))
    seconds = time.perf_counter() - start
    ok = sum(r.ok for r in results)
    return {"checker": label, "workers": workers, "proofs": len(jobs), "ok": ok,
            "seconds": round(seconds, 3), "proofs_per_s": round(len(jobs) / seconds, 2),
            "ms_per_proof": round(1000 * seconds / len(jobs), 1)}


def report(rows: list[dict], args: argparse.Namespace) -> None:
    machine = {"cpus": os.cpu_count(), "python": platform.python_version(),
               "load_avg_1m": round(os.getloadavg()[0], 2)}
    header = "| checker | workers | proofs | ok | proofs/s | ms/proof | vs one-shot |"
    lines = [f"# prover/coq proof checking, level {args.level}", "",
             f"machine: {machine}", "", header, "|---|---|---|---|---|---|---|"]
    lines += [f"| {r['checker']} | {r['workers']} | {r['proofs']} | {r['ok']} | "
              f"{r['proofs_per_s']} | {r['ms_per_proof']} | {r['vs_oneshot']}x |" for r in rows]
    warm = rows[1]
    lines += ["", f"targets: warm >= 20 proofs/s: {warm['proofs_per_s']} "
              f"({'met' if warm['proofs_per_s'] >= 20 else 'missed'}); warm >= 10x one-shot: "
              f"{warm['vs_oneshot']}x ({'met' if warm['vs_oneshot'] >= 10 else 'missed'})"]
    print("\n".join(lines))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "prover.json").write_text(json.dumps(
        {"level": args.level, "machine": machine, "rows": rows}, indent=1) + "\n")
    (RESULTS / "prover.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
