"""Theorem proving with a real proof checker: the policy writes a Coq proof, Coq checks it.

checker.py     the backend interface: check(statement, proof, timeout) -> ProofResult
coq_script.py  the proof-body guard (what a model may write) and Coq's sentence split
coq.py         Coq: one-shot coqc and a pool of warm coqtop workers (the default)
lean.py        Lean 4 through the REPL JSON protocol (enabled when `lean --version` works)
synthetic.py   theorems with known proofs, composed from lemmas by level
heldout.py     the bundled held-out competition-style set (heldout.json)
env.py         the registered env `prover/coq`
"""
from rlsynth.envs.prover import env  # noqa: F401  (registers prover/coq)
