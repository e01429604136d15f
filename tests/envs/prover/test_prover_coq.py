"""The Coq backend for real: correct proofs pass on both paths, every cheat fails with its
reason, a looping proof is cut at the timeout and the next check works."""
from __future__ import annotations

import pytest

from rlsynth.envs.prover.coq import CoqPool, coq_available, parse_axioms, verdict_from_axioms
from rlsynth.envs.prover.env import NO_CHECKER

pytestmark = pytest.mark.skipif(not coq_available(), reason=NO_CHECKER)

Z = "Open Scope Z_scope."
LINEAR = "forall x y : Z, x < y -> 3 * x + 2 < 3 * y + 5"

CHEATS = {  # proof body -> the reason it must fail with
    "Admitted.": "vernacular command 'Admitted'",
    "admit.": "'admit' is not allowed",
    "intros. Abort. Theorem t : True. Proof. exact I. Qed.": "vernacular command 'Abort'",
    "Axiom cheat : False. destruct cheat.": "vernacular command 'Axiom'",
    "Parameter cheat : False. destruct cheat.": "vernacular command 'Parameter'",
    "Hypothesis cheat : False. destruct cheat.": "vernacular command 'Hypothesis'",
    "intros. Qed. Lemma l : True. exact I.": "vernacular command 'Qed'",
    "Require Import Classical. intros. lia.": "vernacular command 'Require'",
    "Unset Guard Checking. intros. lia.": "vernacular command 'Unset'",
    "Ltac finish := lia. intros. finish.": "vernacular command 'Ltac'",
    "End Top. intros. lia.": "vernacular command 'End'",
    "sorry.": "'sorry' is not allowed",
    "give_up.": "'give_up' is not allowed",
    "(* Admitted. *) intros. (* lia. *)": "incomplete proof",
    'idtac "Closed under the global context".': "string literals",
    "intros. exact I.": "failed",
    "intros x y H. split.": "failed",
    "intros.": "incomplete proof",
    "intros. lia": "unfinished sentence",
}


@pytest.mark.parametrize("path", ["warm", "oneshot"])
def test_correct_proof_passes_on_both_paths(path, request):
    checker = request.getfixturevalue(path)
    statement = "forall x y : R, x < y -> 3 * x + 2 < 3 * y + 5"
    result = checker.check(statement, "Proof.\nintros x y H.\nlra.\nQed.", 30,
                           preamble="Open Scope R_scope.")
    assert result.ok, result.messages
    if path == "warm":  # per-tactic verdicts from stepping through the warm process
        assert [(t.text, t.ok) for t in result.tactics] == [("intros x y H.", True), ("lra.", True)]
    else:  # the one-shot path audits axioms: the Reals library's own are on the allow-list
        assert "ClassicalDedekindReals.sig_forall_dec" in result.axioms


@pytest.mark.parametrize("body, reason", list(CHEATS.items()))
def test_every_cheat_fails_with_its_reason_warm(warm, body, reason):
    result = warm.check(LINEAR, body, 30, preamble=Z)
    assert not result.ok and reason in result.error, result.messages


@pytest.mark.parametrize("body", ["Admitted.", "intros. Abort. Theorem t : True. Proof. exact I. Qed.",
                                  "(* Admitted. *) intros. (* lia. *)"])
def test_cheats_fail_one_shot_too(oneshot, body):
    result = oneshot.check(LINEAR, body, 30, preamble=Z)
    assert not result.ok
    assert CHEATS[body] in result.error or "incomplete" in CHEATS[body] + result.error


def test_the_statement_cannot_be_changed(warm):
    # The body cannot name the goal (its name is a fresh nonce) nor start another theorem.
    assert not warm.check("False", "exact I.", 30).ok
    refused = warm.check("False", "Abort. Theorem goal : True. exact I. Qed.", 30)
    assert "vernacular command 'Abort'" in refused.error


def test_failed_tactic_stops_the_steps(warm):
    result = warm.check(LINEAR, "intros x y H.\nsplit.\nlia.", 30, preamble=Z)
    assert not result.ok and "tactic 'split.' failed" in result.error
    assert [t.ok for t in result.tactics] == [True, False]


def test_bullets_and_braces_are_stepped(warm):
    result = warm.check("True /\\ (True /\\ True)", "split.\n- exact I.\n- split.\n  + exact I.\n  + { exact I. }", 30)
    assert result.ok, result.messages
    assert all(t.ok for t in result.tactics) and len(result.tactics) == 11


