"""Mixtures of envs: weighted, seeded, random-access task sampling that a curriculum can steer.

    mixture = Mixture.from_yaml("mixture.yaml")      # or Mixture([{"name": "compose"}], seed=0)
    task = mixture.sample(17)                         # the same task for the same weights and levels
    mixture.set_levels("compose", [3, 4])             # the curriculum moves levels while training
    mixture.set_weight("graphs", 0.5)

The YAML (or dict) form, validated by `MixtureSpec`:

    seed: 0
    envs:
      - {name: compose, weight: 2, levels: [1, 2, 3], knobs: {template: zoo}}
      - {name: sudoku, levels: 2}

Item `index` picks its env by weight and its level uniformly among the env's levels, from an rng
derived from (seed, index) (never seed + index), then asks the env for its task `index` of stream
`seed` at that level. A task depends on the weights and levels current when it is sampled.
"""
from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from rlsynth.env import Env, Task, derive_seed
from rlsynth.registry import UnknownEnvError, env_class, make_env


class MixtureError(ValueError):
    """A mixture spec is invalid; the message names the key (`envs.1.levels`) and the fix."""


class MixtureEntry(BaseModel):
    """One env of a mixture: registry name, sampling weight, levels to draw from, knob overrides."""

    model_config = ConfigDict(extra="forbid")

    name: str
    weight: float = Field(1.0, ge=0.0)
    levels: list[int] | None = None  # None: the env's default level
    knobs: dict[str, Any] = {}

    @field_validator("levels", mode="before")
    @classmethod
    def _one_level(cls, value: Any) -> Any:
        return [value] if isinstance(value, int) and not isinstance(value, bool) else value

    @model_validator(mode="after")
    def _check_against_env(self) -> MixtureEntry:
        try:
            cls = env_class(self.name)
        except UnknownEnvError as error:  # its message says "did you mean"; pydantic wants ValueError
            raise ValueError(str(error)) from None
        cls.check_knobs(self.knobs)
        if self.levels is not None:
            bad = [level for level in self.levels if not 1 <= level <= cls.max_level]
            if not self.levels or bad:
                raise ValueError(f"levels {self.levels} of env {self.name!r} must be a non-empty "
                                 f"list within 1..{cls.max_level}")
        return self


class MixtureSpec(BaseModel):
    """A mixture as data: `envs` (a list of MixtureEntry) and `seed`."""

    model_config = ConfigDict(extra="forbid")

    envs: list[MixtureEntry] = Field(min_length=1)
    seed: int = 0

    @model_validator(mode="after")
    def _check_entries(self) -> MixtureSpec:
        names = [entry.name for entry in self.envs]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ValueError(f"env {repeated[0]!r} is listed twice; list each env once")
        if not any(entry.weight > 0 for entry in self.envs):
            raise ValueError("every weight is 0; give at least one env a positive weight")
        return self

    @classmethod
    def load(cls, data: Mapping[str, Any], *, source: str = "mixture") -> MixtureSpec:
        """Validate `data`, raising MixtureError with one line per bad key."""
        try:
            return cls.model_validate(data)
        except ValidationError as error:
            raise MixtureError(describe(error, data, source)) from None

    @classmethod
    def from_yaml(cls, path: str | Path) -> MixtureSpec:
        path = Path(path)
        try:
            data = yaml.safe_load(path.read_text())
        except FileNotFoundError:
            raise MixtureError(f"mixture file {str(path)!r} does not exist") from None
        except yaml.YAMLError as error:
            raise MixtureError(f"{path}: not valid YAML: {error}") from None
        if not isinstance(data, Mapping):
            raise MixtureError(f"{path}: expected a mapping with `envs:` (and `seed:`), got "
                               f"{type(data).__name__}")
        return cls.load(data, source=str(path))


