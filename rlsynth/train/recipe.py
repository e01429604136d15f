"""Recipes: one YAML file declares a whole training run, validated by pydantic at load time.

A wrong key or value fails here with its dotted path and the fix, never deep inside training.
`load_recipe(path, overrides=["stages.sft.max_steps=5", ...])` applies `--set` overrides first.
"""
from __future__ import annotations

import copy
import difflib
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator


class RecipeError(ValueError):
    """A recipe (or one of its overrides) is invalid; the message names the key and the fix."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", protected_namespaces=())


class LoraSpec(_Strict):
    """LoRA through peft; `target_modules` default covers Llama/Qwen2 attention and MLP."""

    r: int = Field(8, ge=1)
    alpha: int = Field(16, ge=1)
    dropout: float = Field(0.0, ge=0.0, lt=1.0)
    target_modules: list[str] = ["q_proj", "k_proj", "v_proj", "o_proj"]


class ModelSpec(_Strict):
    """`path`: a hub id, a local HF checkpoint directory, or `tiny:<size>` (`tiny:100k`, `tiny:1m`,
    `tiny:10m`: a Llama built from a config, with a tokenizer fitted to the envs' vocabulary).
    `tokenizer`: for tiny models `char` (default; learns faster on a CPU) or `word`; for other
    models an optional tokenizer path (default: the model's own)."""

    path: str
    tokenizer: str | None = None
    arch: Literal["llama", "qwen2"] = "llama"
    dtype: Literal["float32", "bfloat16", "float16"] = "float32"
    lora: LoraSpec | None = None
    prompt_format: Literal["plain", "chat"] = "plain"
    max_position_embeddings: int = Field(512, ge=16)

    @field_validator("path")
    @classmethod
    def _path(cls, value: str) -> str:
        if value.startswith("tiny:"):
            from rlsynth.train.models import TINY_SIZES
            size = value.split(":", 1)[1]
            if size not in TINY_SIZES:
                raise ValueError(f"unknown tiny size {size!r}; use one of "
                                 f"{', '.join('tiny:' + s for s in TINY_SIZES)}")
        return value

    @property
    def is_tiny(self) -> bool:
        return self.path.startswith("tiny:")


class EnvEntry(_Strict):
    """One env of the mixture: registry name, sampling weight, level(s) and knob overrides.
    `level: 3` or `levels: [1, 2, 3]` (drawn uniformly); neither: the env's default level.
    `min_level` / `max_level` bound where the curriculum may move it."""

    name: str
    weight: float = Field(1.0, ge=0.0)
    level: int | None = Field(None, ge=1)
    levels: list[int] | None = Field(None, min_length=1)
    knobs: dict[str, Any] = {}
    min_level: int | None = Field(None, ge=1)
    max_level: int | None = Field(None, ge=1)

    @model_validator(mode="after")
    def _one_way(self) -> EnvEntry:
        if self.level is not None and self.levels is not None:
            raise ValueError(f"env {self.name!r}: give `level` or `levels`, not both")
        return self

    def mixture_entry(self) -> dict:
        """The rlsynth.mixture entry for this env."""
        levels = self.levels or ([self.level] if self.level is not None else None)
        return {"name": self.name, "weight": self.weight, "levels": levels,
                "knobs": dict(self.knobs)}


class GenerationSpec(_Strict):
    """Sampling settings for RL rollouts (passed to TRL's GRPOConfig)."""

    max_prompt_length: int | None = Field(None, ge=1)
    max_completion_length: int = Field(96, ge=1)
    temperature: float = Field(1.0, gt=0.0)
    top_p: float = Field(1.0, gt=0.0, le=1.0)
    top_k: int = Field(0, ge=0)
    use_vllm: bool = False
    vllm_mode: Literal["colocate", "server"] = "colocate"
    vllm_gpu_memory_utilization: float = Field(0.3, gt=0.0, le=1.0)


class CurriculumSpec(_Strict):
    """Windowed success rates per (env, level) move levels: above `high` -> level up, below
    `low` -> level down, once `min_samples` rollouts of the current level are in the window."""

    enabled: bool = False
    window: int = Field(64, ge=1)
    min_samples: int = Field(32, ge=1)
    low: float = Field(0.3, ge=0.0, le=1.0)
    high: float = Field(0.7, ge=0.0, le=1.0)
    reweight: bool = False  # also up-weight envs whose success sits nearest the band's middle

    @model_validator(mode="after")
    def _band(self) -> CurriculumSpec:
        if self.low >= self.high:
            raise ValueError(f"curriculum.low ({self.low}) must be below curriculum.high "
                             f"({self.high})")
        if self.min_samples > self.window:
            raise ValueError(f"curriculum.min_samples ({self.min_samples}) cannot exceed "
                             f"curriculum.window ({self.window})")
        return self


class LoggingSpec(_Strict):
    every: int = Field(1, ge=1)
    console: bool = True
    jsonl: bool = True
    tensorboard: bool | Literal["auto"] = "auto"
    wandb: bool = False
    wandb_project: str | None = None


LOSS_TYPES = ("grpo", "bnpo", "dr_grpo", "dapo", "cispo", "sapo", "luspo")


class StageSpec(_Strict):
    """One stage of the chain. Budgets: `max_steps` and/or `max_seconds` (whichever ends first).

    SFT fields: `num_examples` (expert traces), `max_length` (also AHPO's expert-trace cap),
    `packing`.
    RL fields (grpo/ahpo): TRL's GRPO knobs under their TRL names; AHPO adds `ahpo_threshold`
    (R: the expert NLL is on for a group when fewer than R rollouts are correct), `ahpo_coef`
    and `ahpo_normalizer`. `trl` passes any other TRL config field through unchanged."""

    name: str | None = None
    algo: Literal["sft", "grpo", "ahpo"]
    max_steps: int | None = Field(None, ge=1)
    max_seconds: float | None = Field(None, gt=0)
    learning_rate: float = Field(1e-4, gt=0)
    lr_scheduler_type: str = "constant"
    warmup_steps: int = Field(0, ge=0)
    weight_decay: float = Field(0.0, ge=0)
    max_grad_norm: float = Field(1.0, gt=0)
    per_device_train_batch_size: int = Field(8, ge=1)
    gradient_accumulation_steps: int = Field(1, ge=1)
    save_steps: int | None = Field(None, ge=1)
    # sft
    num_examples: int = Field(4096, ge=1)
    max_length: int = Field(256, ge=8)
    packing: bool = False
    # grpo / ahpo
    num_generations: int = Field(8, ge=2)
    steps_per_generation: int | None = Field(None, ge=1)
    num_iterations: int = Field(1, ge=1)
    loss_type: Literal[LOSS_TYPES] = "dapo"  # type: ignore[valid-type]
    beta: float = Field(0.0, ge=0)
    epsilon: float = Field(0.2, gt=0)
    epsilon_high: float | None = Field(None, gt=0)
    scale_rewards: Literal["group", "batch", "none"] = "group"
    mask_truncated_completions: bool = False
    num_prompts: int = Field(100_000, ge=1)  # size of the (lazily generated) prompt stream
    # ahpo
    ahpo_threshold: int = Field(1, ge=1)
    ahpo_coef: float = Field(1.0, ge=0)
    ahpo_normalizer: Literal["tokens", "sequences", "max_length"] = "tokens"
    trl: dict[str, Any] = {}
    # This stage's env mixture (e.g. SFT on easy levels, RL at the edge); default: the recipe's.
    envs: list[EnvEntry] | None = None

    @model_validator(mode="after")
    def _check(self) -> StageSpec:
        if self.name is None:
            self.name = self.algo
        if self.max_steps is None and self.max_seconds is None:
            raise ValueError(f"stage {self.name!r} needs a budget: set max_steps and/or "
                             "max_seconds")
        if self.algo != "sft":
            gen_batch = self.per_device_train_batch_size * (
                self.steps_per_generation or self.gradient_accumulation_steps)
            if gen_batch % self.num_generations:
                raise ValueError(
                    f"stage {self.name!r}: per_device_train_batch_size x steps_per_generation "
                    f"= {gen_batch} must be a multiple of num_generations={self.num_generations}; "
                    f"e.g. set per_device_train_batch_size: {self.num_generations}")
        return self


class Recipe(_Strict):
    """A whole run: model, env mixture, reward terms, stages, curriculum, logging, budgets."""

    name: str
    seed: int = 0
    output_dir: str = "runs/{name}"
    model: ModelSpec
    envs: list[EnvEntry] = Field(min_length=1)
    rewards: dict[str, Any] = {}
    stages: list[StageSpec] = Field(min_length=1)
    generation: GenerationSpec = GenerationSpec()
    curriculum: CurriculumSpec = CurriculumSpec()
    logging: LoggingSpec = LoggingSpec()
    verifier_timeout: float = Field(5.0, gt=0)
    verifier_workers: int = Field(2, ge=0)
    launch: str | None = None  # the launch/ config this recipe is meant for (documentation + test)
    eval_tasks: int = Field(64, ge=0)

    @model_validator(mode="after")
    def _check(self) -> Recipe:
        names = [s.name for s in self.stages]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            raise ValueError(f"stage names must be unique, {sorted(dup)} repeat; give each stage "
                             "a distinct `name:`")
        self.output_dir = self.output_dir.replace("{name}", self.name)
        return self

    def stage(self, name: str) -> StageSpec:
        for stage in self.stages:
            if stage.name == name:
                return stage
        names = [s.name for s in self.stages]
        raise RecipeError(f"recipe {self.name!r} has no stage {name!r}; stages: {names}")

    def reward_spec(self):
        """The rewards/ RewardSpec for this recipe's `rewards:` section."""
        from rlsynth.rewards import RewardSpec
        return RewardSpec.model_validate(self.rewards or {})


# --------------------------------------------------------------------------------------------
# Loading and overrides


def load_recipe(path: str | Path, overrides: list[str] | tuple[str, ...] = ()) -> Recipe:
    """Read, override (`key.sub=value`, value parsed as YAML) and validate a recipe."""
    path = Path(path)
    if not path.is_file():
        raise RecipeError(f"recipe file {str(path)!r} not found; recipes ship in recipes/*.yaml")
    try:
        data = yaml.safe_load(path.read_text())
    except yaml.YAMLError as exc:
        raise RecipeError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise RecipeError(f"{path}: a recipe is a YAML mapping, got {type(data).__name__}")
    return recipe_from_dict(data, overrides, source=str(path))


def recipe_from_dict(data: dict, overrides=(), *, source: str = "recipe") -> Recipe:
    data = copy.deepcopy(data)
    for item in overrides:
        apply_override(data, item)
    try:
        recipe = Recipe.model_validate(data)
    except ValidationError as exc:
        raise RecipeError(f"{source}: invalid recipe\n{_explain(exc)}") from None
    if recipe.rewards:
        try:
            recipe.reward_spec()
        except ValidationError as exc:
            from rlsynth.rewards import RewardSpec
            raise RecipeError(f"{source}: invalid `rewards:` section\n"
                              f"{_explain(exc, 'rewards', RewardSpec)}") from None
    _check_envs(recipe, source)
    return recipe


def apply_override(data: dict, item: str) -> None:
    """`stages.sft.max_steps=5` sets a nested key; a list is indexed by number or by `name`."""
    if "=" not in item:
        raise RecipeError(f"override {item!r} must look like key.sub=value")
    key, raw = item.split("=", 1)
    value = yaml.safe_load(raw) if raw.strip() else None
    parts = key.strip().split(".")
    node: Any = data
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if isinstance(node, list):
            idx = _list_index(node, part, key)
            if last:
                node[idx] = value
            else:
                node = node[idx]
        elif isinstance(node, dict):
            if last:
                node[part] = value
            else:
                node = node.setdefault(part, {})
        else:
            raise RecipeError(f"override {item!r}: {'.'.join(parts[:i])!r} is a value, not a "
                              "section")


def _list_index(node: list, part: str, key: str) -> int:
    if part.isdigit() and int(part) < len(node):
        return int(part)
    for idx, entry in enumerate(node):
        if isinstance(entry, dict) and part in (entry.get("name"), entry.get("algo")):
            return idx
    names = [e.get("name") or e.get("algo") for e in node if isinstance(e, dict)]
    raise RecipeError(f"override {key!r}: no list entry {part!r}; use an index 0..{len(node) - 1} "
                      f"or one of {names}")


def _explain(exc: ValidationError, prefix: str = "", root: type[BaseModel] | None = None) -> str:
    lines = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in ((prefix,) if prefix else ()) + tuple(err["loc"]))
        if err["type"] == "extra_forbidden":
            allowed = _allowed_keys(err["loc"][:-1], root or Recipe)
            close = difflib.get_close_matches(str(err["loc"][-1]), allowed or [], n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            if allowed:
                hint += f"allowed keys here: {', '.join(allowed)}"
            hint = hint or "the schema is in rlsynth/train/recipe.py"
            lines.append(f"  {loc}: unknown key; remove it or fix its spelling ({hint})")
        else:
            message = err["msg"].removeprefix("Value error, ")
            lines.append(f"  {loc or '(recipe)'}: {message} (got {err.get('input')!r})")
    return "\n".join(lines)


def _allowed_keys(loc: tuple, root: type[BaseModel]) -> list[str] | None:
    """The field names of the section at `loc` of `root` (list indices skipped)."""
    model: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if isinstance(model, type) else None
        if field is None:
            return None
        model = next((t for t in (field.annotation, *getattr(field.annotation, "__args__", ()))
                      if isinstance(t, type) and issubclass(t, BaseModel)), None)
        if model is None:
            inner = [a for arg in getattr(field.annotation, "__args__", ())
                     for a in getattr(arg, "__args__", ()) if isinstance(a, type)]
            model = next((t for t in inner if issubclass(t, BaseModel)), None)
        if model is None:
            return None
    return sorted(model.model_fields)


def _check_envs(recipe: Recipe, source: str) -> None:
    from rlsynth.registry import UnknownEnvError, env_class

    entries = [(f"envs.{i}", e) for i, e in enumerate(recipe.envs)] + [
        (f"stages.{s.name}.envs.{i}", e) for s in recipe.stages for i, e in enumerate(s.envs or [])]
    for where, entry in entries:
        try:
            cls = env_class(entry.name)
            cls.check_knobs(entry.knobs)
        except (UnknownEnvError, ValueError) as exc:
            raise RecipeError(f"{source}: {where} ({entry.name!r}): {exc}") from None
        for field_name in ("level", "levels", "min_level", "max_level"):
            value = getattr(entry, field_name)
            for item in value if isinstance(value, list) else [value]:
                if item is not None and item > cls.max_level:
                    raise RecipeError(f"{source}: {where}.{field_name}={value} exceeds env "
                                      f"{entry.name!r}'s max_level {cls.max_level}")
