"""The main job, `rlsynth run RECIPE`: a recipe run as an experiment that shows what RL adds.

    pretrain (the recipe's leading SFT stages)  -> evaluate
    RL (the remaining stages)                   -> evaluate
    SFT-only control: the last SFT stage continued, on fresh tasks, for the RL stages' wall time
                                                -> evaluate
    runs/<name>/report.md with tables and plots, beside the exact recipe used (recipe.yaml)

Every accuracy is reported beside the majority-answer baseline of the same tasks, and the RL gain
beside the control's gain, so neither a collapse onto one answer nor plain extra training can pass
for what RL learned. The recipe's `experiment:` section names the levels and the task count.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from rlsynth.evaluate.evaluate import EvalResult, EvalSettings, evaluate
from rlsynth.train.recipe import (Recipe, RecipeError, StageSpec, apply_override,
                                  recipe_from_dict)
from rlsynth.train.run import StageResult, run_stage

CONTROL = "sft-control"
ARMS = {"sft": "SFT model", "rl": "after RL", "control": "SFT-only control"}


class ExperimentSpec(BaseModel):
    """What `rlsynth run` evaluates. A level may play several roles; rows are labelled by role."""

    model_config = ConfigDict(extra="forbid")

    sft_levels: list[int] = Field(min_length=1, description="levels the SFT stage trained on")
    rl_levels: list[int] = Field(min_length=1, description="levels RL trained on")
    harder_levels: list[int] = Field([], description="levels no stage trained on")
    n: int = Field(200, ge=1, description="held-out tasks per level")
    max_new_tokens: int = Field(128, ge=1, description="decoding budget per completion")
    batch_size: int = Field(100, ge=1, description="prompts per generate() call")
    control: bool = Field(True, description="train and evaluate the SFT-only control")
    control_learning_rate: float | None = Field(
        None, gt=0, description="the control's constant learning rate (default: the last SFT "
        "stage's rate and schedule, which restarts at its peak)")
    samples: int = Field(0, ge=0, description="also report pass@1 over this many samples per "
                         "task at the rollout temperature (the policy as RL trains it); 0: "
                         "greedy only")

    @property
    def levels(self) -> tuple[int, ...]:
        return tuple(sorted({*self.sft_levels, *self.rl_levels, *self.harder_levels}))

    def role(self, level: int) -> str:
        return "+".join(name for name, levels in (("SFT", self.sft_levels), ("RL", self.rl_levels),
                                                  ("harder", self.harder_levels))
                        if level in levels)


@dataclass
class Experiment:
    recipe: Recipe
    spec: ExperimentSpec
    source: dict  # the recipe as run (overrides applied), written to recipe.yaml
    stages: list[StageResult] = field(default_factory=list)
    evals: dict[str, EvalResult] = field(default_factory=dict)  # arm -> greedy result
    sampled: dict[str, EvalResult] = field(default_factory=dict)  # arm -> sampled result
    timings: dict[str, float] = field(default_factory=dict)  # phase -> seconds

    @property
    def out(self) -> Path:
        return Path(self.recipe.output_dir)


def load_experiment(path: str | Path, overrides: list[str] | tuple[str, ...] = ()) -> Experiment:
    """A recipe file with an `experiment:` section; `--set` overrides may target either part."""
    path = Path(path)
    if not path.is_file():
        raise RecipeError(f"recipe file {str(path)!r} not found; recipes ship in recipes/*.yaml")
    data = yaml.safe_load(path.read_text())
    if not isinstance(data, dict) or "experiment" not in data:
        raise RecipeError(f"{path}: `rlsynth run` needs an `experiment:` section (sft_levels, "
                          "rl_levels, harder_levels, n); `rlsynth train` runs a plain recipe")
    for item in overrides:
        apply_override(data, item)
    try:
        spec = ExperimentSpec.model_validate(data.pop("experiment"))
    except ValidationError as exc:
        raise RecipeError(f"{path}: invalid `experiment:` section\n{exc}") from None
    recipe = recipe_from_dict(data, source=str(path))
    n_sft = leading_sft_stages(recipe)
    if n_sft == 0 or n_sft == len(recipe.stages):
        raise RecipeError(f"{path}: `rlsynth run` needs SFT stage(s) followed by RL stage(s) "
                          f"(grpo/ahpo); this recipe has {[s.algo for s in recipe.stages]}")
    return Experiment(recipe=recipe, spec=spec, source={**data, "experiment": spec.model_dump()})


def leading_sft_stages(recipe: Recipe) -> int:
    count = 0
    while count < len(recipe.stages) and recipe.stages[count].algo == "sft":
        count += 1
    return count


def run_experiment(exp: Experiment, *, resume: bool = False,
                   say: Callable[[str], None] = print) -> bool:
    """Run every phase (skipping finished ones when `resume`); False when Ctrl-C stopped a stage."""
    from rlsynth.train.models import resolve_model

    recipe, spec = exp.recipe, exp.spec
    exp.out.mkdir(parents=True, exist_ok=True)
    (exp.out / "recipe.yaml").write_text(yaml.safe_dump(exp.source, sort_keys=False))
    model = resolve_model(recipe.model, [e.name for e in recipe.envs], exp.out / "model-init",
                          seed=recipe.seed)
    n_sft = leading_sft_stages(recipe)

    for stage in recipe.stages[:n_sft]:
        model = train_phase(exp, recipe, stage, model, resume, say)
        if model is None:
            return False
    sft_model = model
    evaluate_phase(exp, "sft", sft_model, resume, say)

    rl_stages = recipe.stages[n_sft:]
    for stage in rl_stages:
        model = train_phase(exp, recipe, stage, model, resume, say)
        if model is None:
            return False
    evaluate_phase(exp, "rl", model, resume, say)

    if spec.control:
        rl_seconds = sum(s.wall_seconds for s in exp.stages if s.name in
                         {stage.name for stage in rl_stages})
        control = control_stage(recipe.stages[n_sft - 1], rl_seconds, spec.control_learning_rate)
        # Fresh tasks for the control: the same seed would replay the SFT stage's examples.
        control_recipe = recipe.model_copy(update={"seed": recipe.seed + 1})
        say(f"control: continuing SFT for the RL stages' {rl_seconds:.0f} s")
        control_model = train_phase(exp, control_recipe, control, sft_model, resume, say)
        if control_model is None:
            return False
        evaluate_phase(exp, "control", control_model, resume, say)

    from rlsynth.experiment_report import write_experiment_report

    report = write_experiment_report(exp)
    say(f"report: {report}")
    return True


def control_stage(sft: StageSpec, seconds: float, learning_rate: float | None) -> StageSpec:
    """The last SFT stage continued for `seconds`, at a constant `learning_rate` when given."""
    update = {"name": CONTROL, "max_seconds": seconds, "max_steps": None}
    if learning_rate is not None:
        trl = {k: v for k, v in sft.trl.items() if k != "lr_scheduler_kwargs"}
        update.update(learning_rate=learning_rate, lr_scheduler_type="constant", warmup_steps=0,
                      trl=trl)
    return sft.model_copy(update=update)


def train_phase(exp: Experiment, recipe: Recipe, stage, model: str, resume: bool,
                say: Callable[[str], None]) -> str | None:
    """One training stage; the new model's path, or None when it was interrupted."""
    say(f"stage {stage.name} ({stage.algo}) from {model}")
    result = run_stage(recipe, stage, model, resume=resume)
    exp.stages.append(result)
    exp.timings[f"train {stage.name}"] = result.wall_seconds
    if not result.completed:
        say(f"stage {stage.name} stopped after {result.steps} steps; continue with --resume")
        return None
    return result.model_dir


