"""The prover/coq env: generation is pure Python, experts and held-out references check for real,
cheats score 0 with their reason, steps and revision prompts point at the failing tactic."""
from __future__ import annotations

import random
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rlsynth
from rlsynth.envs.prover import env as prover_env
from rlsynth.envs.prover.coq import coq_available
from rlsynth.envs.prover.env import NO_CHECKER, extract_proof
from rlsynth.envs.prover.heldout import heldout_problems
from rlsynth.envs.prover.synthetic import FAMILIES, make_theorem

needs_coq = pytest.mark.skipif(not coq_available(), reason=NO_CHECKER)


@pytest.fixture(scope="module")
def env():
    return rlsynth.make_env("prover/coq")


# -- generation (no Coq) -----------------------------------------------------------------


def test_generation_never_runs_a_process(env, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("generation started a process")
    monkeypatch.setattr(subprocess, "Popen", refuse)
    for level in env.levels:
        task = env.sample(level, level=level)
        assert task.meta["statement"] in task.prompt and task.answer


def test_difficulty_and_size_rise_with_level(env):
    means = [sum(env.sample(i, level=level).meta["difficulty"] for i in range(30)) / 30
             for level in env.levels]
    assert means == sorted(means) and means[-1] > 3 * means[0]
    assert [len(env.sample(0, level=level).meta["subgoals"]) for level in env.levels] == [1, 1, 2, 3, 4]


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32), family=st.sampled_from(["mixed", *FAMILIES]),
       parts=st.integers(1, 4), size=st.integers(1, 4))
def test_scaffold_poses_a_piece_of_the_full_theorem(seed, family, parts, size):
    full = make_theorem(random.Random(seed), family, parts, size)
    piece = make_theorem(random.Random(seed), family, parts, size, scaffold=True)
    pieces = ([l.statement for l in full.lemmas] if parts > 1 else []) + [
        g.statement for l in full.lemmas for g in l.subgoals]
    assert piece.statement in pieces
    assert piece.difficulty < full.difficulty or parts == 1 and piece.difficulty <= full.difficulty


def test_heldout_set_is_large_and_covers_every_level():
    problems = heldout_problems()
    assert len(problems) >= 40 and len({p["name"] for p in problems}) == len(problems)
    assert {p["level"] for p in problems} == {1, 2, 3, 4, 5}
    assert {p["topic"] for p in problems} >= {"algebra", "inequalities", "number_theory"}


def test_extract_proof_takes_the_last_block_with_its_offset():
    text = "plan\n```coq\nintros.\n```\nfix:\n<answer>lia.</answer>"
    proof, offset = extract_proof(text)
    assert proof == "lia." and text[offset:offset + 4] == "lia."
    assert extract_proof("```python\nprint(1)\n```") is None
    assert extract_proof("```\nintros.\n```")[0] == "intros.\n"


# -- verification (Coq) ------------------------------------------------------------------


@needs_coq
@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("scaffold", [False, True])
def test_expert_verifies_for_every_family(env, family, scaffold):
    for level in (2, 5):
        task = env.sample(3, level=level, family=family, scaffold=scaffold)
        verdict = env.verify(task, env.expert(task))
        assert verdict.correct and all(s.ok for s in verdict.steps), (task.prompt, verdict.error)


@needs_coq
def test_every_heldout_reference_proof_checks(env):
    failures = []
    for problem in heldout_problems():
        result = prover_env.check_proof(problem["statement"], problem["proof"], 30,
                                        problem["preamble"])
        if not result.ok:
            failures.append((problem["name"], result.error))
    assert not failures


@needs_coq
@pytest.mark.parametrize("completion, reason", [
    ("```coq\nAdmitted.\n```", "vernacular command 'Admitted'"),
    ("```coq\nadmit.\n```", "'admit' is not allowed"),
    ("```coq\nAbort.\nTheorem problem : True. exact I. Qed.\n```", "vernacular command 'Abort'"),
    ("<answer>Axiom cheat : False. destruct cheat.</answer>", "vernacular command 'Axiom'"),
    ("```coq\nintros.\n```", "incomplete proof"),
    ("I think it is true.", "no proof found"),
])
def test_cheats_score_zero_with_the_reason(env, completion, reason):
    task = env.sample(0, level=2, family="lia")
    verdict = env.verify(task, completion)
    assert verdict.score == 0.0 and not verdict.correct and reason in verdict.error


@needs_coq
def test_failing_tactic_is_the_failed_step_and_the_revision_marks_it(env):
    task = next(t for t in (env.sample(i, level=1, family="real") for i in range(50))
                if "x < y ->" in t.meta["statement"])  # a linear one: `intros x y H` works
    completion = "Let me try.\n```coq\nintros x y H.\nsplit.\nlra.\n```"
    verdict = env.verify(task, completion)
    assert not verdict.correct and "tactic 'split.' failed" in verdict.error
    assert [s.ok for s in verdict.steps] == [True, False, False]
    assert completion[slice(*verdict.steps[1].span)] == "split."
    assert verdict.steps[2].reason.startswith("not reached")
    revision = env.revision_prompt(task, completion, verdict)
    assert task.prompt in revision and "<error>split.</error>" in revision
    assert verdict.error in revision


@needs_coq
def test_verify_survives_json_round_trip_and_hostile_text(env):
    task = rlsynth.Task.from_json(env.sample(1, level=3).to_json())
    assert env.verify(task, env.expert(task)).correct
    for junk in ["```coq\n" + "(" * 10000 + ".\n```", "```coq\n\udcff.\n```", "```coq\nlia.```" * 3,
                 "```coq\n" + "idtac. " * 2000 + "\n```"]:
        assert env.verify(task, junk).score == 0.0


def test_without_a_checker_verify_says_so(env, monkeypatch):
    monkeypatch.setattr(prover_env, "coq_available", lambda: False)
    task = env.sample(0)
    verdict = env.verify(task, env.expert(task))
    assert verdict.score == 0.0 and verdict.error == NO_CHECKER and verdict.format_ok


@needs_coq
def test_a_proof_that_copies_the_prompt_code_is_accepted(env):
    task = env.sample(4, level=2)
    code = task.prompt[task.prompt.index("Require"):task.prompt.index("Write the proof")].strip()
    completion = f"```coq\n{code}\nProof.\n{task.answer}\nQed.\n```"
    verdict = env.verify(task, completion)
    assert verdict.correct, verdict.error
    changed = completion.replace("Theorem problem : ", "Theorem problem : True \\/ ", 1)
    assert "restates a different theorem" in env.verify(task, changed).error


@needs_coq
@settings(max_examples=30, deadline=None)
@given(body=st.text(alphabet=st.sampled_from(list("intros lia.auto -+*{}()[]|;:=>\n2Hxy<")),
                    max_size=80))
def test_verify_never_raises_on_tactic_noise(env, body):
    task = env.sample(0, level=1, family="lia")
    verdict = env.verify(task, f"```coq\n{body}\n```")
    assert verdict.score in (0.0, 1.0) and (verdict.error is None) == verdict.correct
