"""Sudoku envs: uniqueness against an independent solver, expert traces that re-solve, and a step
verifier that flags exactly the step that was changed."""
from __future__ import annotations

import functools
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rlsynth import make_env
from rlsynth.env import Task
from rlsynth.envs.sudoku.strategies import tier_of

SIZES = {"sudoku/4x4": (2, 2), "sudoku/6x6": (2, 3), "sudoku/9x9": (3, 3)}
FILL_LINE = re.compile(r"^r(\d)c(\d)=(\d) (naked single|hidden single \((row|col|box) (\d)\))$")


# --------------------------------------------------------------------------------------------
# An independent exact solver: plain sets and recursion, nothing shared with the env


def units(box_rows: int, box_cols: int) -> list[set[tuple[int, int]]]:
    n = box_rows * box_cols
    rows = [{(r, c) for c in range(n)} for r in range(n)]
    cols = [{(r, c) for r in range(n)} for c in range(n)]
    boxes = [{(br + r, bc + c) for r in range(box_rows) for c in range(box_cols)}
             for br in range(0, n, box_rows) for bc in range(0, n, box_cols)]
    return rows + cols + boxes


def count_completions(puzzle: str, box_rows: int, box_cols: int, limit: int = 2) -> list[str]:
    """Up to `limit` completions of `puzzle` ('.' = empty), found by depth-first search."""
    n = box_rows * box_cols
    grid = {(i // n, i % n): (int(ch) if ch != "." else 0) for i, ch in enumerate(puzzle)}
    all_units = units(box_rows, box_cols)
    unit_of = {cell: [u for u in all_units if cell in u] for cell in grid}
    found: list[str] = []

    def options(cell: tuple[int, int]) -> set[int]:
        taken = {grid[p] for u in unit_of[cell] for p in u}
        return set(range(1, n + 1)) - taken

    def search() -> None:
        empty = [cell for cell, v in grid.items() if not v]
        if not empty:
            found.append("".join(str(grid[(r, c)]) for r in range(n) for c in range(n)))
            return
        cell = min(empty, key=lambda x: len(options(x)))
        for d in sorted(options(cell)):
            grid[cell] = d
            search()
            grid[cell] = 0
            if len(found) >= limit:
                return

    search()
    return found


@functools.cache
def task_at(name: str, index: int, level: int) -> Task:
    return make_env(name).sample(index, level=level)


def cheap_levels(name: str) -> list[int]:
    """Levels that generate in a few ms (tier 1); tiers 2-4 are covered by `hard_tasks`."""
    env = make_env(name)
    return [lv for lv in env.levels if env.level_knobs(lv)["tier"] == 1]


tasks = st.sampled_from(list(SIZES)).flatmap(
    lambda name: st.tuples(st.just(name), st.integers(0, 10**6), st.sampled_from(cheap_levels(name))))


@pytest.fixture(scope="module")
def hard_tasks() -> list[Task]:
    """9x9 tasks at tiers 2 and 3 (each takes a few hundred ms to make)."""
    env = make_env("sudoku/9x9")
    return [env.sample(i, level=level) for level in (4, 5) for i in range(2)]


# --------------------------------------------------------------------------------------------
# Uniqueness and the expert trace


@settings(max_examples=25, deadline=None)
@given(tasks)
def test_puzzles_have_exactly_one_solution(case: tuple[str, int, int]) -> None:
    name, index, level = case
    task = task_at(name, index, level)
    assert count_completions(task.meta["puzzle"], *SIZES[name]) == [task.answer]
    assert task.meta["givens"] == sum(ch != "." for ch in task.meta["puzzle"])


def test_harder_tiers_are_unique_and_stay_within_their_tier(hard_tasks: list[Task]) -> None:
    for task in hard_tasks:
        assert count_completions(task.meta["puzzle"], 3, 3) == [task.answer]
        assert tier_of(task.meta["hardest_strategy"]) <= task.meta["tier"]
        assert all(tier_of(s) <= task.meta["tier"] for s in task.meta["strategy_counts"])
    assert any(tier_of(t.meta["hardest_strategy"]) > 1 for t in hard_tasks)


@settings(max_examples=25, deadline=None)
@given(tasks)
def test_expert_trace_resolves_the_puzzle(case: tuple[str, int, int]) -> None:
    name, index, level = case
    env, task = make_env(name), task_at(name, index, level)
    trace = env.expert(task)
    verdict = env.verify(task, trace)
    assert verdict.correct and all(s.ok for s in verdict.steps)
    assert verdict.info["cell_accuracy"] == 1.0 and verdict.info["complete_puzzle_accuracy"] == 1.0
    # Replaying the fill lines alone, one per empty cell, rebuilds the solution.
    grid, n = list(task.meta["puzzle"]), int(name[-1])
    for line in trace.splitlines():
        if m := FILL_LINE.match(line):
            i = (int(m[1]) - 1) * n + int(m[2]) - 1
            assert grid[i] == ".", f"{line}: cell filled twice"
            grid[i] = m[3]
    assert "".join(grid) == task.answer


def test_hard_traces_verify_and_use_eliminations(hard_tasks: list[Task]) -> None:
    env = make_env("sudoku/9x9")
    for task in hard_tasks:
        trace = env.expert(task)
        verdict = env.verify(task, trace)
        assert verdict.correct and all(s.ok for s in verdict.steps), \
            [s for s in verdict.steps if not s.ok][:2]
        assert ("eliminate" in trace) == (tier_of(task.meta["hardest_strategy"]) > 1)
        assert task.meta["strategy_counts"][task.meta["hardest_strategy"]] >= 1


# --------------------------------------------------------------------------------------------
# One changed step is flagged, and only that one


def step_lines(trace: str) -> list[int]:
    return [k for k, line in enumerate(trace.splitlines())
            if line.startswith("r") or line.startswith("eliminate")]


def flagged(env, task: Task, lines: list[str]) -> list[int]:
    verdict = env.verify(task, "\n".join(lines))
    return [k for k, s in enumerate(verdict.steps) if not s.ok]


@settings(max_examples=25, deadline=None)
@given(tasks, st.data())
def test_changing_a_fill_value_flags_that_step(case: tuple[str, int, int], data) -> None:
    name, index, level = case
    env, task = make_env(name), task_at(name, index, level)
    lines = env.expert(task).splitlines()
    fills = [k for k, line in enumerate(lines) if FILL_LINE.match(line)]
    k = data.draw(st.sampled_from(fills))
    m = FILL_LINE.match(lines[k])
    wrong = data.draw(st.sampled_from([d for d in range(1, int(name[-1]) + 1) if d != int(m[3])]))
    lines[k] = f"r{m[1]}c{m[2]}={wrong} {m[4]}"
    assert flagged(env, task, lines) == [step_lines("\n".join(lines)).index(k)]


def singles_truth(task: Task, n: int, box: tuple[int, int], lines: list[str], k: int) -> set[str]:
    """Independently: which single strategies hold for the fill on line k (tier-1 traces only,
    where candidates are exactly the digits the placed peers leave)."""
    grid = {(i // n, i % n): ch for i, ch in enumerate(task.meta["puzzle"])}
    for line in lines[:k]:
        if m := FILL_LINE.match(line):
            grid[(int(m[1]) - 1, int(m[2]) - 1)] = m[3]
    all_units = units(*box)
    names = ([("row", i + 1) for i in range(n)] + [("col", i + 1) for i in range(n)]
             + [("box", i + 1) for i in range(n)])

    def cands(cell):
        taken = {grid[p] for u in all_units if cell in u for p in u}
        return {str(d) for d in range(1, n + 1)} - taken if grid[cell] == "." else set()

    m = FILL_LINE.match(lines[k])
    cell, digit = (int(m[1]) - 1, int(m[2]) - 1), m[3]
    truths = {"naked single"} if cands(cell) == {digit} else set()
    for (kind, number), unit in zip(names, all_units):
        if cell in unit and all(digit not in cands(p) for p in unit if p != cell):
            truths.add(f"hidden single ({kind} {number})")
    return truths


@settings(max_examples=25, deadline=None)
@given(tasks, st.data())
def test_changing_a_fill_strategy_flags_that_step(case: tuple[str, int, int], data) -> None:
    name, index, level = case
    env, task = make_env(name), task_at(name, index, level)
    n, box = int(name[-1]), SIZES[name]
    lines = env.expert(task).splitlines()
    fills = [k for k, line in enumerate(lines) if FILL_LINE.match(line)]
    k = data.draw(st.sampled_from(fills))
    m = FILL_LINE.match(lines[k])
    truths = singles_truth(task, n, box, lines, k)
    assert m[4] in truths  # the expert's claim holds by the independent check
    r, c = int(m[1]), int(m[2])
    b = (r - 1) // box[0] * (n // box[1]) + (c - 1) // box[1] + 1
    claims = ["naked single", f"hidden single (row {r})", f"hidden single (col {c})",
              f"hidden single (box {b})"]
    false_claims = [claim for claim in claims if claim not in truths]
    if not false_claims:  # every single holds at once; nothing false to claim about this cell
        return
    lines[k] = f"r{r}c{c}={m[3]} {data.draw(st.sampled_from(false_claims))}"
    verdict = env.verify(task, "\n".join(lines))
    bad = [j for j, s in enumerate(verdict.steps) if not s.ok]
    assert bad == [step_lines("\n".join(lines)).index(k)]
    assert verdict.steps[bad[0]].reason.startswith("right digit, but not")
    assert verdict.correct  # the outcome stays right: process and outcome are separate


def test_changing_an_elimination_pattern_flags_that_step(hard_tasks: list[Task]) -> None:
    env, changed = make_env("sudoku/9x9"), 0
    for task in hard_tasks:
        lines = env.expert(task).splitlines()
        elims = [k for k, line in enumerate(lines) if line.startswith("eliminate")]
        for k in elims:
            head = re.match(r"eliminate \S+ from \S+ ", lines[k])[0]
            other = lines[elims[(elims.index(k) + 1) % len(elims)]]
            pattern = re.sub(r"eliminate \S+ from \S+ ", "", other)
            if re.sub(r"eliminate \S+ from \S+ ", "", lines[k]) == pattern:
                continue
            mutated = lines[:k] + [head + pattern] + lines[k + 1:]
            assert flagged(env, task, mutated) == [step_lines("\n".join(mutated)).index(k)], \
                mutated[k]
            changed += 1
    assert changed >= 2


# --------------------------------------------------------------------------------------------
# Formats, metrics, robustness


def test_prompt_formats_show_the_same_givens() -> None:
    env = make_env("sudoku/9x9")
    problems = {fmt: env.generate(random.Random(3), 2, env.resolve_knobs(2, {"format": fmt}))
                for fmt in ("grid", "string", "triples")}
    puzzle = problems["grid"].meta["puzzle"]
    assert {p.meta["puzzle"] for p in problems.values()} == {puzzle}
    assert puzzle in problems["string"].prompt
    assert "\n".join(puzzle[r * 9:(r + 1) * 9] for r in range(9)) not in problems["grid"].prompt
    grid_rows = [line.replace(" ", "").replace("|", "") for line in problems["grid"].prompt.splitlines()
                 if "|" in line]
    assert "".join(grid_rows) == puzzle
    triples = re.findall(r"\((\d),(\d),(\d)\)", problems["triples"].prompt)
    assert len(triples) == sum(ch != "." for ch in puzzle)
    assert all(puzzle[(int(r) - 1) * 9 + int(c) - 1] == v for r, c, v in triples)


def test_cell_accuracy_counts_right_cells() -> None:
    env = make_env("sudoku/4x4")
    task = env.sample(0)
    empties = [i for i, ch in enumerate(task.meta["puzzle"]) if ch == "."]
    grid = list(task.answer)
    grid[empties[0]] = str(int(grid[empties[0]]) % 4 + 1)
    rows = "\n".join("".join(grid[r * 4:(r + 1) * 4]) for r in range(4))
    verdict = env.verify(task, f"<answer>\n{rows}\n</answer>")
    assert not verdict.correct and verdict.format_ok
    assert verdict.info["cell_accuracy"] == pytest.approx(1 - 1 / len(empties))
    assert verdict.info["complete_puzzle_accuracy"] == 0.0


TOKENS = ["r1c1=1", "r2c3=4", "r9c9=9", "r0c0=0", "naked single", "hidden single (box 1)",
          "(row 9)", "eliminate", "1,2", "from", "r1c2,r1c3", "naked pair", "naked triple",
          "hidden pair 1,2 (row 1)", "pointing (box 1, row 1)", "claiming (col 1, box 1)",
          "x-wing (rows 1,2; cols 1,2)", "xy-wing", "unique rectangle", "\n", "<answer>",
          "</answer>", "1234", "12345678", ",", "=", "(", ")", "ü"]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(list(SIZES)), st.lists(st.sampled_from(TOKENS), max_size=40))
def test_verifier_never_raises_on_step_like_junk(name: str, tokens: list[str]) -> None:
    env = make_env(name)
    task = task_at(name, 0, 1)
    verdict = env.verify(task, " ".join(tokens))
    assert verdict.score in (0.0, 1.0)
