"""The `rlsynth` command line.

    rlsynth envs list                                    every registered env
    rlsynth envs show compose                            knobs, levels, presets, an example
    rlsynth sample compose --level 3 --n 5 --expert      tasks (and expert traces); --jsonl for files
    rlsynth verify compose completions.jsonl             score a file of completions
    rlsynth data build mixture.yaml --out data/          HF datasets + JSONL of prompts and SFT pairs

Commands plug in through COMMANDS: each module there has `add_parser(subparsers)`, which registers
its subcommands with a `handler` (or `func`) default taking the parsed args and returning an exit
code; heavy imports belong inside the handler. Errors a user can fix (unknown env, bad knob, bad
file) print one message and exit 2; `--traceback` shows where they came from.
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

COMMANDS = ("rlsynth.cli", "rlsynth.evaluate.cli", "rlsynth.experiment", "rlsynth.train.cli")
USER_ERRORS = (ValueError, LookupError, FileNotFoundError, IsADirectoryError, NotADirectoryError,
               PermissionError)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rlsynth", description=__doc__.split("\n\n")[0])
    parser.add_argument("--traceback", action="store_true", help="show tracebacks of errors")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        importlib.import_module(module).add_parser(subparsers)
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None) or args.func
    try:
        return handler(args) or 0
    except USER_ERRORS as error:
        if args.traceback:
            raise
        print(f"rlsynth {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `rlsynth sample ... | head`
        sys.stdout = None  # no flush error at exit
        return 0


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """rlsynth's own commands: envs, sample, verify, data."""
    envs = subparsers.add_parser("envs", help="list envs, or show one in detail")
    envs_commands = envs.add_subparsers(dest="envs_command", metavar="list|show", required=True)
    envs_commands.add_parser("list", help="every registered env").set_defaults(handler=envs_list)
    show = envs_commands.add_parser("show", help="knobs, levels, presets and an example")
    show.add_argument("name")
    show.add_argument("--level", type=int, help="level of the example (default: the env's)")
    show.add_argument("--seed", type=int, default=0, help="stream of the example")
    show.set_defaults(handler=envs_show)

    sample = subparsers.add_parser("sample", help="print tasks of an env")
    sample.add_argument("name")
    sample.add_argument("--level", type=int, help="default: the env's default level")
    sample.add_argument("--preset", help="a named preset (sets the level and knobs)")
    sample.add_argument("--n", type=int, default=3, help="number of tasks (default 3)")
    sample.add_argument("--seed", type=int, default=0, help="stream (default 0)")
    sample.add_argument("--start", type=int, default=0, help="first index (default 0)")
    sample.add_argument("--expert", action="store_true", help="also print expert traces")
    sample.add_argument("--jsonl", action="store_true",
                        help="one JSON task per line (with --expert: {task, completion} records, "
                             "which `rlsynth verify` reads)")
    sample.add_argument("--set", dest="knobs", action="append", default=[], metavar="KNOB=VALUE",
                        help="a knob value (repeatable; VALUE is read as YAML: 7, true, zoo)")
    sample.set_defaults(handler=sample_tasks)

    verify = subparsers.add_parser("verify", help="score a JSONL file of completions")
    verify.add_argument("name", help="the env the completions answer")
    verify.add_argument("completions", type=Path,
                        help='JSONL records {"task": <task>, "completion": "..."}, or {"index", '
                             '"seed", "level", "knobs", "completion"} to regenerate the task')
    verify.add_argument("--out", type=Path,
                        help="verdicts JSONL (default: COMPLETIONS with .verdicts.jsonl)")
    verify.add_argument("--workers", type=int, default=None, help="verifier processes (0: none)")
    verify.add_argument("--timeout", type=float, default=10.0, help="seconds per completion")
    verify.set_defaults(handler=verify_file)

    data = subparsers.add_parser("data", help="build datasets from a mixture")
    data_commands = data.add_subparsers(dest="data_command", metavar="build", required=True)
    build = data_commands.add_parser(
        "build", help="HF datasets (save_to_disk) and JSONL of prompts and SFT pairs")
    build.add_argument("mixture", type=Path, help="mixture YAML: {seed, envs: [{name, weight, "
                                                   "levels, knobs}]}")
    build.add_argument("--out", type=Path, required=True, help="output folder")
    build.add_argument("--n", type=int, default=1000, help="rows (default 1000)")
    build.add_argument("--start", type=int, default=0, help="first mixture index (default 0)")
    build.add_argument("--prompt-format", choices=("plain", "chat"), default="plain")
    build.add_argument("--system-prompt", default=None)
    build.add_argument("--no-sft", dest="sft", action="store_false",
                       help="skip the SFT pairs (expert traces)")
    build.set_defaults(handler=data_build)


