"""Batched decoding for evaluation: HF `generate` on any causal-LM checkpoint (LoRA adapter
directories too), greedy or sampled, deterministic for a fixed seed."""
from __future__ import annotations

from pathlib import Path

from rlsynth.env import derive_seed


class HFGenerator:
    """Callable `(prompts, samples) -> completions`, task-major (`samples` per prompt)."""

    def __init__(self, model, tokenizer, settings) -> None:
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.settings = settings
        self.calls = 0

    @classmethod
    def load(cls, checkpoint: str, settings) -> HFGenerator:
        model, tokenizer = load_checkpoint(checkpoint)
        return cls(model, tokenizer, settings)

    def __call__(self, prompts: list, samples: int) -> list[str]:
        """`prompts` as `rlsynth.train.data.format_prompt` makes them: text, or chat messages."""
        import torch

        s = self.settings
        texts = [self.tokenizer.apply_chat_template(p, tokenize=False, add_generation_prompt=True)
                 if isinstance(p, list) else p for p in prompts]
        completions: list[str] = []
        for start in range(0, len(texts), s.batch_size):
            batch = self.tokenizer(texts[start:start + s.batch_size], return_tensors="pt",
                                   padding=True, add_special_tokens=False)
            # One seed per (eval seed, call, batch): the same run decodes the same samples.
            torch.manual_seed(derive_seed("eval", s.seed, self.calls, start) % (2**63))
            with torch.no_grad():
                out = self.model.generate(
                    **batch, max_new_tokens=s.max_new_tokens, do_sample=not s.greedy,
                    temperature=None if s.greedy else s.temperature,
                    top_p=None, top_k=None,
                    num_return_sequences=samples,
                    pad_token_id=self.tokenizer.pad_token_id,
                    eos_token_id=self.tokenizer.eos_token_id)
            new_tokens = out[:, batch["input_ids"].shape[1]:]
            completions.extend(self.tokenizer.batch_decode(new_tokens, skip_special_tokens=True))
        self.calls += 1
        return completions


def load_checkpoint(checkpoint: str):
    """Model and tokenizer from a checkpoint dir or hub id; a LoRA adapter dir loads its base."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    path = Path(checkpoint)
    if (path / "adapter_config.json").is_file():
        from peft import AutoPeftModelForCausalLM

        model = AutoPeftModelForCausalLM.from_pretrained(checkpoint, dtype=torch.float32)
        model = model.merge_and_unload()
    else:
        model = AutoModelForCausalLM.from_pretrained(checkpoint, dtype=torch.float32)
    tokenizer = AutoTokenizer.from_pretrained(checkpoint)
    tokenizer.padding_side = "left"
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return model, tokenizer

