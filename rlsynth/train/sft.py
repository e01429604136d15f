"""SFT on expert traces with TRL's SFTTrainer: prompt/completion pairs, loss on the completion
only. For a tiny model this is its pretraining. Packing (best-fit decreasing, padding-free) is a
recipe option; it pays off when traces vary a lot in length."""
from __future__ import annotations

from pathlib import Path

from rlsynth.train.data import build_mixture, sft_dataset, tokenized_sft_dataset
from rlsynth.train.models import load_model_and_tokenizer, lora_config
from rlsynth.train.run import common_args, standard_callbacks


def build_sft_trainer(recipe, stage, model_path: str, stage_dir: Path):
    from trl import SFTConfig, SFTTrainer

    model, tokenizer = load_model_and_tokenizer(model_path, dtype=recipe.model.dtype)
    tokenizer.padding_side = "right"
    mixture = build_mixture(recipe.envs, seed=recipe.seed)
    dataset = sft_dataset(mixture, stage.num_examples, recipe.model.prompt_format)
    prepared = {}
    if recipe.model.prompt_format == "plain":
        dataset = tokenized_sft_dataset(dataset, tokenizer, stage.max_length)
        # Packing still goes through TRL (it reads the tokenised rows); otherwise they are final.
        prepared = {"dataset_kwargs": {"skip_prepare_dataset": not stage.packing}}
    config = SFTConfig(
        **common_args(recipe, stage, stage_dir),
        max_length=stage.max_length, packing=stage.packing, completion_only_loss=True,
        dataset_num_proc=None, **{**prepared, **stage.trl})
    callbacks, stop = standard_callbacks(recipe, stage, config.max_steps)
    trainer = SFTTrainer(model=model, args=config, train_dataset=dataset,
                         processing_class=tokenizer, peft_config=lora_config(recipe.model.lora),
                         callbacks=callbacks)
    return trainer, {"stop": stop, "mixture": mixture}