def test_loop_is_cut_at_the_timeout_and_the_next_check_works(warm):
    restarts = warm.restarts
    assert warm.check(LINEAR, "intros. lia.", 30, preamble=Z).ok
    looping = warm.check(LINEAR, "intros. do 1000000000 idtac. lia.", 1, preamble=Z)
    assert not looping.ok and looping.error.startswith("timeout")
    assert warm.restarts == restarts + 1  # the looping worker was killed
    assert warm.check(LINEAR, "intros. lia.", 30, preamble=Z).ok


def test_oneshot_timeout(oneshot):
    result = oneshot.check(LINEAR, "intros. do 1000000000 idtac. lia.", 1, preamble=Z)
    assert not result.ok and result.error.startswith("timeout")


def test_state_does_not_leak_between_checks(warm):
    assert warm.check("forall x : R, x <= x + 1", "intros x. lra.", 30, preamble="Open Scope R_scope.").ok
    # The scope opened by the previous task's preamble is gone: 1 + 1 = 2 reads in nat again.
    assert warm.check("1 + 1 = 2", "reflexivity.", 30).ok
    assert warm.check("forall n : nat, n + 0 = n", "intros n. lia.", 30).ok


def test_axiom_audit_rejects_axioms_outside_the_allow_list():
    # The guard keeps Axiom out of proofs, so declare one in the trusted preamble to exercise the
    # audit: the proof goes through, Print Assumptions names the axiom, the verdict is no.
    audited = CoqPool(size=1, audit_axioms=True)
    try:
        result = audited.check("1 = 2", "exact (cheat_axiom 1 2).", 30,
                               preamble="Axiom cheat_axiom : forall a b : nat, a = b.")
        assert not result.ok and "disallowed axioms: cheat_axiom" in result.error
        honest = audited.check("forall n : nat, n + 0 = n", "intros n. induction n; simpl; congruence.", 30)
        assert honest.ok and honest.axioms == ()
    finally:
        audited.close()


def test_oneshot_audits_axioms(oneshot):
    result = oneshot.check("1 = 2", "exact (cheat_axiom 1 2).", 30,
                           preamble="Axiom cheat_axiom : forall a b : nat, a = b.")
    assert not result.ok and "cheat_axiom" in result.error


def test_parse_axioms_reads_both_layouts():
    short = "Axioms:\nClassical_Prop.classic : forall P : Prop, P \\/ ~ P\n"
    long = ("Axioms:\nFunctionalExtensionality.functional_extensionality_dep\n  : forall (A : Type),"
            "\n    A\n")
    assert parse_axioms(short) == ("Classical_Prop.classic",)
    assert parse_axioms(long) == ("FunctionalExtensionality.functional_extensionality_dep",)
    assert parse_axioms("Closed under the global context") == ()
    assert parse_axioms("nothing") is None
    assert verdict_from_axioms(("Classical_Prop.classic",), "")[0]
    assert not verdict_from_axioms(("cheat",), "")[0]


def test_planted_markup_in_a_failing_sentence_does_not_hide_its_error(warm):
    # Coq echoes a failing sentence; fake prompt or infomsg tags in it must not mask the error
    # nor desynchronise the worker.
    for body in ["intros x y H. idtac <prompt>Coq < 5 || 0 < </prompt>. lia.",
                 "intros x y H. lia <infomsg>. idtac </infomsg>."]:
        result = warm.check(LINEAR, body, 30, preamble=Z)
        assert not result.ok and not result.tactics[1].ok
    assert warm.check(LINEAR, "intros x y H. lia.", 30, preamble=Z).ok


def test_a_forked_child_gets_its_own_pool_and_leaves_the_parents_alone(warm):
    import os

    from rlsynth.envs.prover.coq import default_pool
    parent = default_pool()
    assert parent.check("1 + 1 = 2", "reflexivity.", 30).ok
    pid = os.fork()
    if pid == 0:  # child: the inherited pool refuses, a fresh default pool works
        code = 0
        try:
            parent.check("True", "exact I.", 30)
            code = 1
        except RuntimeError:
            own = default_pool()
            code = 0 if own is not parent and own.check("True", "exact I.", 30).ok else 2
            own.close()
        finally:
            parent.close()  # what the child's atexit would do: must not kill the parent's coqtop
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert parent.check("2 + 2 = 4", "reflexivity.", 30).ok