def describe(error: ValidationError, data: Any, source: str) -> str:
    """Pydantic's errors as `source: envs.1.levels: message (got value)` lines."""
    lines = [f"{source}: invalid mixture"]
    for item in error.errors():
        loc = ".".join(str(part) for part in item["loc"])
        if item["type"] == "extra_forbidden":
            lines.append(f"  {loc}: unknown key; allowed keys: "
                         f"{'name, weight, levels, knobs' if len(item['loc']) > 1 else 'envs, seed'}")
            continue
        message = item["msg"].removeprefix("Value error, ")
        got = "" if item["type"] in ("value_error", "missing") else f" (got {item.get('input')!r})"
        lines.append(f"  {loc or '(top level)'}: {message}{got}")
    return "\n".join(lines)


class Mixture:
    """Weighted envs with per-env levels and knobs; `sample(index)` is random access."""

    def __init__(self, entries: Iterable[MixtureEntry | Mapping[str, Any]], seed: int = 0) -> None:
        spec = MixtureSpec.load({"envs": [e.model_dump() if isinstance(e, MixtureEntry) else e
                                          for e in entries], "seed": seed})
        self.seed = spec.seed
        self.envs: dict[str, Env] = {e.name: make_env(e.name, **e.knobs) for e in spec.envs}
        self.weights: dict[str, float] = {e.name: e.weight for e in spec.envs}
        self.levels: dict[str, list[int]] = {
            e.name: list(e.levels or [self.envs[e.name].default_level]) for e in spec.envs}

    @classmethod
    def from_spec(cls, spec: MixtureSpec) -> Mixture:
        return cls(spec.envs, seed=spec.seed)

    @classmethod
    def from_yaml(cls, path: str | Path) -> Mixture:
        return cls.from_spec(MixtureSpec.from_yaml(path))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Mixture:
        return cls.from_spec(MixtureSpec.load(data))

    # -- sampling --------------------------------------------------------------------------

    def sample(self, index: int) -> Task:
        """Item `index`: env by weight, level uniformly among its levels, then the env's task."""
        rng = random.Random(derive_seed("mixture", self.seed, index))
        names = [name for name, weight in self.weights.items() if weight > 0]
        name = rng.choices(names, weights=[self.weights[n] for n in names])[0]
        level = rng.choice(self.levels[name])
        return self.envs[name].sample(index, seed=self.seed, level=level)

    def tasks(self, n: int, *, start: int = 0) -> list[Task]:
        return [self.sample(index) for index in range(start, start + n)]

    # -- steering, for curricula -------------------------------------------------------------

    def set_weight(self, name: str, weight: float) -> None:
        self._entry(name)
        if not weight >= 0:
            raise ValueError(f"mixture weight of {name!r} must be >= 0, got {weight!r}")
        if weight == 0 and not any(w > 0 for n, w in self.weights.items() if n != name):
            raise ValueError(f"setting the weight of {name!r} to 0 leaves no env to sample")
        self.weights[name] = float(weight)

    def set_levels(self, name: str, levels: int | Sequence[int]) -> None:
        env = self._entry(name)
        levels = [levels] if isinstance(levels, int) else list(levels)
        if not levels or any(level not in env.levels for level in levels):
            raise ValueError(f"levels {levels} of env {name!r} must be a non-empty list within "
                             f"1..{env.max_level}")
        self.levels[name] = levels

    def state(self) -> dict:
        """Weights and levels, for checkpoints (`load_state` restores them)."""
        return {"seed": self.seed, "weights": dict(self.weights),
                "levels": {name: list(levels) for name, levels in self.levels.items()}}

    def load_state(self, state: Mapping[str, Any]) -> None:
        for name, weight in state.get("weights", {}).items():
            self.set_weight(name, weight)
        for name, levels in state.get("levels", {}).items():
            self.set_levels(name, levels)

    def _entry(self, name: str) -> Env:
        if name not in self.envs:
            raise ValueError(f"env {name!r} is not in this mixture; its envs: {sorted(self.envs)}")
        return self.envs[name]

    def __repr__(self) -> str:
        parts = ", ".join(f"{n}(w={self.weights[n]:g}, levels={self.levels[n]})" for n in self.envs)
        return f"Mixture(seed={self.seed}: {parts})"
