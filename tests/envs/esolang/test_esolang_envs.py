"""The six esolang envs beyond the shared contract: partial credit on hidden tests, program
extraction, answer forms the verifiers accept, per-state verdicts, and no raise on any string."""
from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rlsynth
from rlsynth.envs.esolang.bfgen import BfBuilder
from rlsynth.envs.esolang.language import extract_program

ENVS = ["esolang/bf-write", "esolang/befunge-write", "esolang/bf-predict",
        "esolang/befunge-predict", "esolang/bf-trace", "esolang/befunge-trace"]


def test_all_registered() -> None:
    assert set(ENVS) <= set(rlsynth.list_envs())


def test_write_scores_fraction_of_tests_passed() -> None:
    env = rlsynth.make_env("esolang/bf-write")
    task = env.sample(0, spec="add_const", level=3)
    tests = task.meta["tests"]
    assert len(tests) == 6 and task.meta["spec"] == "add_const"
    # A program that prints the first test's answer passes exactly the tests that share it.
    b = BfBuilder()
    b.print_text(tests[0][1].encode())
    verdict = env.verify(task, f"<answer>{b.code()}</answer>")
    share = sum(want == tests[0][1] for _, want in tests) / len(tests)
    assert verdict.score == pytest.approx(share) and not verdict.correct
    assert verdict.format_ok and "passed" in verdict.error
    assert env.verify(task, "```bf\n" + task.answer + "\n```").correct


def test_write_tests_knob_and_eof_knob() -> None:
    env = rlsynth.make_env("esolang/bf-write")
    task = env.sample(1, tests=10, eof="zero", spec="reverse")
    assert len(task.meta["tests"]) == 10 and "sets the cell to 0" in task.prompt
    # `,[.,]` echoes only when end of input gives 0; reverse needs more than that.
    assert env.verify(task, "<answer>>,[>,]<[.<]</answer>").correct
    assert not env.verify(task, "<answer>,[.,]</answer>").correct


def test_befunge_program_keeps_leading_spaces() -> None:
    env = rlsynth.make_env("esolang/befunge-write")
    task = env.sample(0, spec="sort_digits")
    assert "\n" in task.answer and env.verify(task, env.expert(task)).correct
    flush_left = "\n".join(line.lstrip() for line in task.answer.split("\n"))
    assert not env.verify(task, f"<answer>{flush_left}</answer>").correct
    assert extract_program("<answer>\n\n  ab\n cd  \n\n</answer>") == "  ab\n cd"
    assert extract_program("no program here") is None


def test_befunge_program_without_end_fails_at_once() -> None:
    env = rlsynth.make_env("esolang/befunge-write")
    task = env.sample(0)
    verdict = env.verify(task, "<answer>123</answer>")
    assert verdict.score == 0.0 and "never ends" in verdict.error


def test_predict_accepts_equivalent_forms_only() -> None:
    env = rlsynth.make_env("esolang/bf-predict")
    task = next(t for t in (env.sample(i) for i in range(50)) if " " in t.answer)
    as_list = "[" + ", ".join(task.answer.split()) + "]"
    assert env.verify(task, f"<answer>{as_list}</answer>").correct
    assert not env.verify(task, f"<answer>{task.answer} 0</answer>").correct
    assert not env.verify(task, f"<answer>{task.answer.split()[0]}</answer>").correct
    befunge = rlsynth.make_env("esolang/befunge-predict")
    task = befunge.sample(2, source="reference")
    assert befunge.verify(task, f"<answer>  {task.answer}  </answer>").correct


@pytest.mark.parametrize("name", ["esolang/bf-trace", "esolang/befunge-trace"])
def test_trace_marks_each_state(name: str) -> None:
    env = rlsynth.make_env(name)
    task = env.sample(0, level=3)
    lines = list(task.answer)
    wrong = lines[1].replace("=[", "=[9 ", 1)  # an extra value in the cells / stack list
    completion = "<answer>\n" + "\n".join([lines[0], wrong, *lines[2:]]) + "\n</answer>"
    verdict = env.verify(task, completion)
    assert not verdict.correct and verdict.score == 0.0 and verdict.format_ok
    assert [s.ok for s in verdict.steps] == [True, False] + [True] * (len(lines) - 2)
    start, end = verdict.steps[1].span
    assert completion[start:end] == wrong
    partial = env.verify(task, "<answer>\n" + lines[0] + "\n</answer>")
    assert [s.ok for s in partial.steps] == [True] + [False] * (len(lines) - 1)


def test_trace_knobs_shape_the_question() -> None:
    env = rlsynth.make_env("esolang/bf-trace")
    task = env.sample(0, states=6, stride=2)
    steps = task.meta["at"]
    assert len(steps) == 6 and all(b - a == 2 for a, b in zip(steps, steps[1:]))


def test_verifiers_read_settings_from_the_task() -> None:
    env = rlsynth.make_env("esolang/bf-write", tape_size=1000)
    task = env.sample(0, spec="reverse")
    fresh = rlsynth.make_env("esolang/bf-write")
    overrun = "<answer>" + ">" * 1500 + "</answer>"
    assert "tape overrun" in fresh.verify(task, overrun).error
    roundtrip = rlsynth.Task.from_json(task.to_json())
    assert dataclasses.asdict(roundtrip) == dataclasses.asdict(task)


@settings(max_examples=25, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("+-<>[].,@:#v^_|&~\"0123456789 \n<answer>/`")))
def test_verify_never_raises(text: str) -> None:
    for name in ENVS:
        env = rlsynth.make_env(name)
        # The lowest step limits keep the many non-halting programs quick to reject.
        task = env.sample(0, **({"max_steps": env.knobs["max_steps"].low}
                                if "max_steps" in env.knobs else {}))
        for completion in (text, f"<answer>{text}</answer>", f"```\n{text}\n```"):
            verdict = env.verify(task, completion)
            assert 0.0 <= verdict.score <= 1.0
