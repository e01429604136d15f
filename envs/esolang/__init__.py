"""Esoteric-language tasks: write, predict and trace Brainf*ck and Befunge-93 programs.

Six envs, one per (direction, language), so that the contract suite covers both languages:

- `esolang/bf-write`, `esolang/befunge-write`: write a program for a spec (16 specs in four tiers,
  easy to extra-hard, instance parameters drawn per task); scored on hidden I/O tests stored in
  `meta["tests"]`: score = fraction passed, correct = all passed. Levels 1..8.
- `esolang/bf-predict`, `esolang/befunge-predict`: state a program's exact output. Levels 1..6.
- `esolang/bf-trace`, `esolang/befunge-trace`: state the machine after given step counts, one
  line per state; each line is a step of the step grammar. Levels 1..6.

Modules: `brainfuck` and `befunge` are the sandboxed interpreters (every run bounded in steps,
output, memory and wall time; a limit hit is a status, never an exception), both returning a
`result.Result`; `bfgen` builds Brainf*ck reference programs from macros; `specs` holds the write
specs with their test generators and reference programs in both languages; `programs` draws
programs to read, records their runs step by step, and holds `ReadEnv`, the base of the predict
and trace envs; `language` holds the prompts' rules, running a completion's program, and answer
extraction; `write`, `predict`, `trace` are the envs.
"""
from rlsynth.envs.esolang import predict, trace, write  # noqa: F401  (registers the envs)
