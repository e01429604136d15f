"""Env throughput: tasks generated and completions verified per second, per registered env.

    python bench/envs.py                          # every env at its default level
    python bench/envs.py --env compose --level 5  # one env (prefix or glob), one level
    python bench/envs.py --env 'graphs/*' --n 500 --seconds 2

For each (env, level): generation, verification of expert traces and of random completions in
this process (one core), and both verifications again through a VerifierPool of `--workers`
processes (forced, even where the pool would verify cheap envs in-process). Each measurement
stops after `--n` items or `--seconds`, whichever comes first. The issues' targets (TARGETS below)
are checked on the rows they concern, with the ratio measured / target. Results go to
bench/results/envs.{json,md} (envs-<selection>.* with --env). See bench/README.md.
"""
from __future__ import annotations

import argparse
import datetime
import fnmatch
import json
import os
import platform
import random
import statistics
import string
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import rlsynth
from rlsynth import Env, Task
from rlsynth.verify import VerifierPool


@dataclass(frozen=True)
class Target:
    """`metric` of the rows of `envs` (a glob) at `level` (None: default level), aggregated by
    `over` across envs (`each`, `median` or `max`), must be >= `at_least` or <= `at_most`."""

    issue: int
    envs: str
    level: int | None
    metric: str
    over: str = "each"
    at_least: float | None = None
    at_most: float | None = None


TARGETS = [
    Target(2, "compose", 5, "gen_per_s", at_least=2_000),
    Target(2, "compose", 5, "verify_expert_per_s", at_least=5_000),
    Target(5, "graphs/*", None, "gen_per_s", over="median", at_least=1_000),
    Target(5, "graphs/*", None, "verify_expert_per_s", over="median", at_least=5_000),
    Target(5, "graphs/*", None, "gen_ms", over="max", at_most=20),
    Target(5, "graphs/*", None, "verify_expert_ms", over="max", at_most=20),
    Target(6, "sudoku/9x9", 2, "gen_median_ms", at_most=5),
    Target(6, "sudoku/9x9", 2, "verify_expert_median_ms", at_most=1),
    Target(7, "esolang/*-write", None, "verify_expert_median_ms", at_most=5),
    Target(8, "prover/*", None, "pool_verify_expert_per_s", at_least=20),
]

