"""`runs/<name>/report.md` for `rlsynth run`: stage timings, accuracy per level for the SFT model,
the RL model and the SFT-only control beside the majority baseline, the gains, and PNG plots
(training curves, accuracy per level, curriculum level over time)."""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from statistics import mean

from rlsynth.evaluate.report import pct, pyplot, save_figure
from rlsynth.experiment import ARMS, Experiment


def write_experiment_report(exp: Experiment) -> Path:
    metrics = read_metrics(exp.out / "metrics.jsonl")
    temperature = f"T={exp.recipe.generation.temperature:g}"
    # (results, section titles, plot file, plot title) per decoding that was evaluated
    decodings = [(exp.evals, "Accuracy per level, greedy decoding", "Summary, greedy decoding",
                  "accuracy_per_level.png", "greedy decoding")]
    if exp.sampled:
        decodings.append((exp.sampled, f"Pass@1 per level, sampled at {temperature} "
                          f"({exp.spec.samples} samples per task: the policy as RL trains it)",
                          "Summary, sampled decoding", "accuracy_per_level_sampled.png",
                          f"pass@1, sampled at {temperature}"))
    plots = [p for p in (plot_training(metrics, exp.out / "training.png"),
                         *(plot_accuracy(exp, evals, exp.out / png, title)
                           for evals, _, _, png, title in decodings),
                         plot_curriculum(metrics, exp.out / "curriculum.png")) if p]
    sections = [
        f"# {exp.recipe.name}: what RL added\n",
        f"Recipe: [`recipe.yaml`](recipe.yaml) (the exact recipe run). Model `{exp.recipe.model.path}`; "
        f"{exp.spec.n} held-out tasks per level (eval seed disjoint from training).\n",
        "## Stage timings\n", timings_table(exp)]
    for evals, table_title, summary_title, _, _ in decodings:
        sections += [f"## {table_title}\n", accuracy_table(exp, evals),
                     f"## {summary_title}\n", summary(exp, evals)]
    sections += ["## Plots\n", *(f"![{p.stem}]({p.name})\n" for p in plots)]
    path = exp.out / "report.md"
    path.write_text("\n".join(sections))
    numbers = summary_numbers(exp, exp.evals)
    if exp.sampled:
        numbers["sampled"] = summary_numbers(exp, exp.sampled)
    (exp.out / "summary.json").write_text(json.dumps(numbers, indent=2))
    return path


