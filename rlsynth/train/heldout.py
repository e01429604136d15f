"""Held-out accuracy of a checkpoint: greedy completions on tasks from a stream disjoint from
training, verified like training rollouts. A quick per-stage signal; `rlsynth eval` is the full
report (pass@k tables, plots)."""
from __future__ import annotations

from rlsynth.evaluate.generation import generate_completions
from rlsynth.train.data import build_mixture, format_prompt, heldout_tasks
from rlsynth.train.models import load_model_and_tokenizer


def heldout_accuracy(recipe, model_dir: str, n: int, *, levels: dict | None = None,
                     sampled: bool = False, seed: int = 0) -> float:
    """Fraction of `n` held-out tasks solved, at the recipe's levels or `levels` (env -> levels).
    Greedy by default; `sampled` draws one completion per task at the recipe's temperature, with
    torch seeded by `seed` (pass@1 as the policy samples in training)."""
    from rlsynth.verify import verify_batch

    mixture = build_mixture(recipe.envs, seed=recipe.seed)
    for env, env_levels in (levels or {}).items():
        mixture.set_levels(env, env_levels)
    tasks = heldout_tasks(mixture, n)
    model, tokenizer = load_model_and_tokenizer(model_dir, dtype=recipe.model.dtype)
    completions = generate_completions(
        model, tokenizer, [format_prompt(t, recipe.model.prompt_format) for t in tasks],
        max_new_tokens=recipe.generation.max_completion_length,
        temperature=recipe.generation.temperature if sampled else None, seed=seed)
    verdicts = verify_batch(tasks, completions, workers=recipe.verifier_workers,
                            timeout=recipe.verifier_timeout)
    return sum(v.correct for v in verdicts) / max(len(verdicts), 1)
