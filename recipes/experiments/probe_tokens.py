"""Teacher-forced accuracy of a compose SFT model per kind of trace token: which part of a step
(copying the statement, looking up an operand's value given in the prompt or computed earlier in
the trace, by how many lines up, the arithmetic, the answer) it has learned.

    .venv/bin/python recipes/experiments/probe_tokens.py CHECKPOINT [--instructions true|false]
        [--level 2] [--n 200] [--givens named|inline]
"""
from __future__ import annotations

import argparse
import re
from collections import defaultdict

import torch

from rlsynth.registry import make_env
from rlsynth.train.data import format_prompt
from rlsynth.train.models import load_model_and_tokenizer

STEP = re.compile(r"(\w+)=(\w+)([-+*])(\w+)=(\d+)[-+*](\d+)=(\d+)\.")
# A step over two inlined givens (`givens: inline`) has no separate values: `c=3+4=0.`
NUMBERS_STEP = re.compile(r"(?m)(?:^|(?<= ))(\w+)=(\d+)([-+*])(\d+)=(\d+)\.")


def token_kinds(task, trace: str) -> dict[int, str]:
    """Character offset in the trace -> the kind of the character there."""
    known = {task.meta["names"][i] for i in task.meta["known"]}
    line_of = {m[1]: k for k, m in enumerate(re.finditer(r"(?m)^(\w+)=", trace))}
    kinds = {}
    for m in STEP.finditer(trace):
        for group in (1, 2, 3, 4):
            for pos in range(m.start(group), m.end(group)):
                kinds[pos] = "statement copy"
        for group, operand in ((5, m.group(2)), (6, m.group(4))):
            back = line_of[m.group(1)] - line_of.get(operand, 0)
            kinds[m.start(group)] = ("value given in the prompt" if operand in known
                                     else "number in the statement" if operand.isdigit()
                                     else f"value computed {back} line(s) up")
        kinds[m.start(7)] = "arithmetic result"
    for m in NUMBERS_STEP.finditer(trace):
        for group in (1, 2, 3, 4):
            for pos in range(m.start(group), m.end(group)):
                kinds[pos] = "statement copy"
        kinds[m.start(5)] = "arithmetic result"
    answer = trace.rindex("<answer>") + len("<answer>")
    kinds[answer] = "answer"
    return kinds


@torch.no_grad()
def probe(checkpoint: str, level: int, n: int, knobs: dict) -> dict[str, float]:
    model, tokenizer = load_model_and_tokenizer(checkpoint)
    model.eval()
    env = make_env("compose", **knobs)
    hits: dict[str, list[bool]] = defaultdict(list)
    for index in range(n):
        task = env.sample(index, seed=10_007, level=level)
        prompt, trace = format_prompt(task), env.expert(task)
        encoded = tokenizer(prompt + trace, return_offsets_mapping=True)
        ids = torch.tensor([encoded["input_ids"]])
        predicted = model(ids).logits[0].argmax(-1)
        for t, (start, _end) in enumerate(encoded["offset_mapping"]):
            kind = token_kinds(task, trace).get(start - len(prompt)) if start >= len(prompt) else None
            if kind is not None and t > 0:
                hits[kind].append(bool(predicted[t - 1] == ids[0, t]))
    return {kind: sum(v) / len(v) for kind, v in sorted(hits.items())}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("checkpoint")
    parser.add_argument("--instructions", default="false")
    parser.add_argument("--level", type=int, default=2)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--givens", default="named", choices=("named", "inline"))
    args = parser.parse_args()
    knobs = {"template": "symbolic", "shuffle": False, "step_check": "values",
             "instructions": args.instructions == "true", "givens": args.givens}
    for kind, accuracy in probe(args.checkpoint, args.level, args.n, knobs).items():
        print(f"{kind:30s} {100 * accuracy:5.1f} %")


if __name__ == "__main__":
    main()
