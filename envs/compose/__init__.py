"""compose: the compositional-reasoning env (Interplay, arXiv 2512.07783; GSM-Infinite).

A problem is a DAG of quantities modulo a prime; the op count (level L -> L + 1 operations) is the
difficulty axis; `mode` forward asks for the result, reverse gives the result and asks for an
input; `template` picks the surface: `symbolic` (default; `c=a+b.` statements, traces
`c=a+b=3+5=1.`) or the stories `zoo`, `school`, `festival` (traces `Define <quantity> as c; so
c = a + b = 3 + 5 = 1.`, with a step for each given they use). A from-scratch character model on
a CPU budget: the `quickstart` preset (symbolic, statements in solution order, op 3), with
`step_check: values` if its process reward should ignore mis-copied names.

graph.py    the latent quantity DAG, forward and reverse modes, the gold solution steps
surface.py  templates, prompt rendering, the vocabulary (and `split_words`, its word splitter)
trace.py    the step grammar: expert traces, the parser, node-by-node judging (full / values)
env.py      ComposeEnv: levels, knobs, presets, verify (info: process_acc, process_score,
            verified_correct)
"""
from .env import ComposeEnv

__all__ = ["ComposeEnv"]
