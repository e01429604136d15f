"""rlsynth: reinforcement learning on procedurally generated, program-verified reasoning tasks.

The contracts (Task, Verdict, StepVerdict, Env, Knob), the registry (make_env, list_envs,
register) and the machinery that serves every env: mixtures, pooled verification, data adapters.
"""
from rlsynth.answer import extract_answer, extract_boxed, extract_final
from rlsynth.env import Env, Knob, Problem, StepVerdict, Task, Verdict, derive_seed
from rlsynth.registry import UnknownEnvError, env_class, list_envs, make_env, register

__all__ = [
    "Env", "Knob", "Problem", "StepVerdict", "Task", "Verdict", "derive_seed",
    "extract_answer", "extract_boxed", "extract_final",
    "UnknownEnvError", "env_class", "list_envs", "make_env", "register",
]
__version__ = "0.1.0"
