"""The verified reward: crashes and hangs become zero rewards with a logged reason, process
specs give per-token rewards aligned with the completion's tokens."""
import logging
import time

from rlsynth import make_env
from rlsynth.rewards import RewardSpec
from rlsynth.train.models import build_tokenizer
from rlsynth.train.scoring import VerifiedReward

TOK = build_tokenizer(["toy/sum"])


def call(reward, env_name, completions, level=1):
    env = make_env(env_name)
    tasks = [env.sample(i, level=level) for i in range(len(completions))]
    ids = [TOK(c)["input_ids"] for c in completions]
    return tasks, reward(prompts=[t.prompt for t in tasks], completions=completions,
                         completion_ids=ids, task=[t.to_json() for t in tasks])


def test_outcome_reward_by_default():
    env = make_env("toy/sum")
    task = env.sample(0, level=1)
    reward = VerifiedReward(None, TOK, workers=0)
    rewards = reward(prompts=[task.prompt] * 2, completions=[env.expert(task), "no idea"],
                     completion_ids=[[1], [1]], task=[task.to_json()] * 2)
    assert rewards == [1.0, 0.0]
    assert reward.last.terms == {"outcome": [1.0, 0.0]} and reward.last.steps is None


def test_crashing_verifier_gives_zero_with_reason(caplog):
    reward = VerifiedReward(None, TOK, workers=0)
    with caplog.at_level(logging.WARNING, logger="rlsynth.train"):
        _, rewards = call(reward, "toy/crash", ["1+2=3.<answer>3</answer>"])
    assert rewards == [0.0]
    verdict = reward.last.verdicts[0]
    assert verdict.info["verifier_failed"] and "verifier bug" in verdict.error
    assert "verifier bug" in caplog.text


def test_hanging_verifier_times_out_and_the_batch_returns():
    reward = VerifiedReward(None, TOK, workers=0, timeout=1.0)
    started = time.time()
    _, rewards = call(reward, "toy/hang", ["7", "<answer>1</answer>"])
    assert time.time() - started < 10
    assert rewards[0] == 0.0
    assert reward.last.verdicts[0].info["verifier_error"] == "timeout"
    assert reward.last.verdicts[1].error is not None and "timeout" not in reward.last.verdicts[1].error


def test_process_spec_places_step_rewards_on_tokens():
    spec = RewardSpec.model_validate({"terms": {"outcome": 1.0, "process": 0.5},
                                      "process": {"form": "min"}})
    env = make_env("toy/sum")
    task = env.sample(0, level=2)
    good = env.expert(task)
    bad_step = "0+0=0." + good[6:]  # first step wrong, rest as the expert
    reward = VerifiedReward(spec, TOK, workers=0)
    ids = [TOK(c)["input_ids"] + [TOK.eos_token_id] for c in (good, bad_step)]
    reward(prompts=[task.prompt] * 2, completions=[good, bad_step], completion_ids=ids,
           task=[task.to_json()] * 2)
    good_steps, bad_steps = reward.last.steps
    assert all(r == 1.0 for _, r in good_steps) and bad_steps[0][1] == -1.0  # the wrong first step
    assert all(0 <= t < len(i) for steps, i in zip(reward.last.steps, ids) for t, _ in steps)
    assert reward.last.sequence == [1.0, 1.0]