def read_metrics(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def timings_table(exp: Experiment) -> str:
    lines = ["| phase | seconds |", "|---|---|"]
    lines += [f"| {phase} | {seconds:.0f} |" for phase, seconds in exp.timings.items()]
    lines.append(f"| **total** | **{sum(exp.timings.values()):.0f}** |")
    steps = ", ".join(f"{s.name}: {s.steps} steps" for s in exp.stages)
    return "\n".join(lines) + f"\n\nSteps: {steps}.\n"


def accuracy_table(exp: Experiment, evals: dict) -> str:
    """One row per level: each arm's accuracy beside the majority baseline, and the gains."""
    arms = [arm for arm in ARMS if arm in evals]
    header = ["env", "level", "role", "majority baseline", *(ARMS[a] for a in arms)]
    if "rl" in arms:
        header.append("RL - SFT")
    if "control" in arms:
        header.append("control - SFT")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    first = evals[arms[0]]
    for row in first.rows:
        env, level = row["env"], row["level"]
        acc = {arm: evals[arm].row(env, level)["accuracy"] for arm in arms}
        cells = [env, str(level), exp.spec.role(level), pct(row["majority_baseline"]),
                 *(pct(acc[a]) for a in arms)]
        if "rl" in arms:
            cells.append(points(acc["rl"] - acc["sft"]))
        if "control" in arms:
            cells.append(points(acc["control"] - acc["sft"]))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def points(delta: float) -> str:
    return f"{100 * delta:+.1f}"


def summary_numbers(exp: Experiment, evals: dict) -> dict:
    """Mean accuracy change (points) per level group, and the worst SFT-level drop."""
    out: dict = {"timings": exp.timings, "total_seconds": sum(exp.timings.values())}
    if "sft" not in evals:
        return out
    for arm in ("rl", "control"):
        if arm not in evals:
            continue
        for group, levels in (("rl_levels", exp.spec.rl_levels),
                              ("sft_levels", exp.spec.sft_levels),
                              ("harder_levels", exp.spec.harder_levels)):
            deltas = [level_delta(evals, arm, env, level) for env in evals["sft"].envs
                      for level in levels]
            if deltas:
                out[f"{arm}_gain_{group}"] = round(100 * mean(deltas), 2)
                if group == "sft_levels":
                    out[f"{arm}_worst_drop_sft_levels"] = round(-100 * min(deltas), 2)
    return out


def level_delta(evals: dict, arm: str, env: str, level: int) -> float:
    return evals[arm].row(env, level)["accuracy"] - evals["sft"].row(env, level)["accuracy"]


def summary(exp: Experiment, evals: dict) -> str:
    n = summary_numbers(exp, evals)
    if "rl_gain_rl_levels" not in n:
        return "RL was not evaluated.\n"
    lines = [f"- RL levels: RL changed accuracy by **{n['rl_gain_rl_levels']:+.1f}** points "
             "over the SFT model (mean over levels)."]
    if "control_gain_rl_levels" in n:
        lines.append(f"- The SFT-only control, trained for the same wall time, changed it by "
                     f"**{n['control_gain_rl_levels']:+.1f}** points; RL minus control: "
                     f"**{n['rl_gain_rl_levels'] - n['control_gain_rl_levels']:+.1f}**.")
    lines.append(f"- SFT levels: worst drop after RL **{max(0.0, n['rl_worst_drop_sft_levels']):.1f}**"
                 f" points (mean change {n['rl_gain_sft_levels']:+.1f}).")
    if "rl_gain_harder_levels" in n:
        lines.append(f"- Harder levels: RL changed accuracy by {n['rl_gain_harder_levels']:+.1f} "
                     "points.")
    lines.append(f"- Total wall time {n['total_seconds'] / 60:.1f} min.")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# Plots


def plot_training(metrics: list[dict], path: Path) -> Path | None:
    """SFT loss, and RL reward and accuracy, against the step of each stage."""
    stages = list(dict.fromkeys(m["stage"] for m in metrics))
    if not stages:
        return None
    fig, axes = pyplot().subplots(1, len(stages), figsize=(4.5 * len(stages), 3.5), squeeze=False)
    for ax, stage in zip(axes[0], stages):
        rows = [m for m in metrics if m["stage"] == stage]
        for key in ("loss", "reward", "accuracy"):
            points_ = [(m["step"], m[key]) for m in rows if isinstance(m.get(key), (int, float))]
            if points_ and not (key == "loss" and any("reward" in m for m in rows)):
                ax.plot(*zip(*points_), label=key)
        ax.set_title(stage)
        ax.set_xlabel("step")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    return save_figure(fig, path)


def plot_accuracy(exp: Experiment, evals: dict, path: Path, title: str) -> Path | None:
    """Grouped bars per level: each arm's accuracy, the majority baseline as a black tick."""
    arms = [arm for arm in ARMS if arm in evals]
    if not arms:
        return None
    rows = evals[arms[0]].rows
    labels = [f"{r['env']}\nL{r['level']} {exp.spec.role(r['level'])}" for r in rows]
    width = 0.8 / len(arms)
    fig, ax = pyplot().subplots(figsize=(max(6, 1.2 * len(rows)), 4))
    for i, arm in enumerate(arms):
        xs = [j + (i - (len(arms) - 1) / 2) * width for j in range(len(rows))]
        ax.bar(xs, [100 * evals[arm].row(r["env"], r["level"])["accuracy"] for r in rows],
               width, label=ARMS[arm])
    ax.scatter(range(len(rows)), [100 * r["majority_baseline"] for r in rows], marker="_",
               s=400, color="black", label="majority baseline", zorder=3)
    ax.set_xticks(range(len(rows)), labels, fontsize=8)
    ax.set_ylabel("held-out accuracy (%)")
    ax.set_title(title)
    ax.set_ylim(0, 100)
    ax.legend(fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    return save_figure(fig, path)


def plot_curriculum(metrics: list[dict], path: Path) -> Path | None:
    """Each env's curriculum level against the step (only when a curriculum ran)."""
    series: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for m in metrics:
        for key, value in m.items():
            if key.startswith("curriculum/") and key.endswith("/level") and value is not None:
                series[f"{m['stage']}: {key[len('curriculum/'):-len('/level')]}"].append(
                    (m["step"], value))
    if not series:
        return None
    fig, ax = pyplot().subplots(figsize=(6, 3.5))
    for label, pts in series.items():
        ax.step(*zip(*pts), where="post", label=label)
    ax.set_xlabel("step")
    ax.set_ylabel("level")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return save_figure(fig, path)
