"""AHPO (MM-HELIX, arXiv 2510.08540): J = J_GRPO(on-policy rollouts) + xi * NLL(expert trace),
with xi = 1 for a prompt group when fewer than R of its rollouts are correct.

Each rollout row carries its group's expert trace; `_compute_loss` runs one expert forward per
distinct group in the micro-batch (`dedupe_groups`) and weights it by its row count, which equals
the duplicated-rows objective at 1/G of its cost. The expert forward runs on every rank and every
micro-batch, gate on or off, so ZeRO-3's parameter gathers stay in lock-step.
"""
from __future__ import annotations

import torch

from rlsynth.train.advantages import ahpo_gate, dedupe_groups, expert_nll
from rlsynth.train.grpo_trainer import RLSynthGRPOTrainer


class AHPOTrainer(RLSynthGRPOTrainer):
    _paper = {"title": "MM-HELIX: Boosting Multimodal Long-Chain Reflective Reasoning with Holistic Platform and Adaptive Hybrid Policy Optimization", "id": "2510.08540"}

    def __init__(self, *args, expert_fn, threshold: int = 1, coef: float = 1.0,
                 normalizer: str = "tokens", max_expert_length: int = 256, **kwargs):
        super().__init__(*args, **kwargs)
        self.expert_fn = expert_fn  # Task -> expert trace text
        self.ahpo_threshold = threshold
        self.ahpo_coef = coef
        self.ahpo_normalizer = normalizer
        self.max_expert_length = max_expert_length
        self._generation_count = 0

    def _extend_outputs(self, output: dict, scored) -> None:
        acc = self.accelerator
        device = output["completion_ids"].device
        rows = len(scored.tasks)
        correct = torch.tensor([float(v.correct) for v in scored.verdicts], device=device)
        gate = ahpo_gate(acc.gather(correct), self.num_generations, self.ahpo_threshold)
        first_row = acc.process_index * rows
        groups = (torch.arange(rows, device=device) + first_row) // self.num_generations
        mode = "train" if self.model.training else "eval"
        self._metrics[mode]["ahpo/gate_on_fraction"].append(gate.mean().item())

        eos = self.processing_class.eos_token or ""
        texts = [self.expert_fn(task) + eos for task in scored.tasks]
        enc = self.processing_class(text=texts, add_special_tokens=False)["input_ids"]
        enc = [ids[:self.max_expert_length] for ids in enc]
        width = max(len(ids) for ids in enc)
        pad_id = self.processing_class.pad_token_id
        output["expert_ids"] = torch.tensor([ids + [pad_id] * (width - len(ids)) for ids in enc],
                                            device=device)
        output["expert_mask"] = torch.tensor([[1] * len(ids) + [0] * (width - len(ids))
                                              for ids in enc], device=device)
        output["ahpo_gate"] = gate[groups]
        # Unique per generation batch so a micro-batch never merges two generations' groups.
        output["ahpo_group"] = groups + self._generation_count * 1_000_000
        self._generation_count += 1

    def _compute_loss(self, model, inputs):
        loss = super()._compute_loss(model, inputs)
        first, counts = dedupe_groups(inputs["ahpo_group"])
        prompt_ids, prompt_mask = inputs["prompt_ids"][first], inputs["prompt_mask"][first]
        expert_ids, expert_mask = inputs["expert_ids"][first], inputs["expert_mask"][first]
        # Trim the shared right padding so the forward covers only real expert tokens.
        width = int(expert_mask.sum(dim=1).max().item())
        expert_ids, expert_mask = expert_ids[:, :width], expert_mask[:, :width]
        logps, _, _ = self._get_per_token_logps_and_entropies(
            model, torch.cat([prompt_ids, expert_ids], dim=1),
            torch.cat([prompt_mask, expert_mask], dim=1), width)
        gate = inputs["ahpo_gate"][first]
        nll = expert_nll(logps, expert_mask, gate, counts, self.ahpo_normalizer,
                         self.max_expert_length)
        mode = "train" if self.model.training else "eval"
        plain = expert_nll(logps.detach(), expert_mask, torch.ones_like(gate), counts, "tokens")
        self._metrics[mode]["ahpo/expert_nll"].append(
            self.accelerator.gather(plain.reshape(1)).mean().item())
        scale = self.current_gradient_accumulation_steps if mode == "train" else 1.0
        return loss + self.ahpo_coef * nll / scale
