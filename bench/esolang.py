"""Esolang interpreter speed and write-task verification time.

    python bench/esolang.py              # the tables below, printed as Markdown
    python bench/esolang.py --quick      # fewer repeats
    python bench/esolang.py --out FILE   # also write the tables and a JSON record

1. Brainf*ck instructions per second on typical programs: the compiled interpreter
   (`brainfuck.run`, compile cached, and cold with the compile counted) against the naive per-op
   interpreter (`brainfuck.trace`) run in this process on the same program: the ratio is the gain.
   Issue 7's target: >= 20 M instructions/s.
2. Befunge-93 steps per second (one interpreter, per-op).
3. Write-task verification of the expert program (6 hidden tests), cold (compile cache cleared
   before each completion, as for a fresh model completion), per env and level: median and p90
   milliseconds. Issue 7's target: median <= 5 ms.

Times are CPU seconds of this process (time.process_time), so that other jobs on a shared machine
do not distort them; on an idle machine wall time is the same.
"""
from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import time
from pathlib import Path

import rlsynth
from rlsynth.envs.esolang import befunge, brainfuck
from rlsynth.envs.esolang.specs import SPECS

TARGET_BF_PER_S = 20e6
TARGET_VERIFY_MS = 5.0

# Daniel Cristofani's squares (0..10000) and bubble sort, and our own sort_digits reference.
SQUARES = ("++++[>+++++<-]>[<+++++>-]+<+[>[>+>+<<-]++>>[<<+>>-]>>>[-]++>[-]+>>>+[[-]++++++>>>]<<<"
           "[[<++++++++<++>>-]+<.<[>----<-]<]<<[>>>>>[>>>[-]+++++++++<[>-<-]+++++++++>"
           "[-[<->-]+[<<<]]<[>+<-]>]<<-]<<-]")
BUBBLE_SORT = (">>,[>>,]<<[[<<]>>>>[<<[>+<<+>-]>>[>+<<<<[->]>[<]>>-]<<<[[-]>>[>+<-]>>[<<<+>>>-]]>>"
               "[[<+>-]>>]<]<<[>>+<<-]<<]>>>>[.>>]")
HELLO = ("++++++++[>++++[>++>+++>+++>+<<<<-]>+>+>->>+[<]<-]>>.>---.+++++++..+++.>>.<-.<.+++."
         "------.--------.>>+.>++.")


def digits(n: int, seed: int = 0) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.choice(b"0123456789") for _ in range(n))


def bf_programs() -> list[tuple[str, str, bytes]]:
    """(name, program, input): classics and write-task references on their largest inputs."""
    sort_ref = SPECS["sort_digits"].brainfuck({"order": "ascending"})
    return [
        ("hello world", HELLO, b""),
        ("squares 0..10000", SQUARES, b""),
        ("bubble sort, 40 digits", BUBBLE_SORT, digits(40)),
        ("sort_digits reference, 16 digits", sort_ref, digits(16)),
        ("power reference, 3^5", SPECS["power"].brainfuck({}), b"3 5"),
        ("fibonacci reference, F(13)",
         SPECS["fibonacci"].brainfuck({"first": 0, "second": 1}), b"13"),
        ("count_char reference, 20 chars", SPECS["count_char"].brainfuck({"char": "x"}),
         b"xaxbxcxyzxxaxbxcxyzx"),
    ]


