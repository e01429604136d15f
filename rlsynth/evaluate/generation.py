"""Batched decoding on any causal-LM checkpoint, greedy or sampled, deterministic for a fixed seed. Used by `rlsynth eval`, `rlsynth run` and the trainer's
per-stage held-out accuracy."""
from __future__ import annotations

import torch

from rlsynth.env import derive_seed


@torch.no_grad()
def generate_completions(model, tokenizer, prompts: list, *, max_new_tokens: int,
                         batch_size: int = 64, temperature: float | None = None,
                         samples: int = 1, seed: int | None = None) -> list[str]:
    """`samples` completions per prompt, task-major, decoded without special tokens.

    `prompts` are text or chat messages (as `rlsynth.train.data.format_prompt` makes them).
    Greedy when `temperature` is None; otherwise sampled at `temperature` with top-k and top-p
    off, as in training rollouts. With `seed`, torch is reseeded per batch from (seed, batch),
    so the samples do not depend on what ran before in the process.
    """
    tokenizer.padding_side = "left"
    texts = [tokenizer.apply_chat_template(p, tokenize=False, add_generation_prompt=True)
             if isinstance(p, list) else p for p in prompts]
    sampling = {"do_sample": False} if temperature is None else {
        "do_sample": True, "temperature": temperature, "top_k": 0, "top_p": 1.0}
    model.eval()
    completions: list[str] = []
    for start in range(0, len(texts), batch_size):
        batch = tokenizer(texts[start:start + batch_size], return_tensors="pt", padding=True,
                          add_special_tokens=False).to(model.device)
        if seed is not None:
            torch.manual_seed(derive_seed("generate", seed, start) % (2**63))
        out = model.generate(**batch, max_new_tokens=max_new_tokens, **sampling,
                             num_return_sequences=samples,
                             pad_token_id=tokenizer.pad_token_id,
                             eos_token_id=tokenizer.eos_token_id)
        completions.extend(tokenizer.batch_decode(out[:, batch["input_ids"].shape[1]:],
                                                  skip_special_tokens=True))
    return completions


class HFGenerator:
    """Callable `(prompts, samples) -> completions` over a loaded checkpoint, with the decoding
    settings of an `EvalSettings`; each call draws from its own seed."""

    def __init__(self, model, tokenizer, settings) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.settings = settings
        self.calls = 0

    @classmethod
    def load(cls, checkpoint: str, settings) -> HFGenerator:
        from rlsynth.train.models import load_model_and_tokenizer

        return cls(*load_model_and_tokenizer(checkpoint), settings)

    def __call__(self, prompts: list, samples: int) -> list[str]:
        s = self.settings
        self.calls += 1
        return generate_completions(
            self.model, self.tokenizer, prompts, max_new_tokens=s.max_new_tokens,
            batch_size=s.batch_size, temperature=None if s.greedy else s.temperature,
            samples=samples, seed=derive_seed("eval", s.seed, self.calls))

