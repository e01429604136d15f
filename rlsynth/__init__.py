"""rlsynth: reinforcement learning on procedurally generated, program-verified reasoning tasks.

The contracts (Task, Verdict, StepVerdict, Env, Knob), the registry (make_env, list_envs,
register) and the machinery that serves every env: mixtures, pooled verification, data adapters.
"""
from rlsynth.answer import extract_answer, extract_boxed, extract_final
from rlsynth.env import Env, Knob, Problem, StepVerdict, Task, Verdict, derive_seed
from rlsynth.registry import UnknownEnvError, env_class, list_envs, make_env, register
from rlsynth.verify import VerifierPool, verify_batch

__all__ = [
    "Env", "Knob", "Problem", "StepVerdict", "Task", "Verdict", "derive_seed",
    "extract_answer", "extract_boxed", "extract_final",
    "UnknownEnvError", "env_class", "list_envs", "make_env", "register",
    "Mixture", "MixtureSpec", "VerifierPool", "verify_batch",
]
__version__ = "0.1.0"


def __getattr__(name: str):
    if name in ("Mixture", "MixtureSpec"):  # imported on first use: pydantic costs ~0.3 s
        from rlsynth import mixture

        return getattr(mixture, name)
    raise AttributeError(f"module 'rlsynth' has no attribute {name!r}")
