"""The env contract: Task, Verdict, StepVerdict, Knob and the Env base class.

An env is one task family. It samples tasks deterministically by random access, verifies any
completion string without raising, and writes an expert solution in its own step grammar.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import random
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar


# --------------------------------------------------------------------------------------------
# Records


@dataclass(frozen=True)
class Task:
    """One generated problem. JSON-native: `Task.from_json(t.to_json())` verifies identically.

    `answer` is the reference (any JSON value); `meta` holds the realised difficulty and whatever
    the verifier needs beyond the answer; `knobs` are the resolved generator settings.
    """

    env: str
    version: str
    seed: int
    index: int
    level: int
    prompt: str
    answer: Any
    meta: dict = field(default_factory=dict)
    knobs: dict = field(default_factory=dict)
    uid: str = ""

    def __post_init__(self) -> None:
        if not self.uid:
            object.__setattr__(self, "uid", content_uid(self.env, self.prompt, self.answer))

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: Mapping) -> Task:
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise ValueError(f"unknown Task fields {sorted(unknown)}; expected {sorted(names)}")
        return cls(**data)

    @classmethod
    def from_json(cls, text: str) -> Task:
        return cls.from_dict(json.loads(text))


def content_uid(env: str, prompt: str, answer: Any) -> str:
    """Content hash of a task, for dedup and train/test disjointness checks."""
    payload = json.dumps([env, prompt, answer], sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(payload.encode(), digest_size=12).hexdigest()


@dataclass(frozen=True)
class StepVerdict:
    """The verdict on one step of a completion; `span` is a [start, end) character range."""

    span: tuple[int, int]
    ok: bool
    reason: str = ""

    def to_dict(self) -> dict:
        return {"span": list(self.span), "ok": self.ok, "reason": self.reason}


@dataclass(frozen=True)
class Verdict:
    """What a verifier says about one completion.

    `score` is the env's outcome score in [0, 1] (partial credit only where the env documents it);
    `steps` is None when the env has no step grammar; `error` says why the completion failed.
    """

    correct: bool
    score: float
    format_ok: bool
    steps: tuple[StepVerdict, ...] | None = None
    error: str | None = None
    info: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"Verdict.score must lie in [0, 1], got {self.score}")
        if self.steps is not None and not isinstance(self.steps, tuple):
            object.__setattr__(self, "steps", tuple(self.steps))

    @classmethod
    def failure(cls, error: str, *, format_ok: bool = False, **info: Any) -> Verdict:
        """A zero-score verdict with its reason."""
        return cls(correct=False, score=0.0, format_ok=format_ok, error=error, info=info)

    @property
    def step_accuracy(self) -> float | None:
        """Fraction of steps judged ok (None when the env has no steps)."""
        if not self.steps:
            return None
        return sum(s.ok for s in self.steps) / len(self.steps)

    def to_dict(self) -> dict:
        return {
            "correct": self.correct,
            "score": self.score,
            "format_ok": self.format_ok,
            "steps": None if self.steps is None else [s.to_dict() for s in self.steps],
            "error": self.error,
            "info": self.info,
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> Verdict:
        steps = data.get("steps")
        return cls(
            correct=data["correct"],
            score=data["score"],
            format_ok=data["format_ok"],
            steps=None if steps is None else tuple(
                StepVerdict(tuple(s["span"]), s["ok"], s.get("reason", "")) for s in steps),
            error=data.get("error"),
            info=dict(data.get("info") or {}),
        )


# --------------------------------------------------------------------------------------------
# Knobs


@dataclass(frozen=True)
class Knob:
    """A typed generator setting. `low`/`high` bound numbers; `choices` bound everything else."""

    type: type
    default: Any
    help: str
    low: float | None = None
    high: float | None = None
    choices: Sequence[Any] | None = None

    def check(self, name: str, value: Any) -> Any:
        """Return `value` coerced to the knob's type, or raise ValueError naming the knob."""
        if value is None and self.default is None:  # None = "let the level decide"
            return None
        if self.type is bool:
            if not isinstance(value, bool):
                raise ValueError(f"knob {name!r} must be true or false, got {value!r}")
        elif self.type in (int, float):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(f"knob {name!r} must be a number, got {value!r}")
            if self.type is int and value != int(value):
                raise ValueError(f"knob {name!r} must be a whole number, got {value!r}")
            value = self.type(value)
            if (self.low is not None and value < self.low) or (
                    self.high is not None and value > self.high):
                raise ValueError(f"knob {name!r}={value} is out of range; allowed "
                                 f"{self.low}..{self.high}")
        elif not isinstance(value, self.type):
            raise ValueError(f"knob {name!r} must be {self.type.__name__}, got {value!r}")
        if self.choices is not None and value not in self.choices:
            raise ValueError(f"knob {name!r}={value!r} is not allowed; choose one of "
                             f"{list(self.choices)}")
        return value

    def describe(self) -> str:
        if self.choices is not None:
            allowed = "|".join(map(str, self.choices))
        elif self.low is not None or self.high is not None:
            allowed = f"{self.low}..{self.high}"
        else:
            allowed = self.type.__name__
        return f"{allowed} (default {self.default!r}) - {self.help}"


# --------------------------------------------------------------------------------------------
# Seeding


