"""`rlsynth eval`: pass@k per level for one checkpoint, or several side by side (`--compare`)."""
from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "eval", help="evaluate checkpoints on held-out tasks (pass@k per level, report, plots)",
        description="Evaluate one checkpoint, or several with --compare, on held-out tasks.")
    p.add_argument("checkpoints", nargs="+", help="HF checkpoint dirs or hub ids (LoRA too)")
    p.add_argument("--compare", action="store_true",
                   help="put the checkpoints side by side in one table and plot")
    p.add_argument("--env", required=True, help="env names, comma-separated")
    p.add_argument("--levels", default=None, help="e.g. 1..8 or 2,4,6 (default: all levels)")
    p.add_argument("--n", type=int, default=200, help="tasks per level (default 200)")
    p.add_argument("--k", default="1", help="pass@k values, comma-separated (default 1)")
    p.add_argument("--seed", type=int, default=None, help="held-out task and sampling seed")
    decoding = p.add_mutually_exclusive_group()
    decoding.add_argument("--greedy", action="store_true", help="greedy decoding (k must be 1)")
    decoding.add_argument("--sample", action="store_true",
                          help="sampled decoding (the default when any k > 1)")
    p.add_argument("--temperature", type=float, default=1.0)
    p.add_argument("--max-tokens", type=int, default=256, help="max new tokens per completion")
    p.add_argument("--prompt-format", choices=("plain", "chat"), default="plain",
                   help="plain: the prompt as text; chat: through the tokenizer's chat template")
    p.add_argument("--knob", dest="knobs", action="append", default=[],
                   metavar="ENV.KNOB=VALUE", help="a knob of one env for the held-out tasks, e.g. "
                   "compose.instructions=false (repeatable; VALUE is read as YAML)")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--out", default=None,
                   help="report folder (default: <checkpoint>/eval, or runs/compare)")
    p.set_defaults(handler=run)


def parse_levels(text: str | None) -> tuple[int, ...] | None:
    """`1..8` -> 1..8 inclusive; `2,4,6` -> those levels."""
    if text is None:
        return None
    try:
        if ".." in text:
            low, high = (int(x) for x in text.split(".."))
            return tuple(range(low, high + 1))
        return tuple(int(x) for x in text.split(","))
    except ValueError:
        raise ValueError(f"--levels {text!r} is not a range like 1..8 or a list like 2,4,6")


def parse_env_knobs(settings: list[str]) -> dict[str, dict]:
    """`["compose.shuffle=false", ...]` -> {"compose": {"shuffle": False}, ...}."""
    from rlsynth.cli import parse_knob_settings

    knobs: dict[str, dict] = {}
    for item in settings:
        env, dot, setting = item.partition(".")
        if not dot or "=" not in setting:
            raise ValueError(f"--knob {item!r} is not ENV.KNOB=VALUE, e.g. compose.shuffle=false")
        knobs.setdefault(env, {}).update(parse_knob_settings([setting]))
    return knobs


def settings_from_args(args: argparse.Namespace):
    from rlsynth.evaluate.evaluate import EVAL_SEED, EvalSettings

    try:
        ks = tuple(int(k) for k in args.k.split(","))
    except ValueError:
        raise ValueError(f"--k {args.k!r} is not a comma-separated list of integers")
    greedy = args.greedy or (not args.sample and max(ks) == 1)
    return EvalSettings(
        envs=tuple(e.strip() for e in args.env.split(",") if e.strip()),
        levels=parse_levels(args.levels), n=args.n, ks=ks,
        seed=EVAL_SEED if args.seed is None else args.seed, greedy=greedy,
        temperature=args.temperature, max_new_tokens=args.max_tokens,
        prompt_format=args.prompt_format, batch_size=args.batch_size,
        knobs=parse_env_knobs(args.knobs))


def report_dir(checkpoint: str, args: argparse.Namespace) -> Path:
    """--out for a single checkpoint; else beside a local checkpoint, or under runs/eval/."""
    if args.out and not args.compare:
        return Path(args.out)
    path = Path(checkpoint)
    return path / "eval" if path.is_dir() else Path("runs") / "eval" / path.name


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from rlsynth.evaluate.evaluate import evaluate
    from rlsynth.evaluate.report import markdown_table, write_comparison, write_report

    console = Console()
    settings = settings_from_args(args)
    results = []
    for checkpoint in args.checkpoints:
        console.print(f"[bold]evaluating[/bold] {checkpoint}")
        result = evaluate(checkpoint, settings, label=Path(checkpoint).name or checkpoint,
                          progress=lambda row: console.print(
                              f"  {row['env']} level {row['level']}: "
                              f"accuracy {100 * row['accuracy']:.1f}% "
                              f"(majority baseline {100 * row['majority_baseline']:.1f}%)"))
        paths = write_report(result, report_dir(checkpoint, args))
        console.print(markdown_table(result))
        console.print(f"wrote {paths['md']}, {paths['json']}, {paths['plot']}")
        results.append(result)
    if args.compare:
        paths = write_comparison(results, args.out or Path("runs") / "compare")
        console.print(f"wrote {paths['md']}, {paths['plot']}")
    return 0
