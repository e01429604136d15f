"""Held-out accuracy of a checkpoint: greedy completions on tasks from a stream disjoint from
training, verified like training rollouts. A quick per-stage signal; `rlsynth eval` is the full
report (pass@k tables, plots)."""
from __future__ import annotations

import torch

from rlsynth.train.data import build_mixture, format_prompt, heldout_tasks
from rlsynth.train.models import load_model_and_tokenizer


@torch.no_grad()
def generate_completions(model, tokenizer, prompts: list, *, max_new_tokens: int,
                         batch_size: int = 64, temperature: float | None = None) -> list[str]:
    """Completions (decoded, special tokens dropped) for plain or chat prompts: greedy, or
    sampled at `temperature` (top-k off, as in training rollouts)."""
    tokenizer.padding_side = "left"
    texts = [tokenizer.apply_chat_template(p, tokenize=False, add_generation_prompt=True)
             if isinstance(p, list) else p for p in prompts]
    outputs = []
    model.eval()
    for start in range(0, len(texts), batch_size):
        enc = tokenizer(texts[start:start + batch_size], return_tensors="pt", padding=True,
                        add_special_tokens=False).to(model.device)
        sampling = {"do_sample": False} if temperature is None else {
            "do_sample": True, "temperature": temperature, "top_k": 0}
        out = model.generate(**enc, max_new_tokens=max_new_tokens, **sampling,
                             pad_token_id=tokenizer.pad_token_id,
                             eos_token_id=tokenizer.eos_token_id)
        outputs.extend(tokenizer.batch_decode(out[:, enc["input_ids"].shape[1]:],
                                              skip_special_tokens=True))
    return outputs


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
    torch.manual_seed(seed)
    completions = generate_completions(
        model, tokenizer, [format_prompt(t, recipe.model.prompt_format) for t in tasks],
        max_new_tokens=recipe.generation.max_completion_length,
        temperature=recipe.generation.temperature if sampled else None)
    verdicts = verify_batch(tasks, completions, workers=recipe.verifier_workers,
                            timeout=recipe.verifier_timeout)
    return sum(v.correct for v in verdicts) / max(len(verdicts), 1)