def derive_seed(*parts: Any) -> int:
    """A 64-bit seed from a stable hash of JSON-able parts.

    Never `seed + index`: that makes neighbouring seeds' streams shifted copies of each other
    (reasoning-gym's flaw; see shared/notes/env-suites-and-papers.md).
    """
    payload = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return int.from_bytes(hashlib.blake2b(payload.encode(), digest_size=8).digest(), "little")


# --------------------------------------------------------------------------------------------
# The Env base class


@dataclass(frozen=True)
class Problem:
    """What `Env.generate` returns; `Env.sample` wraps it into a Task."""

    prompt: str
    answer: Any
    meta: dict = field(default_factory=dict)


class Env(ABC):
    """One task family.

    Subclasses set `name`, `description`, `version`, `max_level`, `knobs` (name -> Knob) and
    `presets` (name -> {"level": L, **knobs}), and implement `level_knobs`, `generate`, `verify`,
    `expert` and `vocab`. Construct with knob overrides: `make_env("compose", modulus=13)`.

    Rules every env keeps (tests/envs checks them on every registered env):
    - `generate` draws only from its `rng`; `Problem.meta["difficulty"]` is a number, the
      realised difficulty, whose mean rises with the level.
    - `verify` depends only on the task and the completion (settings it needs live in
      `task.knobs` / `task.meta`): the verifier pool rebuilds envs by name in worker processes.
    - answers and meta are JSON values, so a task verifies the same after a JSON round-trip.
    """

    name: ClassVar[str]
    description: ClassVar[str]
    version: ClassVar[str] = "1"
    max_level: ClassVar[int] = 1
    default_level: ClassVar[int] = 1
    knobs: ClassVar[Mapping[str, Knob]] = {}
    presets: ClassVar[Mapping[str, Mapping[str, Any]]] = {}
    # Seconds within which the hardest level must generate one task (the contract suite checks it).
    generation_time_bound: ClassVar[float] = 1.0
    # Largest share one reference answer may take among a level's tasks: a policy that always
    # writes the most common answer must not win (yes/no tasks allow more than numeric ones).
    max_answer_share: ClassVar[float] = 0.5
    # Seconds one verify is expected to take, when known in advance (a proof checker): the verifier
    # pool then never runs this env in-process. None: the pool measures it.
    verify_cost_s: ClassVar[float | None] = None

    def __init__(self, **knobs: Any) -> None:
        self.overrides = self.check_knobs(knobs)

    # -- sampling --------------------------------------------------------------------------

    @property
    def levels(self) -> range:
        return range(1, self.max_level + 1)

    def sample(self, index: int, *, seed: int = 0, level: int | None = None,
               preset: str | None = None, **knobs: Any) -> Task:
        """The task at `index` of the stream `seed`: same arguments, same task, on any machine."""
        if preset is not None:
            if preset not in self.presets:
                raise ValueError(f"env {self.name!r} has no preset {preset!r}; presets: "
                                 f"{sorted(self.presets)}")
            preset_knobs = dict(self.presets[preset])
            level = preset_knobs.pop("level", level)
            knobs = {**preset_knobs, **knobs}
        level = self.default_level if level is None else level
        if not isinstance(level, int) or isinstance(level, bool) or level not in self.levels:
            raise ValueError(f"env {self.name!r}: level {level!r} is out of range; allowed "
                             f"1..{self.max_level}")
        resolved = self.resolve_knobs(level, knobs)
        rng = random.Random(derive_seed(self.name, self.version, seed, index, level, resolved))
        problem = self.generate(rng, level, resolved)
        return Task(env=self.name, version=self.version, seed=seed, index=index, level=level,
                    prompt=problem.prompt, answer=problem.answer, meta=problem.meta,
                    knobs=resolved)

    def resolve_knobs(self, level: int, knobs: Mapping[str, Any]) -> dict:
        """Knob defaults, then the level's settings, then construction overrides, then `knobs`."""
        resolved = {name: knob.default for name, knob in self.knobs.items()}
        resolved.update(self.level_knobs(level))
        resolved.update(self.overrides)
        resolved.update(self.check_knobs(knobs))
        return self.check_knobs(resolved)

    @classmethod
    def check_knobs(cls, knobs: Mapping[str, Any]) -> dict:
        unknown = [k for k in knobs if k not in cls.knobs]
        if unknown:
            raise ValueError(f"env {cls.name!r} has no knob {unknown[0]!r}; knobs: "
                             f"{sorted(cls.knobs) or 'none'}")
        return {k: cls.knobs[k].check(k, v) for k, v in knobs.items()}

    def level_knobs(self, level: int) -> dict:
        """The knob values that define `level` (monotone in difficulty)."""
        return {}

    # -- the family's logic ----------------------------------------------------------------

    @abstractmethod
    def generate(self, rng: random.Random, level: int, knobs: Mapping[str, Any]) -> Problem:
        """Draw one problem from `rng` (the only source of randomness)."""

    @abstractmethod
    def verify(self, task: Task, completion: str) -> Verdict:
        """Judge `completion`. Must never raise, whatever the string."""

    @abstractmethod
    def expert(self, task: Task) -> str:
        """A canonical solution in the env's step grammar that `verify` scores correct."""

    @classmethod
    def unavailable(cls) -> str | None:
        """Why this env cannot verify on this machine (e.g. its proof checker is not installed),
        or None. Its verdicts are then zero with that reason; test suites skip it with it."""
        return None

    def vocab(self) -> list[str]:
        """Words, numbers and symbols the env's prompts and traces use (for fitted tokenizers)."""
        return []

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r}, overrides={self.overrides})"
