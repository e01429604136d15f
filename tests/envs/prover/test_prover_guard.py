"""The proof-body guard and Coq's sentence split (pure Python, no Coq needed)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rlsynth.envs.prover.coq_script import ProofRejected, blank_comments, parse_body


def texts(body: str) -> list[str]:
    return [s.text for s in parse_body(body)]


def test_sentences_bullets_braces_and_selectors():
    body = "intros x y.\nsplit.\n- lia.\n- { nra. }\n2: lia.\nall: auto.\n** exact I."
    assert texts(body) == ["intros x y.", "split.", "-", "lia.", "-", "{", "nra.", "}",
                           "2: lia.", "all: auto.", "**", "exact I."]


def test_spans_index_the_source_with_offset():
    body = "  intros.\n  exact (fun x => x.1).  "
    for sentence in parse_body(body, offset=100):
        start, end = sentence.span
        assert body[start - 100:end - 100] == sentence.text
    assert texts(body)[-1] == "exact (fun x => x.1)."  # a period inside a term does not split


def test_leading_proof_and_trailing_qed_are_dropped():
    assert texts("Proof. intros. lia. Qed.") == ["intros.", "lia."]
    assert texts("Proof.\nreflexivity.\nDefined.") == ["reflexivity."]


def test_comments_are_blanked_with_offsets_kept():
    body = "intros. (* Admitted. (* nested *) Qed. *) lia."
    assert len(blank_comments(body)) == len(body)
    assert texts(body) == ["intros.", "lia."]


@pytest.mark.parametrize("body, reason", [
    ("Admitted.", "vernacular command 'Admitted'"),
    ("intros. Abort. Theorem t : True. exact I. Qed.", "vernacular command 'Abort'"),
    ("Axiom cheat : False. exact cheat.", "vernacular command 'Axiom'"),
    ("Parameter p : False. exact p.", "vernacular command 'Parameter'"),
    ("Hypothesis h : False. exact h.", "vernacular command 'Hypothesis'"),
    ("intros. Qed. Theorem t : True. exact I.", "vernacular command 'Qed'"),
    ("Require Import Classical. apply classic.", "vernacular command 'Require'"),
    ("Set Printing All. lia.", "vernacular command 'Set'"),
    ("Unset Guard Checking. lia.", "vernacular command 'Unset'"),
    ("Ltac t := lia. t.", "vernacular command 'Ltac'"),
    ("Section s. End s. lia.", "vernacular command 'Section'"),
    ("Fail lia. lia.", "vernacular command 'Fail'"),
    ("2: Admitted.", "vernacular command 'Admitted'"),
    ("#[local] Axiom a : False. exact a.", "vernacular command '#"),
    ("admit.", "'admit' is not allowed"),
    ("split; [admit | lia].", "'admit' is not allowed"),
    ("give_up.", "'give_up' is not allowed"),
    ("sorry.", "'sorry' is not allowed"),
    ('idtac "Closed under the global context". lia.', "string literals"),
    ("intros. (* unterminated lia.", "unterminated comment"),
    ("intros. lia", "unfinished sentence"),
    ("", "empty"),
    ("Proof. Qed.", "empty"),
    ("lia.\x00", "control characters"),
    ("lia. \ud800", "UTF-8"),
    ("idtac. " * 5000, "characters"),
])
def test_guard_refuses_with_the_reason(body, reason):
    with pytest.raises(ProofRejected, match=None) as refused:
        parse_body(body)
    assert reason in str(refused.value)


def test_admit_inside_an_identifier_is_fine():
    assert texts("apply my_admit_lemma. exact admits.") == ["apply my_admit_lemma.",
                                                              "exact admits."]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("intros lia. -+*{}()\n\"Qed(*)2:ab")), max_size=60))
def test_guard_only_ever_refuses(body):
    try:
        sentences = parse_body(body)
    except ProofRejected:
        return
    blank = blank_comments(body)
    for sentence in sentences:  # spans index the source; no sentence starts with a command
        start, end = sentence.span
        assert blank[start:end] == sentence.text and sentence.text.strip() == sentence.text
        assert not sentence.text[:1].isupper()


def test_copied_prologue_is_dropped_when_the_statement_is_unchanged():
    statement = "forall x y : Z, x < y -> x + 1 <= y"
    copied = ("Require Import Arith Lia ZArith List Reals Lra Psatz Bool.\nImport ListNotations.\n"
              "Open Scope Z_scope.\n\nTheorem problem : forall x y : Z,\n  x < y -> x + 1 <= y.\n"
              "Proof.\n  intros x y H. lia.\nQed.")
    assert texts_for(copied, statement) == ["intros x y H.", "lia."]


@pytest.mark.parametrize("body, reason", [
    ("Theorem problem : True. Proof. exact I. Qed.", "restates a different theorem"),
    ("Lemma l : forall x y : Z, x < y -> x <= y. Proof. lia. Qed.", "restates a different theorem"),
    ("Require Import Classical. intros. lia.", "vernacular command 'Require'"),
    ("Theorem problem : forall x y : Z, x < y -> x + 1 <= y. Proof. lia. Qed. "
     "Theorem other : True. exact I.", "vernacular command 'Qed'"),
])
def test_changed_statement_or_foreign_import_is_refused(body, reason):
    with pytest.raises(ProofRejected) as refused:
        parse_body(body, statement="forall x y : Z, x < y -> x + 1 <= y")
    assert reason in str(refused.value)


def test_restated_theorem_is_refused_without_a_statement_to_compare():
    with pytest.raises(ProofRejected, match="vernacular command 'Theorem'"):
        parse_body("Theorem problem : True. Proof. exact I. Qed.")


def texts_for(body: str, statement: str) -> list[str]:
    return [s.text for s in parse_body(body, statement=statement)]
