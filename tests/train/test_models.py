"""Tiny models and fitted tokenizers: exact round trips, offsets, ordinary HF checkpoints."""
import pytest
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

from rlsynth import make_env
from rlsynth.train.models import build_tokenizer, load_model_and_tokenizer, lora_config, resolve_model
from rlsynth.train.recipe import LoraSpec, ModelSpec
from rlsynth.train.scoring import token_offsets


@pytest.mark.parametrize("kind", ["char", "word"])
def test_tokenizer_round_trips_env_text(kind):
    tok = build_tokenizer(["toy/sum"], kind=kind)
    env = make_env("toy/sum")
    task = env.sample(3, level=2)
    for text in (task.prompt + "\n", env.expert(task), "odd ü text\twith tabs"):
        ids = tok(text, add_special_tokens=False)["input_ids"]
        assert tok.decode(ids, skip_special_tokens=True) == text.replace("ü", "")
    assert tok.pad_token == "<pad>" and tok.eos_token == "<eos>" and tok.padding_side == "left"


def test_word_tokenizer_keeps_vocab_entries_whole():
    char, word = build_tokenizer(["toy/sum"]), build_tokenizer(["toy/sum"], kind="word")
    text = "<answer>7</answer>"
    assert len(word(text)["input_ids"]) == 3 < len(char(text)["input_ids"])


def test_token_offsets_cover_the_decoded_text():
    tok = build_tokenizer(["toy/sum"])
    ids = tok("1+2=3.<answer>3</answer>")["input_ids"] + [tok.eos_token_id]
    spans = token_offsets(tok, ids)
    assert spans[0] == (0, 1) and spans[5] == (5, 6) and spans[-1] == (24, 24)


def test_tiny_model_is_an_ordinary_checkpoint(tmp_path):
    spec = ModelSpec(path="tiny:100k")
    path = resolve_model(spec, ["toy/sum"], tmp_path / "init", seed=0)
    model = AutoModelForCausalLM.from_pretrained(path)
    tok = AutoTokenizer.from_pretrained(path)
    assert model.config.vocab_size == len(tok)
    assert model.config.eos_token_id == tok.eos_token_id
    assert 50_000 < sum(p.numel() for p in model.parameters()) < 200_000
    # a second resolve reuses the checkpoint, and a local directory passes through unchanged
    assert resolve_model(spec, ["toy/sum"], tmp_path / "init") == path
    assert resolve_model(ModelSpec(path=path), [], tmp_path / "x") == path
    model2, tok2 = load_model_and_tokenizer(path)
    assert torch.equal(model2.model.embed_tokens.weight, model.model.embed_tokens.weight)


def test_qwen2_arch_and_lora_config(tmp_path):
    path = resolve_model(ModelSpec(path="tiny:100k", arch="qwen2"), ["toy/sum"], tmp_path / "q")
    assert AutoModelForCausalLM.from_pretrained(path).config.model_type == "qwen2"
    config = lora_config(LoraSpec(r=4, alpha=8))
    assert config.r == 4 and set(config.target_modules) >= {"q_proj", "v_proj"}
    assert lora_config(None) is None


def test_unknown_tiny_size_is_refused():
    with pytest.raises(ValueError, match="tiny:1m"):
        ModelSpec(path="tiny:3m")