# --------------------------------------------------------------------------------------------
# envs list / show


def envs_list(args: argparse.Namespace) -> int:
    from rich.table import Table

    from rlsynth.registry import env_class, list_envs

    table = Table(title="rlsynth envs")
    table.add_column("env", no_wrap=True)
    table.add_column("levels", no_wrap=True)
    table.add_column("knobs")
    table.add_column("description")
    envs = list_envs()
    for name, description in envs.items():
        cls = env_class(name)
        table.add_row(name, f"1..{cls.max_level}", ", ".join(cls.knobs) or "-", description)
    console().print(table)
    console().print(f"{len(envs)} envs; `rlsynth envs show NAME` for one in detail")
    return 0


def envs_show(args: argparse.Namespace) -> int:
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from rlsynth.registry import make_env

    env = make_env(args.name)
    out = console()
    out.print(f"[bold]{env.name}[/bold] (version {env.version}): {env.description}")
    out.print(f"levels 1..{env.max_level} (default {env.default_level}); answers: most common "
              f"share <= {env.max_answer_share}; generation <= {env.generation_time_bound} s")
    if env.knobs:
        knobs = Table("knob", "type", "allowed", "default", "help", title="knobs")
        for name, knob in env.knobs.items():
            allowed = ("|".join(map(str, knob.choices)) if knob.choices is not None
                       else f"{knob.low}..{knob.high}" if (knob.low, knob.high) != (None, None)
                       else "any")
            knobs.add_row(name, knob.type.__name__, allowed, repr(knob.default), knob.help)
        out.print(knobs)
    if env.presets:
        presets = Table("preset", "settings", title="presets")
        for name, settings in env.presets.items():
            presets.add_row(name, ", ".join(f"{k}={v!r}" for k, v in settings.items()))
        out.print(presets)
    task = env.sample(0, seed=args.seed, level=args.level)
    trace = env.expert(task)
    verdict = env.verify(task, trace)
    out.print(Panel(Text(task.prompt), title=f"example: level {task.level}, seed {task.seed}, "
                                             f"index 0"))
    out.print(Panel(Text(trace), title=f"expert trace: correct={verdict.correct}, "
                                       f"{len(verdict.steps or ())} steps"))
    out.print(f"answer: {json.dumps(task.answer)}   difficulty: {task.meta.get('difficulty')}",
              markup=False)
    return 0


# --------------------------------------------------------------------------------------------
# sample


def sample_tasks(args: argparse.Namespace) -> int:
    from rich.panel import Panel
    from rich.text import Text

    from rlsynth.registry import make_env

    env = make_env(args.name)
    knobs = parse_knob_settings(args.knobs)
    out = console()
    for index in range(args.start, args.start + args.n):
        task = env.sample(index, seed=args.seed, level=args.level, preset=args.preset, **knobs)
        trace = env.expert(task) if args.expert else None
        if args.jsonl:
            record = task.to_dict() if trace is None else {"task": task.to_dict(), "completion": trace}
            print(json.dumps(record, ensure_ascii=False))
            continue
        title = f"{task.env} level {task.level}, seed {task.seed}, index {task.index} ({task.uid})"
        body = Text.assemble(task.prompt, ("\n\nanswer: ", "bold"),
                             json.dumps(task.answer, ensure_ascii=False))
        out.print(Panel(body, title=title))
        if trace is not None:
            out.print(Panel(Text(trace), title="expert trace"))
    return 0


def parse_knob_settings(settings: list[str]) -> dict[str, Any]:
    """`["modulus=7", "template=zoo"]` -> {"modulus": 7, "template": "zoo"} (values read as YAML)."""
    import yaml

    knobs = {}
    for setting in settings:
        name, sep, value = setting.partition("=")
        if not sep or not name:
            raise ValueError(f"--set {setting!r}: expected KNOB=VALUE, e.g. --set modulus=7")
        knobs[name.strip()] = yaml.safe_load(value) if value.strip() else ""
    return knobs


# --------------------------------------------------------------------------------------------
# verify


