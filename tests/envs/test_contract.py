"""The env contract (shared/DESIGN.md), checked on every registered env.

Each `check_*` function takes an Env instance and fails with an AssertionError that names the env,
the check and the task (seed, index, level, knobs). The `test_*` functions at the bottom run them over
`rlsynth.list_envs()`, so a new env gets the whole suite by registering; select one env with
`pytest tests/envs -k compose`. tests/rlsynth/test_contract_suite.py runs the checks on a toy env and
on broken variants of it, so each check is shown to catch what it is meant to.

Budget: about 2 s per env. Checks sample few tasks, mostly at level 1 or the default level. Every
call into an env runs under a time limit, so a verifier that hangs fails its check instead of the run.
"""
from __future__ import annotations

import dataclasses
import inspect
import json
import math
import random
import statistics
import string
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import rlsynth
from rlsynth import Env, Knob, Task, Verdict, derive_seed
from rlsynth.verify import TimeLimitExceeded, time_limit

CALL_LIMIT_S = 5.0  # one generate / verify / expert call
NOT_AN_ANSWER = "⟂ not an answer ⟂"


# --------------------------------------------------------------------------------------------
# The checks


def check_declarations(env: Env) -> None:
    """Class attributes are consistent: levels, knob defaults, presets, bounds."""
    cls, context = type(env), f"[{env.name}] declarations"
    assert isinstance(cls.name, str) and cls.name, f"{context}: `name` must be a non-empty string"
    assert isinstance(cls.description, str) and cls.description.strip(), \
        f"{context}: `description` must be a non-empty one-line string"
    assert isinstance(cls.version, str), f"{context}: `version` must be a string"
    assert isinstance(cls.max_level, int) and cls.max_level >= 1, \
        f"{context}: max_level must be an int >= 1, got {cls.max_level!r}"
    assert cls.default_level in env.levels, \
        f"{context}: default_level {cls.default_level} is outside 1..{cls.max_level}"
    assert cls.generation_time_bound > 0, f"{context}: generation_time_bound must be positive"
    assert 0 < cls.max_answer_share <= 1, f"{context}: max_answer_share must lie in (0, 1]"
    for name, knob in cls.knobs.items():
        assert isinstance(knob, Knob), f"{context}: knob {name!r} is not a rlsynth.Knob"
        assert knob.help, f"{context}: knob {name!r} has no help text"
        try:
            knob.check(name, knob.default)
        except ValueError as error:
            raise AssertionError(f"{context}: knob {name!r} rejects its own default: {error}") from None
    for preset, settings in cls.presets.items():
        unknown = set(settings) - {"level", *cls.knobs}
        assert not unknown, f"{context}: preset {preset!r} sets unknown keys {sorted(unknown)}"
        assert settings.get("level", cls.default_level) in env.levels, \
            f"{context}: preset {preset!r} has level {settings.get('level')!r} outside 1..{cls.max_level}"


def check_expert_solves(env: Env) -> None:
    """`expert(task)` scores correct, 1.0, format_ok, every step ok, spans inside the trace."""
    mid = (1 + env.max_level) // 2
    for level in sorted({1, mid, env.max_level}):
        for index in range(2):
            task = sample(env, index, level=level)
            trace = expert(env, task)
            verdict = verify(env, task, trace)
            assert_solved(task, trace, verdict, "expert")


def check_rejects_junk(env: Env) -> None:
    """Empty, random, truncated, huge, unicode and adversarial completions score 0, never raise.

    The adversarial strings are built so that none can be a right answer under the `<answer>`
    convention: hedges list every number or word at once, and many-block strings end with a junk
    block (the last block is the answer).
    """
    for index in range(2):
        task = sample(env, index)
        for name, completion in junk_completions(task, expert(env, task), huge=index == 0).items():
            verdict = verify(env, task, completion, what=f"verify on {name!r}")
            assert not verdict.correct and verdict.score == 0.0, (
                f"{where(task)}: junk completion {name!r} ({preview(completion)}) was scored "
                f"correct={verdict.correct} score={verdict.score}; it must be wrong with score 0")


def check_determinism(env: Env) -> None:
    """Same (seed, index, level, knobs) gives the same task, from any instance, in any order."""
    fresh = type(env)(**env.overrides)
    for level in sorted({1, env.max_level}):
        for seed, index in [(0, 0), (0, 5), (7, 3), (123, 10**9)]:
            first = sample(env, index, seed=seed, level=level)
            again = sample(fresh, index, seed=seed, level=level)
            assert first.to_json() == again.to_json(), (
                f"{where(first)}: sampling twice gave different tasks:\n  {preview(first.to_json())}"
                f"\n  {preview(again.to_json())}\n(generate must draw only from its `rng`)")


