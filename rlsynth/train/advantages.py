"""The math of rlsynth's RL stages, as pure functions on tensors (no model, no TRL).

Rows are laid out as TRL lays them out: the `group_size` completions of one prompt are
contiguous, so row i belongs to group i // group_size.
"""
from __future__ import annotations

import torch

from rlsynth.rewards import returns_min, returns_sum

EPS = 1e-4  # TRL 1.16 adds the same constant to the group std


def group_advantages(rewards: torch.Tensor, group_size: int, scale: str = "group") -> torch.Tensor:
    """GRPO advantages (DeepSeekMath eq. 3): A_i = (r_i - mean_g(r)) / (std_g(r) + eps).

    `scale`: "group" divides by the group's std, "batch" by the whole batch's std, "none" only
    centres (Dr. GRPO). NaN rewards (unscorable rows) are left out of the statistics and get 0.
    """
    grouped = rewards.view(-1, group_size)
    mean = torch.nanmean(grouped, dim=1, keepdim=True)
    centred = grouped - mean
    if scale == "group":
        centred = centred / (_nanstd(grouped, dim=1, keepdim=True) + EPS)
    elif scale == "batch":
        centred = centred / (_nanstd(rewards.flatten(), dim=0, keepdim=True) + EPS)
    elif scale != "none":
        raise ValueError(f"scale must be 'group', 'batch' or 'none', got {scale!r}")
    return torch.nan_to_num(centred.reshape(rewards.shape), nan=0.0)


def process_advantages(sequence_rewards: torch.Tensor, steps: list[list[tuple[int, float]]],
                       mask: torch.Tensor, group_size: int, *, weight: float = 1.0,
                       form: str = "sum", scale: str = "group") -> torch.Tensor:
    """Per-token advantages (B, T) for a process reward (DeepSeekMath sec. 4.1.3; PURE's min form).

    The sequence-level terms get ordinary group advantages, broadcast to every valid token. The
    step rewards `steps[i] = [(token, r), ...]` are normalised over all steps of their group,
    r~ = (r - mean_g) / (std_g + eps), and only then aggregated per token:
      sum form: A_{i,t} += weight * sum_{j: t_j >= t} r~_j
      min form: A_{i,t} += weight * min_{j: t_j >= t} r~_j   (0 after the last step)
    Normalising before aggregating matters: returns of raw rewards depend on the position alone,
    so a group of identical correct rollouts would push its own answer tokens down; here it gets 0.
    `scale` as in `group_advantages` ("batch": the std over the whole batch's steps).
    """
    aggregate = {"sum": returns_sum, "min": returns_min}.get(form)
    if aggregate is None:
        raise ValueError(f"process form must be 'sum' or 'min', got {form!r}")
    mask = mask.to(torch.float32)
    batch, length = mask.shape
    advantages = group_advantages(sequence_rewards.to(torch.float32), group_size, scale)
    advantages = advantages[:, None] * mask
    every_step = torch.tensor([r for row in steps for _, r in row], dtype=torch.float32)
    for first in range(0, batch, group_size):
        rows = range(first, first + group_size)
        group = torch.tensor([r for i in rows for _, r in steps[i]], dtype=torch.float32)
        if group.numel() == 0:
            continue
        spread = {"group": _nanstd(group, 0, False) + EPS,
                  "batch": _nanstd(every_step, 0, False) + EPS, "none": 1.0}[scale]
        for i in rows:
            normalised = [(t, float((r - group.mean()) / spread)) for t, r in steps[i] if t < length]
            advantages[i] += weight * torch.tensor(aggregate(normalised, length)) * mask[i]
    return advantages


def ahpo_gate(correct: torch.Tensor, group_size: int, threshold: int) -> torch.Tensor:
    """AHPO's per-group gate (MM-HELIX, arXiv 2510.08540, sec. 4):
    xi_g = 1[ #correct rollouts in group g < R ]. Returns a float tensor of shape (groups,)."""
    hits = correct.to(torch.float32).view(-1, group_size).sum(dim=1)
    return (hits < threshold).to(torch.float32)


def expert_nll(token_logps: torch.Tensor, mask: torch.Tensor, gate: torch.Tensor,
               counts: torch.Tensor, normalizer: str = "tokens",
               max_length: int | None = None) -> torch.Tensor:
    """The gated expert term of AHPO, xi * NLL(expert trace), over U distinct expert traces.

    `token_logps`, `mask`: (U, T) log-probs of the expert tokens and their validity; `gate`:
    (U,) xi of each trace's group; `counts`: (U,) how many rollout rows of the micro-batch belong
    to that group. The result equals the value over the rows with traces duplicated per row,
    without the duplicated forward passes. With S_u = -sum_t logp, n_u = #tokens:
      tokens:     sum_u c_u xi_u S_u / sum_u c_u n_u        (mean NLL per expert token)
      sequences:  sum_u c_u xi_u S_u / n_u / sum_u c_u      (mean of per-trace token means)
      max_length: sum_u c_u xi_u S_u / (sum_u c_u * L)      (Dr. GRPO's constant normaliser)
    A fully gated-off batch gives 0 that still depends on the parameters, so every rank runs the
    same backward (ZeRO-3 would hang if one rank skipped the expert forward).
    """
    mask = mask.to(token_logps.dtype)
    counts = counts.to(token_logps.dtype)
    weight = counts * gate.to(token_logps.dtype)
    nll_sum = -(token_logps * mask).sum(dim=1)
    n_tokens = mask.sum(dim=1).clamp(min=1.0)
    if normalizer == "tokens":
        return (weight * nll_sum).sum() / (counts * n_tokens).sum().clamp(min=1.0)
    if normalizer == "sequences":
        return (weight * nll_sum / n_tokens).sum() / counts.sum().clamp(min=1.0)
    if normalizer == "max_length":
        if not max_length:
            raise ValueError("normalizer 'max_length' needs max_length (the expert length cap)")
        return (weight * nll_sum).sum() / (counts.sum().clamp(min=1.0) * max_length)
    raise ValueError(f"normalizer must be 'tokens', 'sequences' or 'max_length', got "
                     f"{normalizer!r}")


def dedupe_groups(group_ids: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """For rows tagged with their group id: the index of each group's first row and the number of
    rows per group, in order of first appearance."""
    unique, inverse, counts = torch.unique(group_ids, return_inverse=True, return_counts=True)
    positions = torch.arange(group_ids.numel(), device=group_ids.device)
    first = torch.full((unique.numel(),), group_ids.numel(), dtype=torch.long,
                       device=group_ids.device).scatter_reduce(0, inverse, positions, "amin")
    order = torch.argsort(first)
    return first[order], counts[order]


def _nanstd(x: torch.Tensor, dim: int, keepdim: bool) -> torch.Tensor:
    """Sample std ignoring NaNs (Bessel-corrected like torch.std and TRL's nanstd)."""
    count = (~torch.isnan(x)).sum(dim=dim, keepdim=True)
    mean = torch.nanmean(x, dim=dim, keepdim=True)
    var = torch.nansum((x - mean) ** 2, dim=dim, keepdim=True) / (count - 1).clamp(min=1)
    std = var.sqrt()
    return std if keepdim else std.squeeze(dim)
