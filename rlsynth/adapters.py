"""rlsynth envs for other trainers: Hugging Face datasets, JSONL files and TRL reward functions.

    mixture = Mixture.from_yaml("mixture.yaml")
    train = prompt_dataset(mixture, 10_000)                  # columns prompt, task, env, level, uid
    trainer = GRPOTrainer(model, reward_funcs=make_reward_function(), train_dataset=train, ...)

TRL's GRPOTrainer reads `prompt` and passes the other columns to reward functions, so the reward
function finds each completion's task in the `task` column (task JSON) and verifies it through
`verify_batch`. `sft_dataset` gives prompt/completion pairs from expert traces (SFTTrainer's
prompt-completion format). JSONL holds tasks, or (task, completion, verdict) records, one per line.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from rlsynth.env import Task, Verdict
from rlsynth.mixture import Mixture
from rlsynth.verify import DEFAULT_TIMEOUT_S, VerifierPool, verify_batch

PromptFormat = Literal["plain", "chat"]


# --------------------------------------------------------------------------------------------
# Datasets


def format_prompt(task: Task, prompt_format: PromptFormat = "plain",
                  system_prompt: str | None = None) -> str | list[dict]:
    """The prompt text, or (`chat`) a list of messages: an optional system message, then the user's."""
    if prompt_format == "plain":
        return task.prompt if system_prompt is None else f"{system_prompt}\n\n{task.prompt}"
    if prompt_format == "chat":
        system = [] if system_prompt is None else [{"role": "system", "content": system_prompt}]
        return [*system, {"role": "user", "content": task.prompt}]
    raise ValueError(f"prompt_format must be 'plain' or 'chat', got {prompt_format!r}")


def prompt_records(mixture: Mixture, n: int, *, start: int = 0, prompt_format: PromptFormat = "plain",
                   system_prompt: str | None = None) -> list[dict]:
    """Rows for items start..start+n-1 of the mixture: prompt, task (JSON), env, level, uid, index."""
    return [prompt_row(task, prompt_format, system_prompt)
            for task in mixture.tasks(n, start=start)]


def sft_records(mixture: Mixture, n: int, *, start: int = 0, prompt_format: PromptFormat = "plain",
                system_prompt: str | None = None) -> list[dict]:
    """prompt_records plus `completion`: the expert trace (an assistant message in `chat` format)."""
    rows = []
    for task in mixture.tasks(n, start=start):
        trace = mixture.envs[task.env].expert(task)
        completion = trace if prompt_format == "plain" else [{"role": "assistant", "content": trace}]
        rows.append({**prompt_row(task, prompt_format, system_prompt), "completion": completion})
    return rows


def prompt_row(task: Task, prompt_format: PromptFormat, system_prompt: str | None) -> dict:
    return {"prompt": format_prompt(task, prompt_format, system_prompt), "task": task.to_json(),
            "env": task.env, "level": task.level, "uid": task.uid, "index": task.index}


def prompt_dataset(mixture: Mixture, n: int, **options: Any):
    """A `datasets.Dataset` of prompt_records (options: start, prompt_format, system_prompt)."""
    from datasets import Dataset

    return Dataset.from_list(prompt_records(mixture, n, **options))


def sft_dataset(mixture: Mixture, n: int, **options: Any):
    """A `datasets.Dataset` of sft_records, for SFTTrainer (completion-only loss)."""
    from datasets import Dataset

    return Dataset.from_list(sft_records(mixture, n, **options))


# --------------------------------------------------------------------------------------------
# TRL reward functions


def make_reward_function(reward: Callable[[Verdict], float] | None = None, *,
                         pool: VerifierPool | None = None, workers: int | None = None,
                         timeout: float = DEFAULT_TIMEOUT_S, name: str = "rlsynth_reward"
                         ) -> Callable[..., list[float]]:
    """A TRL reward function `f(prompts, completions, task, **columns) -> list[float]`.

    Each completion (a string, or chat messages whose last `content` is the answer) is verified
    against its row's `task` (task JSON or dict) through `verify_batch` (`pool`, or the shared pool
    for `workers`). Returns `reward(verdict)`, by default `verdict.score`; pass any `Verdict ->
    float`, e.g. a rewards/ term. Under TRL it also logs accuracy, format rate and verifier failures
    through the `log_metric` column TRL passes. `name` is what TRL logs the reward under.
    """
    reward = reward or (lambda verdict: verdict.score)

    def reward_function(prompts: Sequence[Any] | None = None, completions: Sequence[Any] = (),
                        task: Sequence[str | Mapping] = (), **columns: Any) -> list[float]:
        tasks = [Task.from_json(t) if isinstance(t, str) else Task.from_dict(t) for t in task]
        texts = [completion_text(c) for c in completions]
        verdicts = verify_batch(tasks, texts, workers=workers, timeout=timeout, pool=pool)
        log_metric = columns.get("log_metric")
        if callable(log_metric) and verdicts:
            n = len(verdicts)
            log_metric("rlsynth/correct", sum(v.correct for v in verdicts) / n)
            log_metric("rlsynth/format_ok", sum(v.format_ok for v in verdicts) / n)
            log_metric("rlsynth/verifier_failed",
                       sum(bool(v.info.get("verifier_failed")) for v in verdicts) / n)
        return [float(reward(v)) for v in verdicts]

    reward_function.__name__ = reward_function.__qualname__ = name
    return reward_function


def completion_text(completion: Any) -> str:
    """A completion as text: a string as is; chat messages -> the last message's content."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, Sequence) and completion and isinstance(completion[-1], Mapping):
        content = completion[-1].get("content", "")
        if isinstance(content, list):  # content parts: keep the text ones
            return "".join(part.get("text", "") for part in content if isinstance(part, Mapping))
        return str(content)
    return "" if completion is None else str(completion)


# --------------------------------------------------------------------------------------------
# JSONL


def write_jsonl(path: str | Path, rows: Iterable[Mapping[str, Any]]) -> int:
    """Write one JSON object per line; returns the number of rows."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def read_jsonl(path: str | Path) -> Iterator[dict]:
    """The objects of a JSONL file; a bad line raises ValueError naming the file and line."""
    with Path(path).open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: not valid JSON: {error.msg}") from None
            if not isinstance(row, dict):
                raise ValueError(f"{path}:{number}: expected a JSON object, got "
                                 f"{type(row).__name__}")
            yield row


def write_tasks(path: str | Path, tasks: Iterable[Task]) -> int:
    return write_jsonl(path, (task.to_dict() for task in tasks))


def read_tasks(path: str | Path) -> list[Task]:
    return [parse_row(path, number, lambda: Task.from_dict(row))
            for number, row in enumerate(read_jsonl(path), 1)]


def write_verified(path: str | Path, tasks: Iterable[Task], completions: Iterable[str],
                   verdicts: Iterable[Verdict]) -> int:
    """(task, completion, verdict) records, one per line: {"task", "completion", "verdict"}."""
    return write_jsonl(path, ({"task": t.to_dict(), "completion": c, "verdict": v.to_dict()}
                              for t, c, v in zip(tasks, completions, verdicts, strict=True)))


def read_verified(path: str | Path) -> list[tuple[Task, str, Verdict]]:
    return [parse_row(path, number, lambda: (Task.from_dict(row["task"]), row["completion"],
                                             Verdict.from_dict(row["verdict"])))
            for number, row in enumerate(read_jsonl(path), 1)]


def parse_row(path: str | Path, number: int, parse: Callable[[], Any]) -> Any:
    try:
        return parse()
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"{path}: record {number}: {type(error).__name__}: {error}") from None
