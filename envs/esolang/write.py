"""Write tasks: the model writes a Brainf*ck or Befunge-93 program for a spec, and the program is
run on hidden input/output tests. Score = fraction of tests passed; correct = all passed.

Levels 1..8: tier = (level - 1) // 2 (easy, medium, hard, extra-hard), instance size =
(level - 1) % 2. The hidden tests are drawn with the task and stored in `meta["tests"]`; the
reference answer is a program built from the spec's template.
"""
from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any, ClassVar

from rlsynth import Env, Knob, Problem, Task, Verdict, register
from rlsynth.envs.esolang.language import TITLE, extract_program, rules, run_program, same_output
from rlsynth.envs.esolang.specs import SPECS, TIERS, specs_of_tier

ANSWER_FORMAT = ("Reply with the program inside <answer></answer> tags (or in a fenced code "
                 "block); the program is run once per hidden test with the test's input, and "
                 "its output must equal the expected output (trailing whitespace is ignored).")


class WriteEnv(Env):
    """Shared logic of the two languages' write envs; subclasses fix `language`."""

    language: ClassVar[str]
    version = "1"
    max_level = 8
    default_level = 1
    generation_time_bound = 1.0
    # Specs without instance parameters (reverse, add, ...) share one reference program; a tier
    # has three to five specs, so one program can be the reference of about a third of a level.
    max_answer_share = 0.5
    presets = {"easy": {"level": 1}, "medium": {"level": 3}, "hard": {"level": 5},
               "extra-hard": {"level": 7}}
    common_knobs: ClassVar[dict[str, Knob]] = {
        "tier": Knob(str, None, "spec tier (None: the level decides)", choices=TIERS),
        "size": Knob(int, None, "instance size within the tier (None: the level decides)",
                     low=0, high=1),
        "spec": Knob(str, None, "one spec by name (None: any spec of the tier)",
                     choices=tuple(SPECS)),
        "tests": Knob(int, 6, "number of hidden tests", low=6, high=32),
    }

    def level_knobs(self, level: int) -> dict:
        return {"tier": TIERS[(level - 1) // 2], "size": (level - 1) % 2}

    def generate(self, rng: random.Random, level: int, knobs: Mapping[str, Any]) -> Problem:
        tier = TIERS.index(knobs["tier"])
        spec = SPECS[knobs["spec"]] if knobs["spec"] else rng.choice(specs_of_tier(tier))
        size = knobs["size"]
        params = spec.draw_params(rng, size)
        inputs = [spec.draw_input(rng, params, size) for _ in range(knobs["tests"] + 1)]
        tests = [[x, spec.solve(params, x)] for x in inputs]
        example, hidden = tests[0], tests[1:]
        prompt = "\n\n".join([
            f"Write a {TITLE[self.language]} program for this task.",
            rules(self.language, knobs),
            f"Task: {spec.describe(params)}",
            f"Example: on input {example[0]!r} the output is {example[1]!r}.",
            f"The program is checked on {len(hidden)} hidden tests. {ANSWER_FORMAT}",
        ])
        reference = spec.brainfuck(params) if self.language == "brainfuck" else spec.befunge(params)
        mean_input = sum(len(x) for x, _ in hidden) / len(hidden)
        meta = {"spec": spec.name, "tier": TIERS[spec.tier], "size": size, "params": params,
                "tests": hidden, "example": example,
                # tier first, then instance size, then how much input a test holds
                "difficulty": 2 * spec.tier + size + min(0.9, mean_input / 40)}
        return Problem(prompt, reference, meta)

    def verify(self, task: Task, completion: str) -> Verdict:
        program = extract_program(completion)
        if program is None:
            return Verdict.failure("no program found: put it inside <answer></answer> tags")
        tests = task.meta["tests"]
        passed, first_failure = 0, None
        for data, want in tests:
            run = run_program(self.language, program, data, task.knobs)
            if run.status == "ok" and same_output(run.output, want):
                passed += 1
            elif first_failure is None:
                got = run.output if len(run.output) <= 60 else run.output[:60] + "..."
                first_failure = (f"on input {data!r} expected {want!r}, got {got!r}"
                                 + ("" if run.status == "ok" else f" ({run.status})"))
        score = passed / len(tests)
        error = None if passed == len(tests) else \
            f"passed {passed}/{len(tests)} tests; {first_failure}"
        return Verdict(correct=passed == len(tests), score=score, format_ok=True, error=error,
                       info={"passed": passed, "tests": len(tests)})

    def expert(self, task: Task) -> str:
        return f"<answer>\n{task.answer}\n</answer>"

    def vocab(self) -> list[str]:
        rng = random.Random(0)
        words: set[str] = set()
        for level in self.levels:
            knobs = self.resolve_knobs(level, {})
            for spec in SPECS.values():
                problem = self.generate(rng, level, {**knobs, "spec": spec.name})
                words.update(problem.prompt.split())
                words.update(problem.answer)
        return sorted(words)


@register
class BrainfuckWrite(WriteEnv):
    name = "esolang/bf-write"
    description = "Write a Brainf*ck program for a spec; scored on hidden input/output tests"
    language = "brainfuck"
    knobs = {
        **WriteEnv.common_knobs,
        # The reference programs need at most ~160k commands per test.
        "max_steps": Knob(int, 1_000_000, "commands one test run may execute",
                          low=500_000, high=100_000_000),
        "tape_size": Knob(int, 30_000, "cells on the tape", low=1_000, high=100_000),
        "eof": Knob(str, "unchanged", "what `,` does at the end of input",
                    choices=("unchanged", "zero")),
    }


@register
class BefungeWrite(WriteEnv):
    name = "esolang/befunge-write"
    description = "Write a Befunge-93 program for a spec; scored on hidden input/output tests"
    language = "befunge"
    knobs = {
        **WriteEnv.common_knobs,
        # The reference programs need at most ~2.5k steps per test.
        "max_steps": Knob(int, 20_000, "steps one test run may execute",
                          low=10_000, high=10_000_000),
    }
