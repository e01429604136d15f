"""Sudoku and Zebra figures beyond bench/envs.py: per size and level, generation and trace
verification times (medians, one core), what the puzzles realise (givens, hardest strategy,
zebra clue count and deduction depth), and a baseline measured in the same run.

    python bench/puzzles.py               # every sudoku size and level, every zebra level
    python bench/puzzles.py --n 40

Baseline (sudoku/9x9): the usual generator (reasoning-gym's approach): dig random cells and keep
a removal only when an exact solver still finds one solution, down to the givens our medium level
reaches. It uses our own bitmask counter, so the ratio isolates the generator design.
Results go to bench/results/puzzles.{json,md}.
"""
from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import time
from collections import Counter
from pathlib import Path

import rlsynth
from rlsynth.envs.sudoku.board import SHAPES, geometry, random_grid
from rlsynth.envs.sudoku.solver import count_solutions

RESULTS = Path(__file__).parent / "results"


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, (time.perf_counter() - start) * 1e3


def measure(name: str, level: int, n: int) -> dict:
    env = rlsynth.make_env(name)
    gen, ver, tasks = [], [], []
    for index in range(n):
        task, ms = timed(env.sample, index, seed=2026, level=level)
        gen.append(ms)
        trace = env.expert(task)
        verdict, ms = timed(env.verify, task, trace)
        assert verdict.correct and all(s.ok for s in verdict.steps), (name, level, index)
        ver.append(ms)
        tasks.append(task)
    row = {"env": name, "level": level, "n": n,
           "gen_median_ms": statistics.median(gen), "gen_max_ms": max(gen),
           "verify_median_ms": statistics.median(ver), "verify_max_ms": max(ver),
           "difficulty_mean": statistics.fmean(t.meta["difficulty"] for t in tasks)}
    if name.startswith("sudoku"):
        row["givens_mean"] = statistics.fmean(t.meta["givens"] for t in tasks)
        row["hardest"] = dict(Counter(t.meta["hardest_strategy"] for t in tasks).most_common())
    else:
        row["clues_mean"] = statistics.fmean(t.meta["clue_count"] for t in tasks)
        row["depth_mean"] = statistics.fmean(t.meta["depth"] for t in tasks)
    return row


def baseline_dig(rng: random.Random, target_givens: int) -> list[int]:
    """Dig random cells, keeping each removal that leaves exactly one solution."""
    geo = geometry(SHAPES[9])
    grid = random_grid(geo.shape, rng)
    order = list(range(81))
    rng.shuffle(order)
    givens = 81
    for cell in order:
        if givens <= target_givens:
            break
        value, grid[cell] = grid[cell], 0
        if count_solutions(geo, grid) == 1:
            givens -= 1
        else:
            grid[cell] = value
    return grid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20, help="tasks per (env, level)")
    args = parser.parse_args()
    rows = []
    for name in ("sudoku/4x4", "sudoku/6x6", "sudoku/9x9", "zebra"):
        for level in rlsynth.make_env(name).levels:
            rows.append(measure(name, level, args.n))
            print(json.dumps(rows[-1]))
    medium = next(r for r in rows if r["env"] == "sudoku/9x9" and r["level"] == 2)
    rng = random.Random(7)
    base = statistics.median(timed(baseline_dig, rng, round(medium["givens_mean"]))[1]
                             for _ in range(args.n))
    summary = {
        "sudoku_9x9_medium_gen_median_ms": medium["gen_median_ms"],
        "sudoku_9x9_medium_verify_median_ms": medium["verify_median_ms"],
        "baseline_exact_dig_median_ms": base,
        "speedup_vs_baseline": base / medium["gen_median_ms"],
        "targets": {"gen <= 5 ms": medium["gen_median_ms"] <= 5,
                    "verify <= 1 ms": medium["verify_median_ms"] <= 1},
        "machine": f"{platform.processor() or platform.machine()}, Python "
                   f"{platform.python_version()}",
    }
    print(json.dumps(summary, indent=1))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "puzzles.json").write_text(json.dumps({"rows": rows, "summary": summary},
                                                     indent=1))
    lines = ["| env | level | gen median ms | gen max ms | verify median ms | difficulty | "
             "realised |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        realised = (f"givens {r['givens_mean']:.1f}; hardest {r['hardest']}" if "hardest" in r
                    else f"clues {r['clues_mean']:.1f}; depth {r['depth_mean']:.1f}")
        lines.append(f"| {r['env']} | {r['level']} | {r['gen_median_ms']:.2f} | "
                     f"{r['gen_max_ms']:.1f} | {r['verify_median_ms']:.3f} | "
                     f"{r['difficulty_mean']:.2f} | {realised} |")
    lines.append(f"\n9x9 medium: generation {medium['gen_median_ms']:.2f} ms median (target 5), "
                 f"verification {medium['verify_median_ms']:.3f} ms (target 1); exact-dig "
                 f"baseline {base:.1f} ms, ratio {summary['speedup_vs_baseline']:.1f}x. "
                 f"{summary['machine']}.")
    (RESULTS / "puzzles.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
