"""Esoteric-language tasks: write, predict and trace Brainf*ck and Befunge-93 programs.

`brainfuck` and `befunge` are the sandboxed interpreters; `bfgen` builds reference Brainf*ck
programs from a few macros; `specs` holds the write-task specifications with their hidden-test
generators and reference programs in both languages; `write`, `predict` and `trace` are the envs.
"""
from rlsynth.envs.esolang import predict, trace, write  # noqa: E402,F401  (registers the envs)
