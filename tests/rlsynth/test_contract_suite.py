"""The env contract suite (tests/envs/test_contract.py) passes on a sound env and catches broken ones.

Each broken variant of the toy env breaks one rule; the matching check must fail on it with a message
that names the env and what went wrong.
"""
from __future__ import annotations

import importlib.util
import random
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from rlsynth import Knob, Problem, Task, Verdict, extract_answer, extract_boxed
from toy_env import ToyArith

SUITE = Path(__file__).parents[1] / "envs" / "test_contract.py"
spec = importlib.util.spec_from_file_location("rlsynth_contract_suite", SUITE)
contract = importlib.util.module_from_spec(spec)
spec.loader.exec_module(contract)

CHECKS = [getattr(contract, name) for name in dir(contract) if name.startswith("check_")]


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_sound_env_passes(check) -> None:
    check(ToyArith())


def test_sound_env_with_overrides_passes() -> None:
    env = ToyArith(modulus=11, style="words")
    for check in CHECKS:
        check(env)


class VerifierOnlyKnob(ToyArith):
    """A knob that generation ignores but the verifier reads is honoured."""

    knobs = {**ToyArith.knobs, "accept_boxed": Knob(bool, False, "also accept \\boxed{n}")}

    def verify(self, task: Task, completion: str) -> Verdict:
        if task.knobs["accept_boxed"] and extract_answer(completion) is None:
            completion = f"<answer>{extract_boxed(completion)}</answer>"
        return super().verify(task, completion)


def test_verifier_only_knob_passes() -> None:
    contract.check_knobs(VerifierOnlyKnob())


class WrongExpert(ToyArith):
    def expert(self, task: Task) -> str:
        return super().expert(task).replace(f"<answer>{task.answer}<", f"<answer>{task.answer + 1}<")


class RaisesOnJunk(ToyArith):
    def verify(self, task: Task, completion: str) -> Verdict:
        correct = int(extract_answer(completion)) == task.answer
        return Verdict(correct=correct, score=float(correct), format_ok=True)


class AcceptsAnyBlock(ToyArith):
    def verify(self, task: Task, completion: str) -> Verdict:
        correct = f"<answer>{task.answer}</answer>" in completion
        return Verdict(correct=correct, score=float(correct), format_ok=True)


class AcceptsHedges(ToyArith):
    def verify(self, task: Task, completion: str) -> Verdict:
        answer = extract_answer(completion) or ""
        correct = str(task.answer) in answer.replace(",", " ").split()
        return Verdict(correct=correct, score=float(correct), format_ok=True)


class HangsOnHugeInput(ToyArith):
    def verify(self, task: Task, completion: str) -> Verdict:
        while len(completion) > 100_000:
            pass
        return super().verify(task, completion)


class SwallowsEverything(HangsOnHugeInput):
    """A hang inside `except Exception` must still be reported as a hang."""

    def verify(self, task: Task, completion: str) -> Verdict:
        try:
            return super().verify(task, completion)
        except Exception:
            return Verdict.failure("guarded")


class UsesGlobalRandom(ToyArith):
    def generate(self, rng: random.Random, level: int, knobs: Mapping[str, Any]) -> Problem:
        return super().generate(random.Random(), level, knobs)


class ShiftedSeeds(ToyArith):
    def sample(self, index: int, *, seed: int = 0, **kwargs: Any) -> Task:
        return super().sample(index + seed, seed=0, **kwargs)


class IgnoresSeed(ToyArith):
    def sample(self, index: int, *, seed: int = 0, **kwargs: Any) -> Task:
        return super().sample(index, seed=0, **kwargs)


class IgnoresStyle(ToyArith):
    def generate(self, rng: random.Random, level: int, knobs: Mapping[str, Any]) -> Problem:
        return super().generate(rng, level, {**knobs, "style": "symbols"})


class VerifiesWithInstanceKnobs(ToyArith):
    def verify(self, task: Task, completion: str) -> Verdict:
        modulus = self.overrides.get("modulus", self.knobs["modulus"].default)
        value = task.meta["terms"][0]
        for op, term in zip(task.meta["ops"], task.meta["terms"][1:]):
            value = (value + term if op == "+" else value - term) % modulus
        correct = extract_answer(completion) == str(value)
        return Verdict(correct=correct, score=float(correct), format_ok=True)


