"""The Lean 4 REPL client against a fake REPL that replays recorded protocol exchanges."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from rlsynth.envs.prover.lean import (LeanChecker, LeanUnavailable, guard_lean_proof,
                                      judge_response, lean_available, theorem_code)

FAKE_REPL = (sys.executable, str(Path(__file__).with_name("fake_lean_repl.py")))
STATEMENT = "(a b : ℝ) : 2 * a * b ≤ a ^ 2 + b ^ 2"


@pytest.fixture
def checker():
    lean = LeanChecker(project=".", repl=FAKE_REPL, check_toolchain=False)
    yield lean
    lean.close()


def test_correct_proof_passes_with_its_axioms(checker):
    result = checker.check(STATEMENT, "nlinarith [sq_nonneg (a - b)]", timeout=20)
    assert result.ok, result.messages
    assert result.axioms == ("propext", "Classical.choice", "Quot.sound")
    again = checker.check(STATEMENT, "norm_num", timeout=20)  # same warm REPL, next env
    assert again.ok and again.axioms == () and again.info["env"] == 2


def test_lean_error_fails_with_the_message(checker):
    result = checker.check("(x : ℝ) (h₀ : 3 * x + 7 = 22) : x = 5", "linarith", timeout=20)
    assert not result.ok and "linarith failed" in result.error


def test_disallowed_axiom_fails(checker):
    result = checker.check(": 2 ^ 10 % 7 = 2", "native_decide", timeout=20)
    assert not result.ok and "Lean.ofReduceBool" in result.error


@pytest.mark.parametrize("proof, word", [
    ("sorry", "sorry"), ("admit", "admit"), ("exact?", "exact?"), ("apply?", "apply?"),
    ("norm_num\naxiom cheat : False", "axiom"), ("norm_num\n#eval 1", "#"),
    ("norm_num\ntheorem t : True := trivial", "theorem"), ("set_option maxHeartbeats 0 in\nsimp", "set_option"),
])
def test_guard_refuses_escape_hatches(checker, proof, word):
    result = checker.check(STATEMENT, proof, timeout=20)
    assert not result.ok and result.error.startswith("rejected:") and word in result.error


def test_timeout_restarts_the_repl_and_the_next_check_works(checker):
    result = checker.check(STATEMENT, "sleep_forever", timeout=1.5)
    assert not result.ok and result.error.startswith("timeout")
    assert checker.check(STATEMENT, "nlinarith [sq_nonneg (a - b)]", timeout=20).ok
    assert checker.restarts == 1


def test_crash_restarts_the_repl(checker):
    result = checker.check(STATEMENT, "crash_now", timeout=20)
    assert not result.ok and "crashed" in result.error
    assert checker.check(STATEMENT, "norm_num", timeout=20).ok


def test_judge_response_follows_goedel_complete_rule():
    name = "goal_x"
    sorry = {"sorries": [{"proofState": 0, "goal": "⊢ False"}],
             "messages": [{"severity": "warning", "data": "declaration uses 'sorry'"}]}
    assert judge_response(name, sorry)[0] is False
    warned = {"messages": [{"severity": "warning", "data": "declaration uses 'sorry'"},
                           {"severity": "info", "data": f"'{name}' does not depend on any axioms"}]}
    assert judge_response(name, warned)[0] is False
    silent = {"messages": []}  # no #print axioms answer: refuse rather than trust
    assert judge_response(name, silent)[0] is False
    other = {"messages": [{"severity": "info", "data": "'other' does not depend on any axioms"}]}
    assert judge_response(name, other)[0] is False


def test_theorem_code_pins_statement_and_indents_the_proof():
    code = theorem_code("goal_1", STATEMENT, "intro h\nsimp", preamble="open Real")
    assert code == ("open Real\n\ntheorem goal_1 (a b : ℝ) : 2 * a * b ≤ a ^ 2 + b ^ 2 := by\n"
                    "  intro h\n  simp\n\n#print axioms goal_1")
    assert guard_lean_proof("nlinarith [sq_nonneg (a + b), sq_nonneg (a - b)]") is None


def test_enabled_only_when_lean_runs(tmp_path):
    if lean_available(str(tmp_path)):
        pytest.skip("a Lean toolchain is installed here")
    with pytest.raises(LeanUnavailable, match="lean --version"):
        LeanChecker(project=str(tmp_path))
