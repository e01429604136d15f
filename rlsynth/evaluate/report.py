"""Evaluation reports: JSON, Markdown tables and PNG plots, for one checkpoint or several side by
side. Every accuracy is printed next to the majority-answer baseline of the same tasks, so a
policy that collapsed onto one answer cannot pass for one that learned."""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from rlsynth.evaluate.evaluate import EvalResult

PERCENT_COLUMNS = ("accuracy", "majority_baseline", "process_acc", "format_error_rate")


def write_report(result: EvalResult, out_dir: str | Path) -> dict[str, Path]:
    """`eval.json`, `eval.md` and `eval_accuracy.png` for one checkpoint."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": out / "eval.json", "md": out / "eval.md", "plot": out / "eval_accuracy.png"}
    paths["json"].write_text(json.dumps(result.to_dict(), indent=2))
    paths["md"].write_text(f"# Evaluation of `{result.checkpoint}`\n\n{settings_line(result)}\n\n"
                           + markdown_table(result) + "\n")
    plot_levels({result.label: result}, paths["plot"], title="accuracy per level")
    return paths


def write_comparison(results: Sequence[EvalResult], out_dir: str | Path) -> dict[str, Path]:
    """`compare.json`, `compare.md` and `compare_accuracy.png`: checkpoints side by side."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": out / "compare.json", "md": out / "compare.md",
             "plot": out / "compare_accuracy.png"}
    paths["json"].write_text(json.dumps([r.to_dict() for r in results], indent=2))
    paths["md"].write_text("# Checkpoints compared\n\n" + comparison_table(results) + "\n")
    plot_levels({r.label: r for r in results}, paths["plot"], title="accuracy per level")
    return paths


def settings_line(result: EvalResult) -> str:
    s = result.settings
    decoding = "greedy" if s["greedy"] else f"sampled at T={s['temperature']}"
    return (f"{s['n']} tasks per level, {s['samples']} sample(s) per task, {decoding}, "
            f"max {s['max_new_tokens']} new tokens, eval seed {s['seed']}.")


def markdown_table(result: EvalResult) -> str:
    ks = result.settings["ks"]
    header = ["env", "level", "tasks", "accuracy", "majority baseline",
              *(f"pass@{k}" for k in ks), "process acc", "mean length", "format errors"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in result.rows:
        cells = [row["env"], str(row["level"]), str(row["tasks"]), pct(row["accuracy"]),
                 pct(row["majority_baseline"]), *(pct(row["pass_at_k"][str(k)]) for k in ks),
                 pct(row["process_acc"]), f"{row['mean_length']:.0f}",
                 pct(row["format_error_rate"])]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def comparison_table(results: Sequence[EvalResult]) -> str:
    """Accuracy per (env, level) with one column per checkpoint, baseline first."""
    keys = sorted({(row["env"], row["level"]) for r in results for row in r.rows})
    header = ["env", "level", "majority baseline", *(r.label for r in results)]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for env, level in keys:
        rows = [r.row(env, level) for r in results]
        baseline = next((row["majority_baseline"] for row in rows if row), None)
        cells = [env, str(level), pct(baseline), *(pct(row["accuracy"] if row else None)
                                                   for row in rows)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def plot_levels(results: dict[str, EvalResult], path: Path, *, title: str) -> None:
    """Accuracy against level, one line per (checkpoint, env), the majority baseline dashed."""
    fig, ax = pyplot().subplots(figsize=(7, 4))
    baselines_drawn: set[str] = set()
    for label, result in results.items():
        for env in result.envs:
            rows = [row for row in result.rows if row["env"] == env]
            levels = [row["level"] for row in rows]
            ax.plot(levels, [100 * row["accuracy"] for row in rows], marker="o",
                    label=f"{label} · {env}" if len(result.envs) > 1 else label)
            if env not in baselines_drawn:
                baselines_drawn.add(env)
                ax.plot(levels, [100 * row["majority_baseline"] for row in rows], "k--",
                        alpha=0.5, label=f"majority baseline · {env}")
    ax.set_xlabel("level")
    ax.set_ylabel("accuracy (%)")
    ax.set_ylim(0, 100)
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7)
    save_figure(fig, path)


def pyplot():
    """matplotlib's pyplot on the file-only Agg backend (no display on training machines)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def save_figure(fig, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    pyplot().close(fig)
    return path