class AcceptsAnyKnobValue(ToyArith):
    @classmethod
    def check_knobs(cls, knobs: Mapping[str, Any]) -> dict:
        return {k: v for k, v in knobs.items() if k in cls.knobs}


class FlatDifficulty(ToyArith):
    def generate(self, rng: random.Random, level: int, knobs: Mapping[str, Any]) -> Problem:
        problem = super().generate(rng, level, knobs)
        return Problem(problem.prompt, problem.answer, {**problem.meta, "difficulty": 1})


class FallingDifficulty(ToyArith):
    def generate(self, rng: random.Random, level: int, knobs: Mapping[str, Any]) -> Problem:
        problem = super().generate(rng, level, knobs)
        return Problem(problem.prompt, problem.answer, {**problem.meta, "difficulty": 10 - level})


class FrequentAnswer(ToyArith):
    def generate(self, rng: random.Random, level: int, knobs: Mapping[str, Any]) -> Problem:
        problem = super().generate(rng, level, knobs)
        return Problem(problem.prompt, problem.answer if rng.random() < 0.3 else 0, problem.meta)


class TupleMeta(ToyArith):
    def generate(self, rng: random.Random, level: int, knobs: Mapping[str, Any]) -> Problem:
        problem = super().generate(rng, level, knobs)
        return Problem(problem.prompt, problem.answer, {**problem.meta, "ops": tuple(problem.meta["ops"])})


class SlowAtMaxLevel(ToyArith):
    generation_time_bound = 0.01

    def generate(self, rng: random.Random, level: int, knobs: Mapping[str, Any]) -> Problem:
        end = time.process_time() + 0.03 * (level == self.max_level)
        while time.process_time() < end:
            pass
        return super().generate(rng, level, knobs)


class BadPreset(ToyArith):
    presets = {"broken": {"level": 2, "modulus": 7}}

    def sample(self, index: int, *, preset: str | None = None, **kwargs: Any) -> Task:
        return super().sample(index, **kwargs)  # drops the preset


class BadVocab(ToyArith):
    def vocab(self) -> list[str]:
        return [1, 2, 3]


@pytest.mark.parametrize("broken, check, message", [
    (WrongExpert, "check_expert_solves", r"\[toy_arith\] task seed=0 index=0 level=1.*expert trace"),
    (RaisesOnJunk, "check_rejects_junk", r"verify on 'empty' raised TypeError"),
    (AcceptsAnyBlock, "check_rejects_junk", r"'expert trace, then a junk final answer'.*correct=True"),
    (AcceptsHedges, "check_rejects_junk", r"'every number in one answer'"),
    (HangsOnHugeInput, "check_rejects_junk", r"verify on '1 MB of text' took more than"),
    (SwallowsEverything, "check_rejects_junk", r"took more than"),
    (UsesGlobalRandom, "check_determinism", r"sampling twice gave different tasks"),
    (ShiftedSeeds, "check_seed_streams", r"equals task i\+1 of seed 0"),
    (IgnoresSeed, "check_seed_streams", r"equals task i\+0 of seed 0"),
    (IgnoresStyle, "check_knobs", r"knob 'style'.*the knob is ignored"),
    (VerifiesWithInstanceKnobs, "check_knobs", r"verified by a default instance, knob modulus="),
    (AcceptsAnyKnobValue, "check_knobs", r"sample\(\.\.\., modulus='seven'\)"),
    (FlatDifficulty, "check_difficulty_rises", r"not above level 1"),
    (FallingDifficulty, "check_difficulty_rises", r"falls from level 1 to 2"),
    (FrequentAnswer, "check_answer_share", r"answer '0' is the reference of"),
    (TupleMeta, "check_json_roundtrip", r"changes in a JSON round-trip"),
    (SlowAtMaxLevel, "check_generation_time", r"above generation_time_bound=0.01"),
    (BadPreset, "check_presets_and_vocab", r"preset 'broken' asked for level 2"),
    (BadVocab, "check_presets_and_vocab", r"vocab\(\) must return a list of strings"),
], ids=lambda value: getattr(value, "__name__", None))
def test_broken_env_fails_its_check(broken, check, message, monkeypatch) -> None:
    monkeypatch.setattr(contract, "CALL_LIMIT_S", 0.5)
    with pytest.raises(AssertionError, match=message):
        getattr(contract, check)(broken())