def check_seed_streams(env: Env, n: int = 32) -> None:
    """Different seeds give independent streams, not shifted copies (reasoning-gym's flaw).

    Small task spaces repeat tasks by chance, so the test compares against the chance rate: p, the
    probability that two tasks of one stream are equal, is estimated from the duplicate pairs within
    streams 0 and 1. If the streams are independent, the tasks at positions (i, i + k) of the two
    streams match with probability p, so for each shift k in -3..3 the number of aligned matches is
    Binomial(n - |k|, p); a shifted copy (k != 0) or an ignored seed (k = 0) matches at nearly every
    position instead. Allowed: mean + 3 standard deviations + 1. The same bound holds the total number
    of equal cross-stream pairs to n^2 p. With a task space of one task, p = 1 and nothing is tested.
    """
    uids = {seed: [sample(env, i, seed=seed, level=1).uid for i in range(n)] for seed in (0, 1)}
    pairs = n * (n - 1) // 2
    within = sum(c * (c - 1) // 2 for s in uids.values() for c in Counter(s).values())
    p = within / (2 * pairs)
    for shift in range(-3, 4):
        positions = [(i, i + shift) for i in range(n) if 0 <= i + shift < n]
        aligned = sum(uids[1][i] == uids[0][j] for i, j in positions)
        m = len(positions)
        allowed = m * p + 3 * math.sqrt(m * p * (1 - p)) + 1
        assert aligned <= allowed, (
            f"[{env.name}] seed streams at level 1: task i of seed 1 equals task i{shift:+d} of seed 0 "
            f"at {aligned}/{m} positions, chance allows {allowed:.1f} (within-stream duplicate rate "
            f"{p:.3f}); derive the rng from (seed, index), never seed + index, and do not ignore seed")
    cross = sum(c0 * c1 for u, c0 in Counter(uids[0]).items() if (c1 := Counter(uids[1])[u]))
    expected = n * n * p
    allowed = expected + 3 * math.sqrt(expected) + 2
    assert cross <= allowed, (
        f"[{env.name}] seeds 0 and 1 share {cross} equal task pairs over {n} indices at level 1, "
        f"chance allows {allowed:.1f}: the streams are not independent")


def check_knobs(env: Env, indices: range = range(4)) -> None:
    """Every knob is honoured and validated.

    For two valid values (see `valid_values`) that generate at the default level: the task records the value in
    `task.knobs`, whether given to `sample` or to the constructor; the expert trace of that task is
    scored correct by a default instance (verify reads settings from the task, not the instance); and
    `generate` fed the same rng gives a different problem for at least one of a few seeds (sampling
    alone would differ anyway, because the knobs enter the seed), or else, for a knob that only
    the verifier or the expert uses, verify or expert reads `task.knobs[name]`. Unknown names, out-of-range values and wrong
    types raise ValueError naming the knob.
    """
    level, default_env = env.default_level, type(env)()
    level_values = env.resolve_knobs(level, {})
    for name, knob in env.knobs.items():
        usable, rejected = [], []
        for value in valid_values(name, knob, level_values.get(name)):
            try:
                resolved = env.resolve_knobs(level, {name: value})
                problems = [call(f"generate with {name}={value!r}", env.generate,
                                 random.Random(derive_seed("contract-knobs", i)), level, resolved,
                                 passthrough=(ValueError,)) for i in indices]
            except ValueError as error:  # valid alone, but not with the level's other settings
                rejected.append(f"{value!r}: {error}")
                continue
            usable.append((value, problems))
            if len(usable) == 2:
                break
        assert len(usable) == 2, (
            f"[{env.name}] knob {name!r}: need two values that generate at level {level}; "
            f"usable {[v for v, _ in usable]}, rejected {rejected}")
        (a, problems_a), (b, problems_b) = usable
        if problems_a == problems_b:  # a verifier- or expert-only knob must be read there
            task = sample(env, 0, level=level, **{name: a})
            logged = dataclasses.replace(task, knobs=ReadLog(task.knobs))
            trace = expert(env, logged)
            for completion in (trace, f"<answer>{NOT_AN_ANSWER}</answer>", *near_misses(trace)):
                verify(env, logged, completion)
            assert name in logged.knobs.read, (
                f"[{env.name}] knob {name!r}: {name}={a!r} and {name}={b!r} generate the same "
                f"problems from the same rng at level {level} (indices {list(indices)}), and neither "
                f"verify nor expert reads task.knobs[{name!r}]: the knob is ignored")
        for value in (a, b):
            for task in (sample(env, 0, level=level, **{name: value}),
                         sample(type(env)(**{name: value}), 0, level=level)):
                assert task.knobs.get(name) == value, (
                    f"{where(task)}: asked for knob {name}={value!r}, task.knobs has "
                    f"{task.knobs.get(name)!r}")
                trace = expert(env, task)
                assert_solved(task, trace, verify(default_env, task, trace),
                              f"expert (verified by a default instance, knob {name}={value!r})")
        for bad in invalid_values(knob):
            expect_value_error(lambda: env.sample(0, level=level, **{name: bad}), name,
                               f"[{env.name}] sample(..., {name}={bad!r})")
    for bad_call, what in [(lambda: env.sample(0, no_such_knob=1), "sample(0, no_such_knob=1)"),
                           (lambda: type(env)(no_such_knob=1), "constructor(no_such_knob=1)")]:
        expect_value_error(bad_call, "no_such_knob", f"[{env.name}] {what}")


def check_difficulty_rises(env: Env, n: int = 6) -> None:
    """Mean `meta["difficulty"]` over n tasks does not fall from level to level and ends higher.

    Realised difficulty may vary within a level, so a fall smaller than 3 standard errors of the
    difference between two levels' means is noise, not a failure; where difficulty is fixed per
    level the standard error is 0 and the order must hold exactly.
    """
    if env.max_level == 1:
        return
    stats = []
    for level in env.levels:
        values = []
        for index in range(n):
            task = sample(env, index, level=level)
            value = task.meta.get("difficulty")
            assert isinstance(value, (int, float)) and not isinstance(value, bool) \
                and math.isfinite(value), (
                f"{where(task)}: meta['difficulty'] must be a finite number, got {value!r}")
            values.append(value)
        stats.append((level, statistics.fmean(values), statistics.stdev(values) / math.sqrt(n)))
    table = ", ".join(f"L{lv}: {m:.2f}" for lv, m, _ in stats)
    for (l1, m1, s1), (l2, m2, s2) in zip(stats, stats[1:]):
        assert m2 >= m1 - 3 * math.hypot(s1, s2), (
            f"[{env.name}] mean difficulty falls from level {l1} to {l2} ({table})")
    assert stats[-1][1] > stats[0][1], (
        f"[{env.name}] mean difficulty at max level is not above level 1 ({table})")


def check_answer_share(env: Env, n: int = 40) -> None:
    """No reference answer is a shortcut: the most common one is at most `max_answer_share`."""
    answers = Counter(json.dumps(sample(env, i).answer, sort_keys=True) for i in range(n))
    answer, count = answers.most_common(1)[0]
    assert count / n <= env.max_answer_share, (
        f"[{env.name}] answer {preview(answer)} is the reference of {count}/{n} tasks at level "
        f"{env.default_level}, above max_answer_share={env.max_answer_share}; a policy that always "
        f"writes it would win")


def check_json_roundtrip(env: Env) -> None:
    """`Task.from_json(task.to_json())` equals the task and gets the same verdicts and expert."""
    for level in sorted({1, env.max_level}):
        task = sample(env, 0, level=level)
        again = Task.from_json(task.to_json())
        assert again == task, (
            f"{where(task)}: the task changes in a JSON round-trip (answer or meta holds tuples, "
            f"non-string keys or other non-JSON values)")
        trace = expert(env, task)
        assert expert(env, again) == trace, f"{where(task)}: expert differs after a JSON round-trip"
        for completion in (trace, trace[: len(trace) // 2], f"<answer>{NOT_AN_ANSWER}</answer>"):
            before, after = verify(env, task, completion), verify(env, again, completion)
            assert before.to_dict() == after.to_dict(), (
                f"{where(task)}: verdict on {preview(completion)} changes after a JSON round-trip:"
                f"\n  {before.to_dict()}\n  {after.to_dict()}")


def check_generation_time(env: Env) -> None:
    """A task at the max level generates within `generation_time_bound` CPU seconds.

    CPU time of this process, so that other jobs on the machine do not fail the check; the first
    task warms caches and is not timed.
    """
    sample(env, 0, level=env.max_level)
    for index in range(1, 4):
        start = time.process_time()
        task = sample(env, index, level=env.max_level)
        spent = time.process_time() - start
        assert spent <= env.generation_time_bound, (
            f"{where(task)}: generation took {spent:.3f} s of CPU, above generation_time_bound="
            f"{env.generation_time_bound} s")


def check_presets_and_vocab(env: Env) -> None:
    """Each preset samples a task with its level and knobs, solved by the expert; vocab() is list[str]."""
    for preset, settings in env.presets.items():
        task = call(f"sample(preset={preset!r})", env.sample, 0, preset=preset)
        assert task.level == settings.get("level", env.default_level), \
            f"{where(task)}: preset {preset!r} asked for level {settings.get('level')}"
        for key, value in settings.items():
            assert key == "level" or task.knobs.get(key) == value, \
                f"{where(task)}: preset {preset!r} sets {key}={value!r}, task has {task.knobs.get(key)!r}"
        trace = expert(env, task)
        assert_solved(task, trace, verify(env, task, trace), f"expert (preset {preset!r})")
    words = call("vocab()", env.vocab)
    assert isinstance(words, list) and all(isinstance(w, str) for w in words), \
        f"[{env.name}] vocab() must return a list of strings, got {preview(repr(words))}"


# --------------------------------------------------------------------------------------------
# Completions that must score 0


def junk_completions(task: Task, trace: str, *, huge: bool = True) -> dict[str, str]:
    """Named completions that no env may score as correct (see check_rejects_junk)."""
    rng = random.Random(derive_seed("contract-junk", task.uid))
    letters = string.ascii_letters + string.punctuation + " \n"  # no digits: never a lucky number

    def text(length: int) -> str:
        return "".join(rng.choice(letters) for _ in range(length))

    numbers = [str(i) for i in range(-100, 1001)]
    junk = {
        "empty": "",
        "whitespace": " \n\t \r\n ",
        "random text (short)": text(20),
        "random text (long)": text(2000),
        "random text in answer tags": f"<answer>{text(40)}</answer>",
        "truncated expert trace (first half)": trace[: len(trace) // 2],
        "expert trace, then a junk final answer": f"{trace}\n<answer>{NOT_AN_ANSWER}</answer>",
        "empty answer": "<answer></answer>",
        "blank answer": "<answer> \n\t </answer>",
        "closing tag before opening tag": "</answer><answer>",
        "nested answer tags": f"<answer><answer>{NOT_AN_ANSWER}</answer></answer>",
        "unclosed answer tag": f"<answer>{NOT_AN_ANSWER}",
        "every number in its own block, then junk": "".join(
            f"<answer>{v}</answer>" for v in numbers) + f"<answer>{NOT_AN_ANSWER}</answer>",
        "every number in one answer": f"<answer>{' '.join(numbers)}</answer>",
        "every number, comma-separated": f"<answer>{', '.join(numbers)}</answer>",
        "every number as plain text": " ".join(numbers),
        "hedged words": "<answer>yes no true false none all both neither A B C D</answer>",
        "control characters": "\x00\x01\x02\x07\x1b[2J\x7f<answer>\x00\x08\x1b</answer>\x00",
        "unicode junk": "\u202e\ufeff𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ﷽ 🂡 \ud800 <answer>\u200b𝔞𝔫𝔰\udfff</answer> ̸̢̛",
        "null answer": "<answer>null</answer>",
        "NaN answer": "<answer>NaN</answer>",
        "infinite answer": "<answer>Infinity</answer>",
        "overflowing float answer": "<answer>1e999</answer>",
        "5000-digit answer": f"<answer>{'9' * 5000}</answer>",
        "JSON object answer": '<answer>{"answer": null, "value": [[]]}</answer>',
        "nested empty lists answer": "<answer>[[[[]]]]</answer>",
        "boxed junk": f"\\boxed{{{NOT_AN_ANSWER}}}",
        "empty boxed": "\\boxed{}",
        "unbalanced boxed": "\\boxed{\\boxed{\\boxed{",
    }
    if huge:  # about 1 MB each; a quadratic parser takes minutes on these
        junk.update({
            "1 MB of text": ("lorem ipsum dolor sit amet " * 40_000)[:1_000_000],
            "1 MB of opening answer tags": "<answer>" * 125_000,
            "1 MB answer": f"<answer>{'x' * 1_000_000}</answer>",
            "1 MB of opening boxed": "\\boxed{" * 140_000,
        })
    return junk


def near_misses(trace: str) -> list[str]:
    """The expert trace with its final answer slightly changed (last digit, last character or last
    list item), to reach the code a verifier runs on a parseable wrong answer (e.g. partial credit)."""
    answer = rlsynth.extract_answer(trace)
    if not answer:
        return []
    head = trace[: trace.rfind("<answer>")]
    digits = [i for i, ch in enumerate(answer) if ch.isdigit()]
    closing = answer[-1] if answer[-1] in ")]}" else ""
    variants = [answer[:-1], answer.rsplit(",", 1)[0] + closing if "," in answer else ""]
    if digits:
        i = digits[-1]
        variants.append(f"{answer[:i]}{(int(answer[i]) + 1) % 10}{answer[i + 1:]}")
    return [f"{head}<answer>{v}</answer>" for v in variants if v and v != answer]


def valid_values(name: str, knob: Knob, level_value: Any = None) -> list[Any]:
    """Distinct values the knob accepts, in the order to try them: its choices or True/False; for
    numbers low and high, then the level's own value and its neighbours (knobs set in pairs, like a
    min and a max, reject extremes the level's other settings contradict), low + 1, high - 1, the
    midpoint and the default.
    """
    if knob.choices is not None:
        candidates = list(knob.choices)
    elif knob.type is bool:
        candidates = [False, True]
    elif knob.type in (int, float):
        near = [] if level_value is None else [level_value, level_value - 1, level_value + 1]
        middle = None if knob.low is None or knob.high is None else (knob.low + knob.high) / 2
        inside = [] if knob.low is None else [knob.low + 1]
        inside += [] if knob.high is None else [knob.high - 1]
        candidates = [knob.low, knob.high, *near, *inside, middle, knob.default, 0, 1]
        candidates = [knob.type(c) for c in candidates if c is not None]
    else:
        candidates = [knob.default, level_value]
    values = []
    for value in candidates:
        try:
            value = knob.check(name, value)
        except ValueError:
            continue
        if value is not None and value not in values:
            values.append(value)
    return values


def invalid_values(knob: Knob) -> list[Any]:
    """Values Knob.check must reject: out of range, not a choice, wrong type."""
    if knob.choices is not None:
        numeric = all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in knob.choices)
        return [max(knob.choices) + 1 if numeric else "__not_a_choice__", [1]]
    if knob.type is bool:
        return ["yes", 1]
    if knob.type in (int, float):
        bad = ["seven", True]
        if knob.low is not None:
            bad.append(knob.low - 1)
        if knob.high is not None:
            bad.append(knob.high + 1)
        if knob.type is int:
            bad.append(2.5)
        return bad
    return [3.25]


# --------------------------------------------------------------------------------------------
# Calls into the env, under a time limit, with failures that say where


class ReadLog(dict):
    """A dict that records which keys were read, to see whether verify consults a knob."""

    @property
    def read(self) -> set:
        return self.__dict__.setdefault("_read", set())

    def __getitem__(self, key: Any) -> Any:
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        self.read.add(key)
        return super().get(key, default)

    def __contains__(self, key: Any) -> bool:
        self.read.add(key)
        return super().__contains__(key)

    def __iter__(self) -> Iterator[Any]:  # also makes dict(log) and {**log} go through __getitem__
        self.read.update(super().keys())
        return super().__iter__()

    def items(self):  # type: ignore[override]
        self.read.update(super().keys())
        return super().items()

    def values(self):  # type: ignore[override]
        self.read.update(super().keys())
        return super().values()


def call(what: str, fn: Callable[..., Any], *args: Any, context: str = "",
         passthrough: tuple[type[Exception], ...] = (), **kwargs: Any) -> Any:
    """`fn(*args, **kwargs)` under CALL_LIMIT_S; a hang or a raise (other than `passthrough`)
    becomes a failure that says where."""
    env_name = getattr(getattr(fn, "__self__", None), "name", "?")
    context = context or f"[{env_name}]"
    try:
        with time_limit(CALL_LIMIT_S):
            return fn(*args, **kwargs)
    except TimeLimitExceeded:
        raise AssertionError(f"{context}: {what} took more than {CALL_LIMIT_S:g} s") from None
    except passthrough:
        raise
    except Exception as error:
        raise AssertionError(f"{context}: {what} raised {type(error).__name__}: {error}") from error


def sample(env: Env, index: int, *, seed: int = 0, level: int | None = None, **knobs: Any) -> Task:
    level = env.default_level if level is None else level
    context = f"[{env.name}] task seed={seed} index={index} level={level} knobs={knobs or {}}"
    task = call("sample", env.sample, index, seed=seed, level=level, context=context, **knobs)
    assert isinstance(task, Task), f"{context}: sample returned {type(task).__name__}, not Task"
    return task


def expert(env: Env, task: Task) -> str:
    trace = call("expert", env.expert, task, context=where(task))
    assert isinstance(trace, str), f"{where(task)}: expert returned {type(trace).__name__}, not str"
    return trace


def verify(env: Env, task: Task, completion: str, *, what: str = "verify") -> Verdict:
    verdict = call(what, env.verify, task, completion, context=where(task))
    assert isinstance(verdict, Verdict), \
        f"{where(task)}: {what} returned {type(verdict).__name__}, not Verdict"
    return verdict


def assert_solved(task: Task, trace: str, verdict: Verdict, what: str) -> None:
    context = f"{where(task)}: {what} trace {preview(trace)}"
    assert verdict.correct and verdict.score == 1.0 and verdict.format_ok, (
        f"{context} got correct={verdict.correct} score={verdict.score} "
        f"format_ok={verdict.format_ok} error={verdict.error!r}")
    for k, step in enumerate(verdict.steps or ()):
        assert step.ok, f"{context}: step {k} {step.span} not ok: {step.reason!r}"
        start, end = step.span
        assert 0 <= start <= end <= len(trace), \
            f"{context}: step {k} span {step.span} lies outside the trace (length {len(trace)})"


def expect_value_error(fn: Callable[[], Any], knob: str, what: str) -> None:
    try:
        with time_limit(CALL_LIMIT_S):
            fn()
    except ValueError as error:
        assert knob in str(error), f"{what}: the ValueError does not name the knob: {error}"
        return
    except TimeLimitExceeded:
        raise AssertionError(f"{what}: took more than {CALL_LIMIT_S:g} s instead of raising") from None
    except Exception as error:
        raise AssertionError(f"{what}: raised {type(error).__name__}, not ValueError: {error}") \
            from error
    raise AssertionError(f"{what}: accepted an invalid value; it must raise ValueError naming "
                         f"{knob!r}")


def where(task: Task) -> str:
    return f"[{task.env}] task seed={task.seed} index={task.index} level={task.level} knobs={task.knobs}"


def preview(text: str, width: int = 80) -> str:
    return repr(text if len(text) <= width else f"{text[:width - 20]}...{text[-15:]}") + \
        ("" if len(text) <= width else f" ({len(text)} chars)")


# --------------------------------------------------------------------------------------------
# The tests: every check on every registered env


def shipped_envs() -> list[str]:
    """Registered envs, less those defined under tests/ (toy envs of other test modules, some
    broken on purpose, join the registry when pytest imports them first)."""
    tests = Path(__file__).resolve().parents[1]
    return [name for name in rlsynth.list_envs()
            if not Path(inspect.getfile(rlsynth.env_class(name))).resolve().is_relative_to(tests)]


ENV_NAMES = shipped_envs()
_envs: dict[str, Env] = {}


def registered(name: str) -> Env:
    """The env under test; skipped, with the env's reason, where it cannot run here."""
    reason = rlsynth.env_class(name).unavailable()
    if reason:
        pytest.skip(f"{name}: {reason}")
    if name not in _envs:
        _envs[name] = rlsynth.make_env(name)
    return _envs[name]


envs = pytest.mark.parametrize("name", ENV_NAMES)


@envs
def test_declarations(name: str) -> None:
    check_declarations(registered(name))


@envs
def test_expert_solves(name: str) -> None:
    check_expert_solves(registered(name))


@envs
def test_rejects_junk(name: str) -> None:
    check_rejects_junk(registered(name))


@envs
def test_determinism(name: str) -> None:
    check_determinism(registered(name))


@envs
def test_seed_streams(name: str) -> None:
    check_seed_streams(registered(name))


@envs
def test_knobs(name: str) -> None:
    check_knobs(registered(name))


@envs
def test_difficulty_rises(name: str) -> None:
    check_difficulty_rises(registered(name))


@envs
def test_answer_share(name: str) -> None:
    check_answer_share(registered(name))


@envs
def test_json_roundtrip(name: str) -> None:
    check_json_roundtrip(registered(name))


@envs
def test_generation_time(name: str) -> None:
    check_generation_time(registered(name))


@envs
def test_presets_and_vocab(name: str) -> None:
    check_presets_and_vocab(registered(name))