def evaluate_phase(exp: Experiment, arm: str, model: str, resume: bool,
                   say: Callable[[str], None]) -> None:
    """Evaluate `model` on every reported level, greedy and (with `samples`) sampled; a finished
    evaluation is reused on resume."""
    exp.evals[arm] = evaluate_once(exp, arm, model, resume, say, sampled=False)
    if exp.spec.samples:
        exp.sampled[arm] = evaluate_once(exp, arm, model, resume, say, sampled=True)


def evaluate_once(exp: Experiment, arm: str, model: str, resume: bool,
                  say: Callable[[str], None], *, sampled: bool) -> EvalResult:
    name = f"{arm}-sampled" if sampled else arm
    path = exp.out / "eval" / name / "eval.json"
    if resume and path.is_file():
        return EvalResult.load(path)
    from rlsynth.evaluate.report import write_report

    decoding = "sampled pass@1" if sampled else "accuracy"
    started = time.time()
    result = evaluate(model, eval_settings(exp, sampled=sampled), label=ARMS[arm],
                      progress=lambda row: say(
                          f"  {ARMS[arm]}: level {row['level']} {decoding} "
                          f"{100 * row['accuracy']:.1f}% (majority baseline "
                          f"{100 * row['majority_baseline']:.1f}%)"))
    exp.timings[f"evaluate {name}"] = round(time.time() - started, 3)
    write_report(result, path.parent)
    return result


def eval_settings(exp: Experiment, *, sampled: bool = False) -> EvalSettings:
    """Held-out seed, each env's training knobs; greedy, or `samples` completions per task at
    the rollout temperature (accuracy is then pass@1 averaged over them)."""
    recipe, spec = exp.recipe, exp.spec
    decoding = ({"greedy": False, "temperature": recipe.generation.temperature,
                 "ks": tuple(sorted({1, spec.samples}))} if sampled else {"greedy": True})
    return EvalSettings(
        envs=tuple(dict.fromkeys(e.name for e in recipe.envs)), levels=spec.levels, n=spec.n,
        max_new_tokens=spec.max_new_tokens, prompt_format=recipe.model.prompt_format,
        batch_size=spec.batch_size, workers=recipe.verifier_workers,
        timeout=recipe.verifier_timeout, knobs={e.name: dict(e.knobs) for e in recipe.envs},
        **decoding)



# --------------------------------------------------------------------------------------------
# `rlsynth run`


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "run", help="the main job: SFT, RL, an SFT-only control, evaluations and a report",
        description="Run a recipe with an `experiment:` section end to end and write "
                    "runs/<name>/report.md (e.g. `rlsynth run recipes/quickstart.yaml`).")
    p.add_argument("recipe", help="recipe YAML with an `experiment:` section")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                   help="override a recipe value, e.g. --set stages.sft.max_seconds=60")
    p.add_argument("--resume", action="store_true",
                   help="skip finished phases and continue an interrupted stage")
    p.set_defaults(handler=run_command)


def run_command(args) -> int:
    from rich.console import Console

    console = Console()
    exp = load_experiment(args.recipe, args.overrides)
    finished = run_experiment(exp, resume=args.resume, say=console.print)
    return 0 if finished else 130
