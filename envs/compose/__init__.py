"""compose: the compositional-reasoning env (Interplay, arXiv 2512.07783; GSM-Infinite).

graph.py    the latent quantity DAG, forward and reverse modes, the gold solution steps
surface.py  templates (symbolic, zoo, school, festival), prompt rendering, the vocabulary
trace.py    the step grammar: expert traces, the parser, node-by-node judging
env.py      ComposeEnv: levels (op count = level + 1), knobs, presets, verify
"""
from .env import ComposeEnv

__all__ = ["ComposeEnv"]