def verify_file(args: argparse.Namespace) -> int:
    from rich.table import Table

    from rlsynth.adapters import completion_text, read_jsonl, write_verified
    from rlsynth.env import Task
    from rlsynth.registry import make_env
    from rlsynth.verify import VerifierPool

    env = make_env(args.name)
    tasks, completions = [], []
    for number, row in enumerate(read_jsonl(args.completions), 1):
        where = f"{args.completions}: record {number}"
        if "completion" not in row:
            raise ValueError(f"{where}: no 'completion' key")
        if "task" in row:
            raw = row["task"]
            try:
                task = Task.from_json(raw) if isinstance(raw, str) else Task.from_dict(raw)
            except (TypeError, ValueError) as error:
                raise ValueError(f"{where}: bad task: {error}") from None
            if task.env != env.name:
                raise ValueError(f"{where}: the task is for env {task.env!r}, not {env.name!r}")
        elif "index" in row:
            task = env.sample(row["index"], seed=row.get("seed", 0), level=row.get("level"),
                              **row.get("knobs", {}))
        else:
            raise ValueError(f"{where}: needs a 'task', or an 'index' (with seed, level, knobs) "
                             f"to regenerate it")
        tasks.append(task)
        completions.append(completion_text(row["completion"]))
    with VerifierPool(args.workers, timeout=args.timeout) as pool:
        verdicts = pool.verify(tasks, completions)
        stats = pool.stats
    out_path = args.out or args.completions.with_suffix(".verdicts.jsonl")
    write_verified(out_path, tasks, completions, verdicts)

    n = max(len(verdicts), 1)
    steps = [v.step_accuracy for v in verdicts if v.step_accuracy is not None]
    table = Table("completions", "accuracy", "mean score", "format errors", "step accuracy",
                  "verifier failures", title=f"{env.name}: {args.completions}")
    table.add_row(str(len(verdicts)), f"{sum(v.correct for v in verdicts) / n:.1%}",
                  f"{sum(v.score for v in verdicts) / n:.3f}",
                  f"{sum(not v.format_ok for v in verdicts) / n:.1%}",
                  f"{sum(steps) / len(steps):.1%}" if steps else "-",
                  str(stats.errors + stats.timeouts + stats.crashes))
    console().print(table)
    if stats.errors + stats.timeouts + stats.crashes:
        console().print(f"verifier failures: {stats.errors} raised, {stats.timeouts} timed out, "
                        f"{stats.crashes} crashed")
    errors = Counter(v.error for v in verdicts if v.error)
    for error, count in errors.most_common(5):
        console().print(f"  {count} x {error}", markup=False)
    console().print(f"verdicts written to {out_path}")
    return 0


# --------------------------------------------------------------------------------------------
# data build


def data_build(args: argparse.Namespace) -> int:
    from datasets import Dataset
    from rich.table import Table

    from rlsynth.adapters import prompt_records, sft_records, write_jsonl
    from rlsynth.mixture import Mixture, MixtureSpec

    spec = MixtureSpec.from_yaml(args.mixture)
    mixture = Mixture.from_spec(spec)
    options = {"start": args.start, "prompt_format": args.prompt_format,
               "system_prompt": args.system_prompt}
    records = (sft_records if args.sft else prompt_records)(mixture, args.n, **options)
    args.out.mkdir(parents=True, exist_ok=True)
    prompts = [{k: v for k, v in row.items() if k != "completion"} for row in records]
    write_jsonl(args.out / "prompts.jsonl", prompts)
    Dataset.from_list(prompts).save_to_disk(str(args.out / "prompts"))
    written = ["prompts/", "prompts.jsonl"]
    if args.sft:
        write_jsonl(args.out / "sft.jsonl", records)
        Dataset.from_list(records).save_to_disk(str(args.out / "sft"))
        written += ["sft/", "sft.jsonl"]
    (args.out / "mixture.json").write_text(json.dumps(spec.model_dump(), indent=2) + "\n")

    table = Table("env", "rows", "levels", title=f"{args.n} rows from {args.mixture}")
    for name, count in sorted(Counter(row["env"] for row in records).items()):
        levels = sorted({row["level"] for row in records if row["env"] == name})
        table.add_row(name, str(count), ", ".join(map(str, levels)))
    console().print(table)
    console().print(f"wrote {', '.join(written)} and mixture.json to {args.out}")
    return 0


def console():
    from rich.console import Console

    return Console(soft_wrap=False)
