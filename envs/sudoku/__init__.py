"""Sudoku (4x4, 6x6, 9x9) after Shah et al. (NeurIPS'24): unique puzzles rated by the human
strategies they need, expert traces in solver order, and a verifier that checks every step.

board.py (geometry, candidates, random grids) -> strategies.py (what each strategy licenses, and
finders) -> solver.py (simplest-first solve, exact counter) -> generator.py (digging) ->
trace.py (step grammar and step judging) -> env.py (the registered envs).
"""
from rlsynth.envs.sudoku import env  # noqa: F401  (registers sudoku/4x4, sudoku/6x6, sudoku/9x9)
