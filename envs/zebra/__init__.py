"""Zebra (Einstein) puzzles after Shah et al. (NeurIPS'24): N houses x M attributes, seven clue
kinds, a propagation solver that both generates irredundant unique puzzles and judges each
cited-clue deduction step.

logic.py (clues, propagation) -> generator.py (solution, clues, pruning, expert order) ->
env.py (the registered `zebra` env: prompt, verifier, expert).
"""
from rlsynth.envs.zebra import env  # noqa: F401  (registers zebra)
