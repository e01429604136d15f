"""Theorem proving with a real proof checker: the policy writes a Coq proof, Coq checks it.

checker.py     the backend interface: check(statement, proof, timeout) -> ProofResult
coq_script.py  the proof-body guard (what a model may write) and Coq's sentence split
coq.py         Coq: one-shot coqc and a pool of warm coqtop workers (the default)
lean.py        Lean 4 through the REPL JSON protocol (enabled when `lean --version` works)
synthetic.py   theorems with known proofs, composed from lemmas by level, with scaffold subgoals
heldout.py     the bundled held-out competition-style set (heldout.json, 48 problems)
env.py         the registered env `prover/coq`; `check_proof` checks through this process's pool

See README.md here for the guard rules, the backends and how to use Lean + Mathlib.
"""
from rlsynth.envs.prover.checker import ProofChecker, ProofResult, TacticResult
from rlsynth.envs.prover.coq import CoqOneShot, CoqPool, coq_available, default_pool
from rlsynth.envs.prover.env import CoqProverEnv, check_proof
from rlsynth.envs.prover.lean import LeanChecker, lean_available

__all__ = ["ProofChecker", "ProofResult", "TacticResult", "CoqOneShot", "CoqPool", "coq_available",
           "default_pool", "CoqProverEnv", "check_proof", "LeanChecker", "lean_available"]