def best_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def bench_brainfuck(repeats: int) -> list[dict]:
    limits = brainfuck.Limits(max_steps=10**9, max_output=10**6, max_seconds=600)
    rows = []
    for name, program, data in bf_programs():
        code = brainfuck.clean(program)
        result = brainfuck.run(program, data, limits)
        naive, _ = brainfuck.trace(code, data, limits=limits)
        assert result.ok and (result.output, result.steps) == (naive.output, naive.steps), name

        def cold() -> None:
            brainfuck.compile_program.cache_clear()
            brainfuck.run(program, data, limits)

        warm_s = best_time(lambda: brainfuck.run(program, data, limits), repeats)
        cold_s = best_time(cold, repeats)
        naive_s = best_time(lambda: brainfuck.trace(code, data, limits=limits),
                            max(1, repeats // 3))
        rows.append({"program": name, "instructions": result.steps,
                     "compiled_per_s": result.steps / warm_s, "cold_per_s": result.steps / cold_s,
                     "naive_per_s": result.steps / naive_s, "ratio": naive_s / warm_s})
    return rows


def bench_befunge(repeats: int) -> list[dict]:
    rows = []
    for name, spec_name, data in [("sort_digits reference, 16 digits", "sort_digits", "5" * 16),
                                  ("fibonacci reference, F(13)", "fibonacci", "13"),
                                  ("repeat_char reference, 40", "repeat_char", "")]:
        params = {"sort_digits": {"order": "ascending"}, "fibonacci": {"first": 0, "second": 1},
                  "repeat_char": {"char": "*", "count": 40}}[spec_name]
        program = SPECS[spec_name].befunge(params)
        result, _ = befunge.run(program, data)
        assert result.ok, (name, result.status)
        seconds = best_time(lambda: befunge.run(program, data), repeats)
        rows.append({"program": name, "steps": result.steps, "steps_per_s": result.steps / seconds})
    return rows


def bench_verify(n: int) -> list[dict]:
    rows = []
    for name in ("esolang/bf-write", "esolang/befunge-write"):
        env = rlsynth.make_env(name)
        for level in env.levels:
            times = []
            for index in range(n):
                task = env.sample(index, seed=1, level=level)
                completion = env.expert(task)
                brainfuck.compile_program.cache_clear()
                start = time.process_time()
                verdict = env.verify(task, completion)
                times.append(time.process_time() - start)
                assert verdict.correct, (name, level, index, verdict.error)
            times.sort()
            rows.append({"env": name, "level": level, "tests": len(task.meta["tests"]),
                         "median_ms": 1e3 * statistics.median(times),
                         "p90_ms": 1e3 * times[int(0.9 * (len(times) - 1))]})
    return rows


def markdown(bf_rows: list[dict], bg_rows: list[dict], verify_rows: list[dict]) -> str:
    lines = ["## Brainf*ck: instructions per second (compiled vs naive per-op, same process)", "",
             "| program | instructions | compiled M/s | cold (with compile) M/s | naive M/s | "
             "compiled / naive |", "|---|---:|---:|---:|---:|---:|"]
    for r in bf_rows:
        lines.append(f"| {r['program']} | {r['instructions']:,} | {r['compiled_per_s'] / 1e6:.1f} "
                     f"| {r['cold_per_s'] / 1e6:.1f} | {r['naive_per_s'] / 1e6:.2f} "
                     f"| {r['ratio']:.1f}x |")
    typical = [r for r in bf_rows if r["instructions"] >= 100_000]
    median = statistics.median(r["compiled_per_s"] for r in typical)
    lines += ["", f"Median over programs of >= 100k instructions: {median / 1e6:.1f} M/s "
              f"(target {TARGET_BF_PER_S / 1e6:.0f} M/s: {median / TARGET_BF_PER_S:.2f}x).", "",
              "## Befunge-93: steps per second", "", "| program | steps | steps/s |",
              "|---|---:|---:|"]
    lines += [f"| {r['program']} | {r['steps']:,} | {r['steps_per_s'] / 1e6:.2f} M |"
              for r in bg_rows]
    lines += ["", "## Write-task verification of the expert program (cold, 6 hidden tests)", "",
              "| env | level | tests | median ms | p90 ms |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {r['env']} | {r['level']} | {r['tests']} | {r['median_ms']:.2f} | "
              f"{r['p90_ms']:.2f} |" for r in verify_rows]
    for name in sorted({r["env"] for r in verify_rows}):
        worst = max(r["median_ms"] for r in verify_rows if r["env"] == name)
        lines.append(f"\n{name}: worst level median {worst:.2f} ms (target <= "
                     f"{TARGET_VERIFY_MS:.0f} ms: {TARGET_VERIFY_MS / worst:.1f}x headroom).")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats and tasks")
    parser.add_argument("--out", type=Path, default=None,
                        help="write FILE.md and FILE.json besides printing")
    args = parser.parse_args(argv)
    repeats, n = (2, 10) if args.quick else (5, 40)
    bf_rows, bg_rows = bench_brainfuck(repeats), bench_befunge(repeats)
    verify_rows = bench_verify(n)
    text = markdown(bf_rows, bg_rows, verify_rows)
    header = f"# esolang benchmark ({platform.python_implementation()} " \
             f"{platform.python_version()}, {platform.machine()})\n\n"
    print(header + text)
    if args.out:
        args.out.with_suffix(".md").write_text(header + text + "\n")
        args.out.with_suffix(".json").write_text(json.dumps(
            {"brainfuck": bf_rows, "befunge": bg_rows, "verify": verify_rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
