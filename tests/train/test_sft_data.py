"""The batched SFT tokenisation gives exactly the rows TRL's own preparation gives."""
import pytest

from rlsynth.train.data import build_mixture, sft_dataset, tokenized_sft_dataset
from rlsynth.train.models import build_tokenizer
from rlsynth.train.recipe import EnvEntry


@pytest.mark.parametrize("kind", ["char", "word"])
@pytest.mark.parametrize("cut", [False, True])
def test_batched_tokenisation_matches_trls_preparation(kind, cut):
    from transformers import LlamaConfig, LlamaForCausalLM
    from trl import SFTConfig, SFTTrainer

    tokenizer = build_tokenizer(["compose"], kind=kind)
    tokenizer.padding_side = "right"
    mixture = build_mixture([EnvEntry(name="compose", levels=[1, 4])])
    rows = sft_dataset(mixture, 24)
    lengths = sorted(len(tokenizer(p + c)["input_ids"])
                     for p, c in zip(rows["prompt"], rows["completion"]))
    max_length = lengths[len(lengths) // 2] if cut else lengths[-1] + 1
    model = LlamaForCausalLM(LlamaConfig(vocab_size=len(tokenizer), hidden_size=16,
                                         num_hidden_layers=1, num_attention_heads=2,
                                         intermediate_size=32))
    args = SFTConfig(output_dir="unused", max_length=max_length, completion_only_loss=True,
                     report_to="none", use_cpu=True)
    theirs = SFTTrainer(model=model, args=args, train_dataset=rows,
                        processing_class=tokenizer).train_dataset
    ours = tokenized_sft_dataset(rows, tokenizer, max_length)
    assert ours["input_ids"] == theirs["input_ids"]
    assert ours["labels"] == theirs["labels"]
    ends = {ids[-1] == tokenizer.eos_token_id for ids in ours["input_ids"]}
    assert ends == ({True, False} if cut else {True})


def test_rows_cut_before_their_completion_are_dropped():
    tokenizer = build_tokenizer(["compose"])
    rows = sft_dataset(build_mixture([EnvEntry(name="compose", levels=[1])]), 4)
    shortest_prompt = min(len(p) for p in rows["prompt"])
    assert len(tokenized_sft_dataset(rows, tokenizer, shortest_prompt)) == 0


def test_tokenised_rows_pack_through_trl():
    from transformers import LlamaConfig, LlamaForCausalLM
    from trl import SFTConfig, SFTTrainer

    tokenizer = build_tokenizer(["compose"])
    ours = tokenized_sft_dataset(
        sft_dataset(build_mixture([EnvEntry(name="compose", levels=[1, 3])]), 16), tokenizer, 256)
    model = LlamaForCausalLM(LlamaConfig(vocab_size=len(tokenizer), hidden_size=16,
                                         num_hidden_layers=1, num_attention_heads=2,
                                         intermediate_size=32))
    args = SFTConfig(output_dir="unused", max_length=1024, packing=True, report_to="none",
                     use_cpu=True)
    packed = SFTTrainer(model=model, args=args, train_dataset=ours,
                        processing_class=tokenizer).train_dataset
    assert len(packed) < len(ours)
    assert sum(map(len, packed["labels"])) == sum(map(len, ours["labels"]))
    assert sorted(t for row in packed["labels"] for t in row) == sorted(
        t for row in ours["labels"] for t in row)
