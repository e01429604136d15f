"""Adapters: datasets of prompts and SFT pairs, JSONL round-trips, the TRL reward function."""
from __future__ import annotations

import pytest

from rlsynth import Task, Verdict
from rlsynth.adapters import (make_reward_function, prompt_dataset, read_jsonl, read_tasks,
                              read_verified, sft_dataset, sft_records, write_tasks, write_verified)
from rlsynth.mixture import Mixture
from toy_env import ToyArith

MIXTURE = Mixture([{"name": "toy_arith", "levels": [1, 2, 3]}], seed=2)


def test_prompt_dataset_rows_carry_their_task() -> None:
    dataset = prompt_dataset(MIXTURE, 6, start=10)
    assert {"prompt", "task", "env", "level", "uid", "index"} <= set(dataset.column_names)
    for row in dataset:
        task = Task.from_json(row["task"])
        assert task == MIXTURE.sample(row["index"])
        assert (row["prompt"], row["env"], row["level"], row["uid"]) == \
            (task.prompt, task.env, task.level, task.uid)
    assert dataset["index"] == list(range(10, 16))


def test_chat_prompts_and_system_prompt() -> None:
    [row] = prompt_dataset(MIXTURE, 1, prompt_format="chat", system_prompt="Think step by step.")
    task = Task.from_json(row["task"])
    assert row["prompt"] == [{"role": "system", "content": "Think step by step."},
                             {"role": "user", "content": task.prompt}]


def test_sft_completions_are_expert_traces_that_verify() -> None:
    env = ToyArith()
    for row in sft_records(MIXTURE, 5):
        task = Task.from_json(row["task"])
        assert row["completion"] == env.expert(task) and env.verify(task, row["completion"]).correct
    [chat] = sft_dataset(MIXTURE, 1, prompt_format="chat")
    assert chat["completion"][0]["role"] == "assistant"


def test_task_and_verdict_jsonl_round_trips(tmp_path) -> None:
    env, tasks = ToyArith(), MIXTURE.tasks(5)
    assert write_tasks(tmp_path / "tasks.jsonl", tasks) == 5
    assert read_tasks(tmp_path / "tasks.jsonl") == tasks
    completions = [env.expert(t) if i % 2 else "<answer>x</answer>" for i, t in enumerate(tasks)]
    verdicts = [env.verify(t, c) for t, c in zip(tasks, completions)]
    write_verified(tmp_path / "verified.jsonl", tasks, completions, verdicts)
    assert read_verified(tmp_path / "verified.jsonl") == list(zip(tasks, completions, verdicts))


def test_bad_jsonl_names_file_and_line(tmp_path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"a": 1}\n\n{"a": \n')
    with pytest.raises(ValueError, match=r"bad.jsonl:3: not valid JSON"):
        list(read_jsonl(path))
    path.write_text('{"env": "toy_arith"}\n')
    with pytest.raises(ValueError, match=r"bad.jsonl: record 1: TypeError"):
        read_tasks(path)


def test_reward_function_as_trl_calls_it() -> None:
    env, dataset = ToyArith(), prompt_dataset(MIXTURE, 4)
    batch = dataset[:]
    tasks = [Task.from_json(t) for t in batch["task"]]
    completions = [env.expert(tasks[0]), "<answer>-5</answer>",
                   [{"role": "assistant", "content": env.expert(tasks[2])}], ""]
    logged = {}
    reward = make_reward_function(workers=0)
    assert reward.__name__ == "rlsynth_reward"
    columns = {k: v for k, v in batch.items() if k != "prompt"}
    scores = reward(prompts=batch["prompt"], completions=completions, completion_ids=None,
                    log_metric=logged.__setitem__, trainer_state=None, **columns)
    assert scores == [1.0, 0.0, 1.0, 0.0]
    assert logged == {"rlsynth/correct": 0.5, "rlsynth/format_ok": 0.75,
                      "rlsynth/verifier_failed": 0.0}


def test_reward_function_takes_any_verdict_term() -> None:
    def step_accuracy(verdict: Verdict) -> float:
        return verdict.step_accuracy or 0.0

    env = ToyArith()
    task = env.sample(0, level=2)
    first, *rest = env.expert(task).split("\n")
    wrong_first_step = "\n".join([first.rsplit("=", 1)[0] + "= 999.", *rest])
    reward = make_reward_function(step_accuracy, workers=0, name="steps")
    assert reward.__name__ == "steps"
    assert reward([task.prompt], [wrong_first_step], task=[task.to_dict()]) == [0.5]
