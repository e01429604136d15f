"""The RL math on hand-computed tensors."""
import math

import pytest
import torch

from rlsynth.train.advantages import (ahpo_gate, dedupe_groups, expert_nll, group_advantages,
                                      process_advantages)


def test_group_advantages_by_hand():
    rewards = torch.tensor([1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0])
    adv = group_advantages(rewards, group_size=4)
    # group 1: mean 0.25, sample std 0.5 -> (0.75 / 0.5001, -0.25 / 0.5001)
    assert adv[0].item() == pytest.approx(0.75 / 0.5001, rel=1e-5)
    assert adv[1].item() == pytest.approx(-0.25 / 0.5001, rel=1e-5)
    # group 2 has no variance: no signal
    assert torch.equal(adv[4:], torch.zeros(4))


def test_group_advantages_none_only_centres_and_nan_gets_zero():
    rewards = torch.tensor([2.0, 0.0, float("nan"), 1.0])
    adv = group_advantages(rewards, group_size=4, scale="none")
    assert adv.tolist() == pytest.approx([1.0, -1.0, 0.0, 0.0])


def test_group_advantages_match_trl_formula():
    torch.manual_seed(0)
    rewards = torch.rand(12)
    grouped = rewards.view(-1, 4)
    expected = (grouped - grouped.mean(1, keepdim=True)) / (grouped.std(1, keepdim=True) + 1e-4)
    assert torch.allclose(group_advantages(rewards, 4), expected.flatten(), atol=1e-6)


def test_identical_correct_rollouts_get_zero_process_advantage():
    # The bug this guards: raw returns are position-dependent, so normalising them over a group
    # of identical rollouts pushed the answer tokens (after the last step) down.
    steps = [[(3, 1.0), (7, 1.0), (11, 1.0)]] * 2
    for form in ("sum", "min"):
        adv = process_advantages(torch.tensor([1.0, 1.0]), steps, torch.ones(2, 16), 2,
                                 form=form)
        assert torch.count_nonzero(adv) == 0


def test_process_advantages_by_hand():
    # group of 2: row 0 has steps ok, wrong (tokens 1, 3); row 1 has one ok step (token 2).
    # step rewards 1, -1, 1 -> mean 1/3, sample std sqrt(4/3): r~ = 0.577, -1.155, 0.577
    steps = [[(1, 1.0), (3, -1.0)], [(2, 1.0)]]
    mask = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 1, 0]])
    sequence = torch.tensor([0.0, 1.0])  # outcome: row 1 right -> group advantages -0.707, 0.707
    adv = process_advantages(sequence, steps, mask, 2, weight=0.5, form="sum")
    up, down = 2 / 3 / math.sqrt(4 / 3), -4 / 3 / math.sqrt(4 / 3)
    outcome = 1 / math.sqrt(2)
    expected_0 = [-outcome + 0.5 * (up + down)] * 2 + [-outcome + 0.5 * down] * 2 + [-outcome]
    expected_1 = [outcome + 0.5 * up] * 3 + [outcome, 0.0]
    assert adv[0].tolist() == pytest.approx(expected_0, rel=1e-3)
    assert adv[1].tolist() == pytest.approx(expected_1, rel=1e-3)
    low = process_advantages(sequence, steps, mask, 2, weight=0.5, form="min")
    assert low[0, 0].item() == pytest.approx(-outcome + 0.5 * down, rel=1e-3)  # min, not sum
    with pytest.raises(ValueError, match="form"):
        process_advantages(sequence, steps, mask, 2, form="max")


def test_process_advantages_without_steps_equal_sequence_advantages():
    rewards = torch.tensor([1.0, 0.0, 0.0, 1.0])
    adv = process_advantages(rewards, [[], [], [], []], torch.ones(4, 5), 2, scale="none")
    assert torch.allclose(adv, group_advantages(rewards, 2, scale="none")[:, None].expand(4, 5))


def test_ahpo_gate():
    correct = torch.tensor([1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0], dtype=torch.bool)
    assert ahpo_gate(correct, 4, threshold=2).tolist() == [1.0, 0.0, 1.0]
    assert ahpo_gate(correct, 4, threshold=1).tolist() == [0.0, 0.0, 1.0]


def test_expert_nll_normalisers_by_hand():
    logps = torch.tensor([[-1.0, -3.0, 0.0],
                          [-2.0, 0.0, 0.0]])
    mask = torch.tensor([[1, 1, 0], [1, 0, 0]])
    gate = torch.tensor([1.0, 0.0])
    counts = torch.tensor([2.0, 1.0])
    # S = (4, 2), n = (2, 1)
    assert expert_nll(logps, mask, gate, counts, "tokens").item() == pytest.approx(2 * 4 / (2 * 2 + 1))
    assert expert_nll(logps, mask, gate, counts, "sequences").item() == pytest.approx(2 * 2 / 3)
    assert expert_nll(logps, mask, gate, counts, "max_length", max_length=4).item() == \
        pytest.approx(2 * 4 / (3 * 4))


def test_expert_nll_equals_the_duplicated_rows_computation():
    torch.manual_seed(1)
    logps = -torch.rand(3, 6)
    mask = (torch.rand(3, 6) > 0.3).int()
    mask[:, 0] = 1
    gate = torch.tensor([1.0, 0.0, 1.0])
    counts = torch.tensor([3, 1, 2])
    rows = torch.repeat_interleave(torch.arange(3), counts)
    dup = expert_nll(logps[rows], mask[rows], gate[rows], torch.ones(len(rows)), "tokens")
    assert expert_nll(logps, mask, gate, counts, "tokens").item() == pytest.approx(dup.item())


def test_gated_off_expert_nll_keeps_the_graph():
    logps = (-torch.rand(2, 3)).requires_grad_()
    loss = expert_nll(logps, torch.ones(2, 3), torch.zeros(2), torch.ones(2))
    assert loss.item() == 0.0
    loss.backward()
    assert logps.grad is not None and torch.equal(logps.grad, torch.zeros(2, 3))


def test_dedupe_groups_keeps_first_appearance_order():
    first, counts = dedupe_groups(torch.tensor([7, 7, 3, 7, 3, 9]))
    assert first.tolist() == [0, 2, 5]
    assert counts.tolist() == [3, 2, 1]


def test_bad_options_name_the_value():
    with pytest.raises(ValueError, match="'median'"):
        group_advantages(torch.zeros(4), 2, scale="median")
    with pytest.raises(ValueError, match="max_length"):
        expert_nll(torch.zeros(1, 2), torch.ones(1, 2), torch.ones(1), torch.ones(1), "max_length")
