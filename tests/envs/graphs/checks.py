"""Helpers and shared checks of the graph tests (imported as tests.envs.graphs.checks).

The Hard and Challenging tiers run the same three checks on every task
(`expert_solves_in_every_form`, `perturbed_answers_score_zero` against the tier's independent
judge, `corrupted_middle_step_is_flagged`); the tier modules keep only their judges and their
task-specific tests. test_family.py runs the first on the Easy and Medium tasks.
"""
from __future__ import annotations

from collections.abc import Callable

from rlsynth import Task, make_env
from rlsynth.envs.graphs import answers, traces
from rlsynth.envs.graphs.encoding import ENCODINGS, LABEL_KINDS
from rlsynth.envs.graphs.perturb import near_misses


def env(name: str):
    return make_env(f"graphs/{name}")


def solved(e, task: Task, completion: str) -> bool:
    """Correct with full score and every step ok."""
    verdict = e.verify(task, completion)
    return verdict.correct and verdict.score == 1.0 and all(s.ok for s in verdict.steps or ())


def answer(e, task: Task, value) -> str:
    """`value` (internal form) written as the task's answer block."""
    inst, _ = e.instance(task)
    return f"<answer>{answers.format_value(e.answer_type, value, inst.labels)}</answer>"


def first_task(e, condition, level: int = 2, tries: int = 80) -> Task:
    """The first of the tasks 0..tries-1 at `level` that meets `condition`."""
    for index in range(tries):
        task = e.sample(index, level=level)
        if condition(task):
            return task
    raise AssertionError(f"no task among {tries} met the condition")


def weight_table(graph) -> dict[tuple[int, int], int]:
    """Edge weight by (u, v), both orientations."""
    return {**{(u, v): w for u, v, w in graph.edges(data="weight")},
            **{(v, u): w for u, v, w in graph.edges(data="weight")}}


# --------------------------------------------------------------------------------------------
# The checks every Hard and Challenging task passes


def expert_solves_in_every_form(e, levels: int = 5) -> None:
    """The expert trace solves a task in every encoding and label form, and its answer is also
    accepted as \\boxed{}."""
    forms = [(encoding, label_kind) for encoding in ENCODINGS for label_kind in LABEL_KINDS]
    for k, (encoding, label_kind) in enumerate(forms):
        task = e.sample(k, level=1 + k % levels, encoding=encoding, labels=label_kind)
        trace = e.expert(task)
        assert solved(e, task, trace), (task.prompt, trace, e.verify(task, trace))
        inst, reference = e.instance(task)
        boxed = (trace[: trace.rfind("<answer>")] + "\\boxed{"
                 + answers.format_value(e.answer_type, reference, inst.labels) + "}")
        assert e.verify(task, boxed).correct, boxed


def perturbed_answers_score_zero(e, valid: Callable, level: Callable[[int], int],
                                 label_kinds: tuple[str, str]) -> None:
    """Near misses and `swaps` of the reference score 0, unless `valid(task, value)` (a judge
    independent of the task's own check) says the perturbed answer happens to be right too."""
    wrong = 0
    for index in range(4):
        task = e.sample(index, level=level(index), labels=label_kinds[index % 2])
        inst, reference = e.instance(task)
        for value in near_misses(e.answer_type, reference, inst.n) + swaps(e, reference, inst.n):
            verdict = e.verify(task, answer(e, task, value))
            assert verdict.correct == valid(task, value), (task.prompt, value, verdict)
            wrong += not verdict.correct
            assert verdict.score == (1.0 if verdict.correct else 0.0)
    assert wrong >= 4


def swaps(e, reference, n: int) -> list:
    """One node of a node list replaced; two neighbouring entries of an ordered answer exchanged
    (an order broken); two images of a mapping exchanged (still a bijection, so only the edge
    check can reject it)."""
    out = []
    if e.answer_type in ("node_list", "ordered_node_list") and reference:
        absent = next((v for v in range(n) if v not in reference), None)
        if absent is not None:
            out.append([*reference[:-1], absent])
    if e.answer_type == "ordered_node_list" and len(reference) >= 3:
        swapped, middle = list(reference), len(reference) // 2
        swapped[middle - 1], swapped[middle] = swapped[middle], swapped[middle - 1]
        out.append(swapped)
    if e.answer_type == "mapping" and n >= 2:
        out.append({**reference, 0: reference[1], 1: reference[0]})
    return out


def corrupted_middle_step_is_flagged(e) -> None:
    """A middle step of the expert trace gets another value: it is flagged, the steps before it
    stay ok."""
    for index in range(3):
        task = e.sample(index, level=3)
        trace = e.expert(task)
        lines = traces.step_lines(trace)
        position = len(lines) // 2
        line = lines[position]
        key = trace[line.span[0]:line.span[1]].split("=")[0].strip()
        corrupted = trace[: line.span[0]] + f"{key} = {corrupt(line.value)}" + trace[line.span[1]:]
        steps = e.verify(task, corrupted).steps
        assert steps[position].ok is False and all(s.ok for s in steps[:position]), (
            corrupted, steps)


def corrupt(value: str) -> str:
    """A number plus 0.5 (off by more than any tolerance); a node list with its last item
    dropped; an edge list with its last pair dropped; else (an empty list, a bare node) a list
    holding a node that cannot belong: the label 999."""
    value = value.strip()
    try:
        return str(float(answers.parse_number(value)) + 0.5)
    except answers.ParseError:
        pass
    items = [item for item in value.strip("[]").split(",") if item.strip()]
    if not value.startswith("[") or not items:
        return "[999]"
    if "(" in value:
        return value.rsplit(",", 2)[0] + "]" if value.count("(") >= 2 else "[999]"
    return "[" + ",".join(items[:-1]) + "]" if len(items) >= 2 else "[999]"
