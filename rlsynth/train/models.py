"""Models and tokenizers: hub / local Hugging Face causal LMs, or `tiny:<size>` models built from
a config with a tokenizer fitted to the envs' own vocabulary (no download).

A tiny model is written to disk as an ordinary HF checkpoint (`materialize_tiny`) before any
training, so evaluation, resume, LoRA, DeepSpeed and TRL's reference-model reload (which reads
`config._name_or_path`) all take the same path as for a hub model.
"""
from __future__ import annotations

import re
import string
from pathlib import Path

TINY_SIZES = {
    # name: (hidden, layers, heads, intermediate); parameter counts are for a ~100-token vocab
    "100k": (64, 2, 4, 192),
    "1m": (128, 4, 4, 384),
    "10m": (320, 8, 5, 960),
}
SPECIAL_TOKENS = ("<pad>", "<eos>", "<unk>")


def load_model_and_tokenizer(path: str, *, dtype: str = "float32"):
    """An HF causal LM and its tokenizer from a hub id or a checkpoint directory; a LoRA adapter
    directory (peft's `adapter_config.json`) loads its base with the adapter merged in."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(path)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    if (Path(path) / "adapter_config.json").is_file():
        from peft import AutoPeftModelForCausalLM

        model = AutoPeftModelForCausalLM.from_pretrained(path, dtype=getattr(torch, dtype))
        return model.merge_and_unload(), tokenizer
    model = AutoModelForCausalLM.from_pretrained(path, dtype=getattr(torch, dtype))
    return model, tokenizer


def resolve_model(spec, env_names: list[str], out_dir: str | Path, *, seed: int = 0) -> str:
    """A loadable checkpoint path for `spec`: hub ids and directories as given; tiny models are
    built once into `out_dir` (reused when it already holds one)."""
    if not spec.is_tiny:
        return spec.path
    out_dir = Path(out_dir)
    if not (out_dir / "config.json").is_file():
        materialize_tiny(spec, env_names, out_dir, seed=seed)
    return str(out_dir)


def materialize_tiny(spec, env_names: list[str], out_dir: str | Path, *, seed: int = 0) -> Path:
    """Build a `tiny:<size>` model + fitted tokenizer and save both as an HF checkpoint."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM, Qwen2Config, Qwen2ForCausalLM

    size = spec.path.split(":", 1)[1]
    hidden, layers, heads, inter = TINY_SIZES[size]
    tokenizer = build_tokenizer(env_names, kind=spec.tokenizer or "char")
    common = dict(vocab_size=len(tokenizer), hidden_size=hidden, num_hidden_layers=layers,
                  num_attention_heads=heads, num_key_value_heads=heads, intermediate_size=inter,
                  max_position_embeddings=spec.max_position_embeddings, tie_word_embeddings=True,
                  pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id,
                  bos_token_id=None)
    torch.manual_seed(seed)
    if spec.arch == "qwen2":
        model = Qwen2ForCausalLM(Qwen2Config(**common))
    else:
        model = LlamaForCausalLM(LlamaConfig(**common))
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    return out_dir


def build_tokenizer(env_names: list[str], *, kind: str = "char", probe_tasks: int = 32):
    """A `PreTrainedTokenizerFast` over the envs' vocabulary.

    `char`: one token per character (printable ASCII plus every character the envs' vocab,
    prompts and expert traces use). `word`: the envs' `vocab()` entries as whole tokens, longest
    first, with single characters as the fallback. Either way decoding concatenates tokens
    exactly, and offsets map tokens to characters (process rewards need that).
    """
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    if kind not in ("char", "word"):
        raise ValueError(f"tiny tokenizer kind {kind!r} is unknown; use 'char' or 'word'")
    words, chars = _env_vocabulary(env_names, probe_tasks)
    vocab: dict[str, int] = {}
    for token in (*SPECIAL_TOKENS, *string.printable, *sorted(chars)):
        vocab.setdefault(token, len(vocab))
    if kind == "word":
        multi = sorted({w for w in words if len(w) > 1}, key=lambda w: (-len(w), w))
        for token in multi:
            vocab.setdefault(token, len(vocab))
        pattern = "|".join([*(re.escape(w) for w in multi), r"[\s\S]"])
    else:
        pattern = r"[\s\S]"
    core = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    core.pre_tokenizer = pre_tokenizers.Split(Regex(pattern), behavior="isolated")
    core.decoder = decoders.Fuse()
    return PreTrainedTokenizerFast(tokenizer_object=core, pad_token="<pad>", eos_token="<eos>",
                                   unk_token="<unk>", padding_side="left",
                                   model_max_length=1 << 20)


def _env_vocabulary(env_names: list[str], probe_tasks: int) -> tuple[set[str], set[str]]:
    from rlsynth.registry import make_env

    words: set[str] = set()
    chars: set[str] = set()
    for name in env_names:
        env = make_env(name)
        words.update(env.vocab())
        for level in env.levels:
            for index in range(max(1, probe_tasks // env.max_level)):
                task = env.sample(index, seed=-1, level=level)
                chars.update(task.prompt)
                chars.update(env.expert(task))
    for word in words:
        chars.update(word)
    return words, chars


def lora_config(lora):
    """peft LoraConfig for a recipe's `model.lora` section (None: full fine-tuning)."""
    if lora is None:
        return None
    from peft import LoraConfig

    return LoraConfig(r=lora.r, lora_alpha=lora.alpha, lora_dropout=lora.dropout,
                      target_modules=list(lora.target_modules), task_type="CAUSAL_LM")


def save_merged(trainer, out_dir: str | Path, base_path: str) -> None:
    """Save the trained model as a plain HF checkpoint, so the next stage and eval load it like
    any model. `trainer.save_model` gathers ZeRO-3 shards (a collective: every rank calls it).
    LoRA: the adapter goes to `<out_dir>-adapter`, then the main process merges it into a fresh
    copy of the base (merging in place fails under ZeRO-3, whose parameters are shards)."""
    from peft import PeftModel

    if not isinstance(trainer.accelerator.unwrap_model(trainer.model), PeftModel):
        trainer.save_model(str(out_dir))
        return
    adapter_dir = str(out_dir) + "-adapter"
    trainer.save_model(adapter_dir)
    if trainer.accelerator.is_main_process:
        base, tokenizer = load_model_and_tokenizer(base_path)
        merged = PeftModel.from_pretrained(base, adapter_dir).merge_and_unload()
        merged.save_pretrained(out_dir)
        tokenizer.save_pretrained(out_dir)
    trainer.accelerator.wait_for_everyone()
