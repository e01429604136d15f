"""The in-tree env families, one subpackage each (compose, graphs, sudoku, zebra, esolang, prover).

Every subpackage here is imported by `rlsynth.registry.load_envs`, and its `@register`ed envs join
the registry; a new family needs no edit outside its own folder.
"""
