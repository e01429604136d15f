"""Zebra env: the prompt's clues have exactly one solution (by an independent solver that reads
the prompt), the expert trace re-solves the table, and a changed step is flagged alone."""
from __future__ import annotations

import functools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from rlsynth import make_env
from rlsynth.env import Task
from rlsynth.envs.zebra.logic import fresh_domains, propagate, settled

STEP_LINE = re.compile(r"^house (\d+) ([a-z]+) = (\S+) by (elimination|clues? [\d,]+)$")
CLUE_FORMS = [
    ("same", r"The house with (\w+) (\w+) also has (\w+) (\w+)\."),
    ("not_same", r"The house with (\w+) (\w+) does not have (\w+) (\w+)\."),
    ("left_of", r"The house with (\w+) (\w+) is somewhere left of the house with (\w+) (\w+)\."),
    ("right_after", r"The house with (\w+) (\w+) is directly right of the house with (\w+) (\w+)\."),
    ("next_to", r"The house with (\w+) (\w+) is next to the house with (\w+) (\w+)\."),
    ("at", r"The house with (\w+) (\w+) is house (\d+)\."),
    ("not_at", r"The house with (\w+) (\w+) is not house (\d+)\."),
]


# --------------------------------------------------------------------------------------------
# An independent solver that reads the puzzle from the prompt text


def read_prompt(prompt: str) -> tuple[int, dict[str, list[str]], list[tuple]]:
    n = int(re.search(r"There are (\d+) houses", prompt)[1])
    attributes = {m[1]: m[2].split(", ") for m in re.finditer(r"^- (\w+): (.+)$", prompt, re.M)}
    clues = []
    for line in re.findall(r"^\d+\. (.+)$", prompt, re.M):
        kind, m = next((k, m) for k, form in CLUE_FORMS if (m := re.fullmatch(form, line)))
        if kind in ("at", "not_at"):
            clues.append((kind, m[2], int(m[3])))
        elif kind == "right_after":  # "Y is directly right of X": X then Y
            clues.append((kind, m[4], m[2]))
        else:
            clues.append((kind, m[2], m[4]))
    return n, attributes, clues


def solutions(prompt: str, limit: int = 2) -> list[dict[str, int]]:
    """Up to `limit` assignments value -> house (1-based) satisfying every clue."""
    n, attributes, clues = read_prompt(prompt)
    items = [v for values in attributes.values() for v in values]
    group = {v: a for a, values in attributes.items() for v in values}
    tests = {
        "same": lambda x, y: x == y, "not_same": lambda x, y: x != y,
        "left_of": lambda x, y: x < y, "right_after": lambda x, y: y == x + 1,
        "next_to": lambda x, y: abs(x - y) == 1,
        "at": lambda x, k: x == k, "not_at": lambda x, k: x != k,
    }
    house: dict[str, int] = {}
    found: list[dict[str, int]] = []

    def consistent() -> bool:
        for kind, x, y in clues:
            if x in house and (isinstance(y, int) or y in house):
                if not tests[kind](house[x], y if isinstance(y, int) else house[y]):
                    return False
        return True

    def search(k: int) -> None:
        if len(found) >= limit:
            return
        if k == len(items):
            found.append(dict(house))
            return
        item = items[k]
        taken = {house[v] for v in house if group[v] == group[item]}
        for h in range(1, n + 1):
            if h not in taken:
                house[item] = h
                if consistent():
                    search(k + 1)
                del house[item]

    search(0)
    return found


@functools.cache
def task_at(index: int, level: int, question: bool = False) -> Task:
    return make_env("zebra").sample(index, level=level, question=question)


cases = st.tuples(st.integers(0, 10**6), st.integers(1, 4))


@settings(max_examples=20, deadline=None)
@given(cases)
def test_prompt_has_exactly_one_solution_and_it_is_the_answer(case: tuple[int, int]) -> None:
    task = task_at(*case)
    found = solutions(task.prompt)
    assert len(found) == 1
    for h, row in enumerate(task.answer, 1):
        assert all(found[0][value] == h for value in row)


@settings(max_examples=20, deadline=None)
@given(cases)
def test_every_clue_is_needed_by_propagation(case: tuple[int, int]) -> None:
    task = task_at(*case)
    n, m, clues = task.meta["houses"], len(task.meta["attributes"]), task.meta["clues"]
    for drop in range(len(clues)):
        dom = fresh_domains(n, m, {})
        propagate(dom, ((i, c) for i, c in enumerate(clues) if i != drop))
        assert len(settled(dom)) < n * m, f"clue {drop + 1} is redundant"


@settings(max_examples=20, deadline=None)
@given(cases)
def test_expert_trace_resolves_the_table(case: tuple[int, int]) -> None:
    env, task = make_env("zebra"), task_at(*case)
    trace = env.expert(task)
    verdict = env.verify(task, trace)
    assert verdict.correct and all(s.ok for s in verdict.steps)
    assert verdict.info["cell_accuracy"] == 1.0
    attributes = task.meta["attributes"]
    table: dict[tuple[int, str], str] = {}
    for line in trace.splitlines():
        if m := STEP_LINE.match(line):
            key = (int(m[1]), m[2])
            assert key not in table, f"{line}: cell settled twice"
            table[key] = m[3]
    assert table == {(h, a): row[i] for h, row in enumerate(task.answer, 1)
                     for i, a in enumerate(attributes)}