COLUMNS = {  # row key -> table header
    "gen_per_s": "gen/s", "gen_ms": "gen ms", "verify_expert_per_s": "verify/s",
    "verify_expert_ms": "verify ms", "verify_random_per_s": "random verify/s",
    "pool_verify_expert_per_s": "pool verify/s", "pool_verify_random_per_s": "pool random/s",
    "expert_correct": "expert ok"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--env", action="append", default=None,
                        help="env name prefix or glob (repeatable; default: all)")
    parser.add_argument("--level", type=int, default=None,
                        help="level (clipped to each env's max; default: the env's default level "
                             "plus the levels TARGETS name)")
    parser.add_argument("--n", type=int, default=200, help="items per measurement (default 200)")
    parser.add_argument("--seconds", type=float, default=1.0,
                        help="time cap per measurement (default 1 s)")
    parser.add_argument("--workers", type=int, default=2, help="pool processes (default 2)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    args = parser.parse_args(argv)

    cases = select_cases(args.env, args.level)
    if not cases:
        parser.error(f"no registered env matches {args.env}")
    rows = []
    with VerifierPool(args.workers, inline_budget_s=0.0) as pool:
        for name, level in cases:
            print(f"{name} level {level} ...", file=sys.stderr, flush=True)
            rows.append(measure(rlsynth.make_env(name), level, pool, args.n, args.seconds))
    checks = check_targets(rows)
    write_results(args, rows, checks)
    print_tables(rows, checks)
    return 0


def select_cases(patterns: list[str] | None, level: int | None) -> list[tuple[str, int]]:
    cases = []
    for name in rlsynth.list_envs():
        if patterns and not any(name.startswith(p) or fnmatch.fnmatch(name, p) for p in patterns):
            continue
        cls = rlsynth.env_class(name)
        if level is not None:
            levels = {min(level, cls.max_level)}
        else:
            levels = {cls.default_level} | {t.level for t in TARGETS
                                             if t.level and fnmatch.fnmatch(name, t.envs)}
        cases += [(name, lv) for lv in sorted(levels) if lv <= cls.max_level]
    return cases


# --------------------------------------------------------------------------------------------
# Measuring


def measure(env: Env, level: int, pool: VerifierPool, n: int, seconds: float) -> dict:
    gen_times, tasks = timed(lambda i: env.sample(i, level=level), n, seconds)
    experts = [env.expert(task) for task in tasks]
    randoms = [random_completion(task, len(trace)) for task, trace in zip(tasks, experts)]
    expert_times, verdicts = timed(lambda i: env.verify(tasks[i], experts[i]), len(tasks), seconds)
    random_times, _ = timed(lambda i: env.verify(tasks[i], randoms[i]), len(tasks), seconds)
    pool.verify(tasks[:2], experts[:2])  # the workers build this env before the clock starts
    row = {"env": env.name, "level": level, "n": len(tasks),
           **rates("gen", gen_times), **rates("verify_expert", expert_times),
           **rates("verify_random", random_times),
           "pool_verify_expert_per_s": pooled_rate(pool, tasks, experts),
           "pool_verify_random_per_s": pooled_rate(pool, tasks, randoms),
           "expert_correct": sum(v.correct for v in verdicts) / max(len(verdicts), 1)}
    return row


def timed(call: Callable[[int], object], n: int, seconds: float) -> tuple[list[float], list]:
    """Per-item seconds and results of call(0), call(1), ... for up to n items or `seconds`."""
    times, results, deadline = [], [], time.perf_counter() + seconds
    for i in range(n):
        start = time.perf_counter()
        results.append(call(i))
        end = time.perf_counter()
        times.append(end - start)
        if end > deadline:
            break
    return times, results


def rates(name: str, times: list[float]) -> dict:
    total = sum(times) or float("nan")
    return {f"{name}_per_s": len(times) / total, f"{name}_ms": 1000 * total / len(times),
            f"{name}_median_ms": 1000 * statistics.median(times)}


def pooled_rate(pool: VerifierPool, tasks: list[Task], completions: list[str]) -> float:
    start = time.perf_counter()
    pool.verify(tasks, completions)
    return len(tasks) / (time.perf_counter() - start)


def random_completion(task: Task, length: int) -> str:
    """Random words and numbers of about the expert trace's length, ending in an answer block."""
    rng = random.Random(task.uid)
    alphabet = string.ascii_letters + string.digits + "  =+-*\n."
    text = "".join(rng.choice(alphabet) for _ in range(max(length - 30, 10)))
    return f"{text}<answer>{rng.randrange(1000)}</answer>"


# --------------------------------------------------------------------------------------------
# Targets and output


def check_targets(rows: list[dict]) -> list[dict]:
    checks = []
    for target in TARGETS:
        chosen = [r for r in rows if fnmatch.fnmatch(r["env"], target.envs) and
                  (target.level is None or r["level"] == target.level)]
        if target.level is None:  # the default level of each env
            chosen = [r for r in chosen
                      if r["level"] == rlsynth.env_class(r["env"]).default_level]
        if not chosen:
            continue
        values = [r[target.metric] for r in chosen]
        groups = ([(r["env"], v) for r, v in zip(chosen, values)] if target.over == "each" else
                  [(f"{target.envs} ({target.over} of {len(values)})",
                    statistics.median(values) if target.over == "median" else max(values))])
        for label, value in groups:
            bound = target.at_least if target.at_least is not None else target.at_most
            ok = value >= bound if target.at_least is not None else value <= bound
            ratio = value / bound if target.at_least is not None else bound / value
            checks.append({"issue": target.issue, "what": label, "level": target.level,
                           "metric": target.metric,
                           "target": f"{'>=' if target.at_least is not None else '<='} {bound:g}",
                           "measured": value, "ratio": ratio, "ok": ok})
    return checks


def write_results(args: argparse.Namespace, rows: list[dict], checks: list[dict]) -> None:
    args.out.mkdir(parents=True, exist_ok=True)
    machine = {"date": datetime.datetime.now().isoformat(timespec="seconds"),
               "python": platform.python_version(), "platform": platform.platform(),
               "cpus": os.cpu_count(), "workers": args.workers, "n": args.n,
               "seconds": args.seconds}
    stem = "envs" if not args.env else "envs-" + "+".join(
        "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in p) for p in args.env)
    (args.out / f"{stem}.json").write_text(json.dumps(
        {"machine": machine, "rows": rows, "targets": checks}, indent=1) + "\n")
    lines = [f"# Env throughput ({machine['date']}, Python {machine['python']}, "
             f"{machine['cpus']} CPUs, pool of {args.workers})", "",
             "| env | level | n | " + " | ".join(COLUMNS.values()) + " |",
             "|---|---|---|" + "---|" * len(COLUMNS)]
    lines += [f"| {r['env']} | {r['level']} | {r['n']} | " +
              " | ".join(fmt(r[c]) for c in COLUMNS) + " |" for r in rows]
    lines += ["", "## Targets", "", "| issue | what | level | metric | target | measured | ratio | ok |",
              "|---|---|---|---|---|---|---|---|"]
    lines += [f"| {c['issue']} | {c['what']} | {c['level'] or 'default'} | {c['metric']} | "
              f"{c['target']} | {fmt(c['measured'])} | {c['ratio']:.2f} | "
              f"{'yes' if c['ok'] else 'NO'} |" for c in checks]
    (args.out / f"{stem}.md").write_text("\n".join(lines) + "\n")


def print_tables(rows: list[dict], checks: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("env", "level", "n", *COLUMNS.values(),
                  title="env throughput: per second, or ms per item (one core; pool: --workers)")
    for r in rows:
        table.add_row(r["env"], str(r["level"]), str(r["n"]), *(fmt(r[c]) for c in COLUMNS))
    console = Console(width=max(Console().width, 150))
    console.print(table)
    if checks:
        targets = Table("issue", "what", "metric", "target", "measured", "ratio", "ok",
                        title="targets")
        for c in checks:
            targets.add_row(str(c["issue"]), c["what"], c["metric"], c["target"],
                            fmt(c["measured"]), f"{c['ratio']:.2f}",
                            "[green]yes[/green]" if c["ok"] else "[red]NO[/red]")
        console.print(targets)


def fmt(value: float) -> str:
    if value != value:  # NaN
        return "-"
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


if __name__ == "__main__":
    sys.exit(main())
