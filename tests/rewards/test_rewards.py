"""rewards/: every function on hand-computed cases, and one pass on a real compose verdict."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from rlsynth import StepVerdict, Verdict, make_env
from rlsynth.rewards import (RewardSpec, combine, format_reward, interplay_blend,
                             outcome_reward, overlong_penalty, place_step_rewards,
                             process_score, returns_min, returns_sum, token_returns)


def verdict(correct=True, steps=((0, 4, True), (4, 8, False), (8, 12, True)), **info):
    return Verdict(correct=correct, score=float(correct), format_ok=True,
                   steps=tuple(StepVerdict((a, b), ok) for a, b, ok in steps), info=info)


# Six tokens of two characters: token t covers [2t, 2t+2); steps end at chars 4, 8, 12 ->
# tokens 1, 3, 5.
OFFSETS = [(0, 2), (2, 4), (4, 6), (6, 8), (8, 10), (10, 12)]


def test_outcome_and_format():
    assert outcome_reward(verdict()) == 1.0 and outcome_reward(verdict(correct=False)) == 0.0
    assert format_reward(verdict()) == 1.0
    assert format_reward(Verdict.failure("garbage")) == 0.0


@pytest.mark.parametrize("n, expected", [(0, 0.0), (60, 0.0), (70, -0.25), (80, -0.5),
                                         (100, -1.0), (101, -1.0)])
def test_overlong_penalty_is_dapo_soft_punishment(n, expected):
    # max_len 100, buffer 40: free up to 60, then (60 - n) / 40.
    assert overlong_penalty(n, 100, 40) == pytest.approx(expected)


def test_overlong_penalty_rejects_bad_settings():
    with pytest.raises(ValueError, match="buffer"):
        overlong_penalty(5, 10, 20)


def test_steps_land_on_the_token_where_they_end():
    assert place_step_rewards(verdict(), OFFSETS) == [(1, 1.0), (3, -1.0), (5, 1.0)]
    assert place_step_rewards(verdict(), OFFSETS, wrong_reward=0.0)[1] == (3, 0.0)
    # A step ending inside a token lands on that token; one past the end on the last token.
    inside = verdict(steps=((0, 3, True), (3, 50, False)))
    assert place_step_rewards(inside, OFFSETS) == [(1, 1.0), (5, -1.0)]
    # A zero-width span (a skipped step, charged where the answer starts at char 6).
    assert place_step_rewards(verdict(steps=((6, 6, False),)), OFFSETS) == [(2, -1.0)]
    # Special tokens with empty spans take no step.
    special = [(0, 2), (0, 0), (2, 4)]
    assert place_step_rewards(verdict(steps=((0, 4, True),)), special) == [(2, 1.0)]
    assert place_step_rewards(Verdict.failure("x"), OFFSETS) == []


def test_sum_and_min_forms_by_hand():
    placed = [(1, 1.0), (3, -1.0), (5, 1.0)]
    assert returns_sum(placed, 7) == [1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0]
    assert returns_min(placed, 7) == [-1.0, -1.0, -1.0, -1.0, 1.0, 1.0, 0.0]
    assert returns_min([(2, 0.5), (2, -2.0)], 3) == [-2.0, -2.0, -2.0]
    assert returns_sum([(2, 0.5), (2, -2.0)], 3) == [-1.5, -1.5, -1.5]
    assert token_returns(verdict(), OFFSETS, "min") == [-1.0, -1.0, -1.0, -1.0, 1.0, 1.0]
    with pytest.raises(ValueError, match="form"):
        token_returns(verdict(), OFFSETS, "max")


def test_interplay_blend_is_zero_unless_correct():
    # 2 of 3 steps ok -> process 2/3; blend 0.2 * 1 + 0.8 * 2/3.
    assert interplay_blend(verdict()) == pytest.approx(0.2 + 0.8 * 2 / 3)
    assert interplay_blend(verdict(correct=False)) == 0.0
    assert interplay_blend(verdict(process_score=0.25)) == pytest.approx(0.2 + 0.8 * 0.25)
    assert process_score(Verdict(correct=True, score=1.0, format_ok=True)) == 1.0


def test_reward_spec_validates_names_weights_and_options():
    with pytest.raises(ValidationError, match=r"unknown reward term 'outcom'.*'outcome'"):
        RewardSpec.model_validate({"terms": {"outcom": 1.0}})
    with pytest.raises(ValidationError, match="needs `overlong"):
        RewardSpec.model_validate({"terms": {"overlong": 1.0}})
    with pytest.raises(ValidationError, match="exceeds max_len"):
        RewardSpec.model_validate({"terms": {"overlong": 1.0},
                                   "overlong": {"max_len": 10, "buffer": 11}})
    with pytest.raises(ValidationError, match="finite"):
        RewardSpec.model_validate({"terms": {"outcome": float("nan")}})
    with pytest.raises(ValidationError, match="form"):
        RewardSpec.model_validate({"terms": {"process": 1.0}, "process": {"form": "max"}})
    with pytest.raises(ValidationError, match="extra"):
        RewardSpec.model_validate({"terms": {"outcome": 1.0}, "weights": {}})
    assert RewardSpec.model_validate({"terms": {"process": 0.5}}).has_process
    assert not RewardSpec().has_process


def test_combine_weights_terms_by_hand():
    spec = RewardSpec.model_validate({
        "terms": {"outcome": 1.0, "format": 0.1, "overlong": 0.5, "interplay": 2.0},
        "overlong": {"max_len": 100, "buffer": 40}})
    out = combine(spec, verdict(), n_tokens=80)
    blend = 0.2 + 0.8 * 2 / 3
    assert out["terms"] == pytest.approx(
        {"outcome": 1.0, "format": 1.0, "overlong": -0.5, "interplay": blend})
    assert out["total"] == pytest.approx(1.0 + 0.1 - 0.25 + 2 * blend)
    assert out["steps"] is None and out["sequence"] == pytest.approx(out["total"])
    with pytest.raises(ValueError, match="n_tokens"):
        combine(spec, verdict())


def test_combine_process_places_step_rewards_and_keeps_the_rest_per_sequence():
    spec = RewardSpec.model_validate({"terms": {"outcome": 1.0, "process": 0.5},
                                      "process": {"form": "sum"}})
    out = combine(spec, verdict(), offsets=OFFSETS)
    assert out["terms"] == pytest.approx({"outcome": 1.0, "process": 2 / 3})
    assert out["total"] == pytest.approx(1.0 + 0.5 * 2 / 3)
    assert out["sequence"] == pytest.approx(1.0)  # every term but process
    assert out["steps"] == place_step_rewards(verdict(), OFFSETS)


def test_process_credit_on_a_compose_trace_with_one_wrong_step():
    env = make_env("compose")
    task = env.sample(0, level=3, shuffle=False)
    lines = env.expert(task).split("\n")
    lines[1] = lines[1][:-2] + f"{(int(lines[1][-2]) + 1) % 7}."  # wrong value in step 2
    completion = "\n".join(lines)
    offsets = [(i, i + 1) for i in range(len(completion))]  # a character-level tokenizer
    returns = token_returns(env.verify(task, completion), offsets, "min")
    second_end = len(lines[0]) + 1 + len(lines[1])
    assert set(returns[:second_end]) == {-1.0}  # every token up to the wrong step
    assert set(returns[second_end:second_end + len(lines[2])]) == {1.0}
    assert returns[-1] == 0.0  # the answer tag, after the last step