# --------------------------------------------------------------------------------------------
# One changed step is flagged, and only that one


def steps_of(lines: list[str]) -> list[int]:
    return [k for k, line in enumerate(lines) if STEP_LINE.match(line)]


def flagged(task: Task, lines: list[str]) -> list[int]:
    verdict = make_env("zebra").verify(task, "\n".join(lines))
    return [k for k, s in enumerate(verdict.steps) if not s.ok]


@settings(max_examples=20, deadline=None)
@given(cases, st.data())
def test_changing_a_step_value_flags_that_step(case: tuple[int, int], data) -> None:
    task = task_at(*case)
    lines = make_env("zebra").expert(task).splitlines()
    steps = steps_of(lines)
    k = data.draw(st.sampled_from(steps))
    m = STEP_LINE.match(lines[k])
    a = task.meta["attributes"].index(m[2])
    wrong = data.draw(st.sampled_from([v for v in task.meta["values"][a] if v != m[3]]))
    lines[k] = f"house {m[1]} {m[2]} = {wrong} by {m[4]}"
    assert flagged(task, lines) == [steps.index(k)]


@settings(max_examples=20, deadline=None)
@given(cases, st.data())
def test_citing_elimination_where_it_does_not_force_flags_that_step(case, data) -> None:
    task = task_at(*case)
    n = task.meta["houses"]
    lines = make_env("zebra").expert(task).splitlines()
    steps = steps_of(lines)
    # Independently: with no clue, a cell is forced only when the other n-1 houses of its
    # attribute are settled already.
    settled_per_attr: dict[str, int] = {}
    unforced = []
    for k in steps:
        m = STEP_LINE.match(lines[k])
        if m[4] != "elimination" and settled_per_attr.get(m[2], 0) < n - 1:
            unforced.append(k)
        settled_per_attr[m[2]] = settled_per_attr.get(m[2], 0) + 1
    if not unforced:
        return
    k = data.draw(st.sampled_from(unforced))
    m = STEP_LINE.match(lines[k])
    lines[k] = f"house {m[1]} {m[2]} = {m[3]} by elimination"
    assert flagged(task, lines) == [steps.index(k)]


def test_citing_an_unrelated_clue_is_flagged() -> None:
    task = task_at(0, 3)
    lines = make_env("zebra").expert(task).splitlines()
    k = steps_of(lines)[0]
    m = STEP_LINE.match(lines[k])
    cited = set(re.findall(r"\d+", m[4]))
    other = next(str(i) for i in range(1, len(task.meta["clues"]) + 1) if str(i) not in cited)
    lines[k] = f"house {m[1]} {m[2]} = {m[3]} by clue {other}"
    verdict = make_env("zebra").verify(task, "\n".join(lines))
    assert not verdict.steps[0].ok and "do not settle" in verdict.steps[0].reason
    assert verdict.correct


# --------------------------------------------------------------------------------------------
# Question mode and robustness


def test_question_mode_answers_one_house_number() -> None:
    env = make_env("zebra")
    task = task_at(1, 2, question=True)
    a, v = task.meta["question"]
    value = task.meta["values"][a][v]
    assert value in task.prompt.splitlines()[-1]
    assert [found[value] for found in solutions(task.prompt)] == [task.answer]
    trace = env.expert(task)
    assert env.verify(task, trace).correct
    wrong = trace.replace(f"<answer>\n{task.answer}\n", f"<answer>\n{task.answer % 4 + 1}\n")
    assert not env.verify(task, wrong).correct


def test_table_answer_is_order_and_label_tolerant_but_exact() -> None:
    env, task = make_env("zebra"), task_at(2, 1)
    attributes = task.meta["attributes"]
    labelled = "\n".join(f"house {h}: " + ", ".join(f"{a} {v}" for a, v in
                                                    reversed(list(zip(attributes, row))))
                         for h, row in enumerate(task.answer, 1))
    assert env.verify(task, f"<answer>\n{labelled}\n</answer>").correct
    swapped = [list(row) for row in task.answer]
    swapped[0][0], swapped[1][0] = swapped[1][0], swapped[0][0]
    text = "\n".join(f"house {h}: {', '.join(row)}" for h, row in enumerate(swapped, 1))
    verdict = env.verify(task, f"<answer>\n{text}\n</answer>")
    assert not verdict.correct and verdict.info["cell_accuracy"] < 1.0
    hedge = "\n".join(f"house {h}: {', '.join(v for values in task.meta['values'] for v in values)}"
                      for h in range(1, task.meta["houses"] + 1))
    verdict = env.verify(task, f"<answer>\n{hedge}\n</answer>")
    assert not verdict.correct and not verdict.format_ok


TOKENS = ["house", "1", "3", "99", "color", "name", "pet", "=", "red", "Alice", "cat", "by",
          "clue", "clues", "1,2", "elimination", ":", ",", "\n", "<answer>", "</answer>", "ü"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=40))
def test_verifier_never_raises_on_step_like_junk(tokens: list[str]) -> None:
    verdict = make_env("zebra").verify(task_at(0, 1), " ".join(tokens))
    assert verdict.score in (0.0, 1.0)
