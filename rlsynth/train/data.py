"""What the trainers read, built on rlsynth's Mixture and adapters: a lazily generated prompt
stream (its levels can move while training runs, for the curriculum), SFT records from expert
traces, and held-out tasks from a disjoint stream."""
from __future__ import annotations

from typing import Any

from rlsynth.env import Task
from rlsynth.mixture import Mixture

HELDOUT_SEED = 1_000_003  # training draws stream `recipe.seed`; held-out tasks draw this one


def build_mixture(entries, seed: int = 0) -> Mixture:
    """The `Mixture` for a recipe's `envs:` entries."""
    return Mixture([e.mixture_entry() for e in entries], seed=seed)


def format_prompt(task: Task, prompt_format: str = "plain") -> Any:
    """The model's input for a task: adapters' format, and for `plain` a newline that separates
    the question from the completion (tiny models have no chat template to do it)."""
    from rlsynth.adapters import format_prompt as adapter_format

    prompt = adapter_format(task, prompt_format)
    return prompt + "\n" if prompt_format == "plain" else prompt


def render_row(mixture: Mixture, index: int, prompt_format: str = "plain") -> dict:
    """Row `index` of the prompt stream at the mixture's current levels and weights."""
    task = mixture.sample(int(index))
    return {"prompt": format_prompt(task, prompt_format), "task": task.to_json()}


def prompt_stream(mixture: Mixture, num_prompts: int, prompt_format: str = "plain"):
    """A `datasets.Dataset` of `num_prompts` rows generated on access (a transform over row
    indices) from the mixture's *current* levels and weights, so curriculum moves act on later
    batches. Rows carry `index` and the task JSON (`task`) for the reward function."""
    from datasets import Dataset

    def render(batch: dict) -> dict:
        rows = [render_row(mixture, i, prompt_format) for i in batch["index"]]
        return {"index": list(batch["index"]), "prompt": [r["prompt"] for r in rows],
                "task": [r["task"] for r in rows]}

    return Dataset.from_dict({"index": list(range(num_prompts))}).with_transform(render)


def sft_dataset(mixture: Mixture, num_examples: int, prompt_format: str = "plain"):
    """Prompt/completion pairs from expert traces (SFTTrainer adds EOS; loss on completions)."""
    from datasets import Dataset

    from rlsynth.adapters import sft_records

    rows = sft_records(mixture, num_examples, prompt_format=prompt_format)
    return Dataset.from_dict({
        "prompt": [format_prompt(Task.from_json(r["task"]), prompt_format) for r in rows],
        "completion": [r["completion"] for r in rows]})


def tokenized_sft_dataset(dataset, tokenizer, max_length: int):
    """Plain-format SFT rows as SFTTrainer's preparation leaves them, made in batched tokenizer
    calls: `input_ids` of prompt + completion + EOS and `labels` with the prompt masked (-100),
    keeping the first `max_length` tokens; rows with no completion token left are dropped. TRL prepares
    one example at a time (about 2.5 minutes for 48k traces on 2 cores), this takes seconds."""
    from datasets import Dataset

    prompts, completions = list(dataset["prompt"]), list(dataset["completion"])
    prompt_ids = tokenizer(prompts)["input_ids"]
    full_ids = tokenizer([p + c + tokenizer.eos_token
                          for p, c in zip(prompts, completions)])["input_ids"]
    rows = {"input_ids": [], "labels": []}
    for prompt, full in zip(prompt_ids, full_ids):
        cut = min(len(prompt), len(full))
        ids, labels = full[:max_length], ([-100] * cut + full[cut:])[:max_length]
        if any(label != -100 for label in labels):
            rows["input_ids"].append(ids)
            rows["labels"].append(labels)
    return Dataset.from_dict(rows)


def heldout_tasks(mixture: Mixture, n: int) -> list[Task]:
    """`n` tasks at the mixture's current levels and weights from the held-out stream."""
    heldout = Mixture([{"name": name, "weight": mixture.weights[name],
                        "levels": mixture.levels[name], "knobs": env.overrides}
                       for name, env in mixture.envs.items()], seed=HELDOUT_SEED)
    return heldout.tasks(n)
