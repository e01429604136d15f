"""GRPO on TRL 1.16's GRPOTrainer, with verified rewards, process (per-token) advantages,
curriculum bookkeeping and rlsynth's metrics. TRL does generation, batching and the clipped loss
(all its loss variants); this subclass only wires rlsynth's pure math in.

TRL pin: the overridden private method `_generate_and_score_completions` and `_compute_loss`'s
(B, T) advantage path are those of trl 1.16 (pyproject pins >=1.16,<1.17).
"""
from __future__ import annotations

import time
from collections import defaultdict

import torch
from accelerate.utils import gather_object
from trl import GRPOTrainer

from rlsynth.train.advantages import process_advantages


class RLSynthGRPOTrainer(GRPOTrainer):
    """GRPOTrainer + rlsynth's verified reward (`reward_funcs=[VerifiedReward]`).

    Rows are rendered from their `index` by `render(index) -> {"prompt", "task"}` when they are
    generated on, not when the dataloader fetched them (it fetches one batch ahead), so the tasks
    of a step depend only on the curriculum state at that step: a resumed run sees the same ones.
    `curriculum` (optional) receives every generation's (env, level, correct) records, gathered
    from all ranks so every rank moves levels identically.
    """

    def __init__(self, *args, render=None, curriculum=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.verified = self.reward_funcs[0]
        self.render = render
        self.curriculum = curriculum

    def _generate_and_score_completions(self, inputs):
        started = time.perf_counter()
        if self.render is not None:
            inputs = [{**row, **self.render(row["index"])} for row in inputs]
        output = super()._generate_and_score_completions(inputs)
        scored = self.verified.last
        if self.verified.process:
            output["advantages"] = self._process_advantages(output, scored)
        records = self._gather_records(scored)
        self._log_rollout_metrics(records, output, time.perf_counter() - started)
        if self.curriculum is not None and self.model.training:
            self.curriculum.observe(records)
        self._extend_outputs(output, scored)
        return output

    # -- hooks for subclasses ----------------------------------------------------------------

    def _extend_outputs(self, output: dict, scored) -> None:
        """Add per-row tensors to the generation batch (AHPO adds its expert traces here)."""

    # -- process rewards -------------------------------------------------------------------------

    def _process_advantages(self, output: dict, scored) -> torch.Tensor:
        """(B, T) advantages from every rank's rows: sequence terms and group-normalised step
        rewards (`process_advantages`); this rank's rows are returned."""
        mask = output["completion_mask"]
        acc = self.accelerator
        width = int(acc.gather(torch.tensor([mask.shape[1]], device=mask.device)).max())
        all_mask = acc.gather(torch.nn.functional.pad(mask, (0, width - mask.shape[1])))
        sequence = torch.tensor(gather_object(scored.sequence), dtype=torch.float32)
        steps = gather_object(scored.steps)
        options = self.verified.spec.process
        scale = self.scale_rewards if self.scale_rewards in ("group", "batch", "none") else "group"
        advantages = process_advantages(
            sequence, steps, all_mask.cpu(), self.num_generations,
            weight=self.verified.spec.terms["process"], form=options.form, scale=scale)
        start = acc.process_index * mask.shape[0]
        return advantages[start:start + mask.shape[0], :mask.shape[1]].to(mask.device)

    # -- metrics ---------------------------------------------------------------------------------

    def _gather_records(self, scored) -> list[dict]:
        local = [{"env": t.env, "level": t.level, "correct": bool(v.correct),
                  "step_acc": v.step_accuracy,
                  "failure": v.info.get("verifier_error") if v.info.get("verifier_failed")
                  else None}
                 for t, v in zip(scored.tasks, scored.verdicts)]
        for name, values in scored.terms.items():
            for record, value in zip(local, values):
                record[f"term/{name}"] = value
        return gather_object(local)

    def _log_rollout_metrics(self, records: list[dict], output: dict, seconds: float) -> None:
        mode = "train" if self.model.training else "eval"
        metrics = self._metrics[mode]
        by_key: dict[str, list[float]] = defaultdict(list)
        for r in records:
            by_key[f"accuracy/{r['env']}/level_{r['level']}"].append(float(r["correct"]))
            by_key[f"accuracy/{r['env']}"].append(float(r["correct"]))
            by_key["accuracy"].append(float(r["correct"]))
            if r["step_acc"] is not None:
                by_key["process_accuracy"].append(r["step_acc"])
            for key, value in r.items():
                if key.startswith("term/"):
                    by_key[f"reward_terms/{key[5:]}"].append(value)
        for key, values in by_key.items():
            metrics[key].append(sum(values) / len(values))
        failures = [r["failure"] for r in records if r["failure"]]
        metrics["verifier/failures"].append(float(len(failures)))
        metrics["verifier/timeouts"].append(float(failures.count("timeout")))
        tokens = self.accelerator.gather(output["completion_mask"].sum().reshape(1)).sum().item()
        metrics["tokens_per_second"].append(tokens / max(seconds, 1e-9))
        if self.curriculum is not None:
            for env, level in self.curriculum.levels().items():
                metrics[f"curriculum/{env}/level"].append(float(level))
