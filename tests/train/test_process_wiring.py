"""The TRL subclass wiring, without a model: process rewards become (B, T) advantages of this
rank's rows, from the groups gathered from all ranks."""
from types import SimpleNamespace

import torch

from rlsynth.rewards import RewardSpec
from rlsynth.train import grpo_trainer
from rlsynth.train.advantages import process_advantages
from rlsynth.train.grpo_trainer import RLSynthGRPOTrainer


class TwoRanks:
    """What rank 1 of 2 sees: gather concatenates its rows after rank 0's."""

    process_index = 1

    def __init__(self, rank0_mask):
        self.rank0_mask = rank0_mask

    def gather(self, tensor):
        if tensor.dim() == 1 and tensor.numel() == 1:  # widths
            return torch.cat([torch.tensor([self.rank0_mask.shape[1]]), tensor])
        pad = tensor.shape[1] - self.rank0_mask.shape[1]
        return torch.cat([torch.nn.functional.pad(self.rank0_mask, (0, pad)), tensor])


def test_process_advantages_are_per_token_and_use_every_rank(monkeypatch):
    rank0 = {"sequence": [1.0, 0.0], "steps": [[(1, 1.0), (4, 1.0)], [(2, -1.0)]]}
    rank0_mask = torch.ones(2, 5, dtype=torch.long)
    local = SimpleNamespace(sequence=[1.0, 0.0], steps=[[(0, 1.0), (2, -1.0)], [(1, 1.0)]])
    local_mask = torch.tensor([[1, 1, 1], [1, 1, 0]])
    # gather_object puts rank 0's rows first, as accelerate does
    monkeypatch.setattr(grpo_trainer, "gather_object",
                        lambda rows: rank0["sequence" if rows is local.sequence else "steps"]
                        + list(rows))
    spec = RewardSpec.model_validate({"terms": {"outcome": 1.0, "process": 0.5},
                                      "process": {"form": "sum"}})
    fake = SimpleNamespace(accelerator=TwoRanks(rank0_mask), num_generations=4,
                           scale_rewards="group", verified=SimpleNamespace(spec=spec))
    adv = RLSynthGRPOTrainer._process_advantages(fake, {"completion_mask": local_mask}, local)
    assert adv.shape == (2, 3)
    all_mask = torch.cat([rank0_mask, torch.tensor([[1, 1, 1, 0, 0], [1, 1, 0, 0, 0]])])
    expected = process_advantages(torch.tensor(rank0["sequence"] + local.sequence),
                                  rank0["steps"] + local.steps, all_mask, 4, weight=0.5,
                                  form="sum")[2:, :3]
    assert torch.allclose(adv, expected)
    assert adv[1, 2] == 0  # padding gets no advantage
    assert adv[0, 0] > adv[0, 1]  # the ok step at token 0 credits only the tokens up to it
