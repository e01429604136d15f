"""compose: generated problems are well posed, the expert is right, the verifier is exact per step."""
from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rlsynth import Task, make_env
from rlsynth.envs.compose.surface import split_words
from rlsynth.envs.compose.trace import TRACES

ENV = make_env("compose")
TEMPLATES = ["symbolic", "zoo", "school", "festival"]
PROPERTY = settings(max_examples=40, deadline=None)

tasks = st.builds(
    lambda index, level, template, mode, distractors, shuffle, inline, keyed: ENV.sample(
        index, level=level, template=template, mode=mode, distractors=distractors,
        shuffle=shuffle, givens="inline" if inline and template == "symbolic" else "named",
        trace="keyed" if keyed and template == "symbolic" else "chain"),
    index=st.integers(0, 10**6), level=st.integers(1, 19), template=st.sampled_from(TEMPLATES),
    mode=st.sampled_from(["forward", "reverse"]), distractors=st.integers(0, 4),
    shuffle=st.booleans(), inline=st.booleans(), keyed=st.booleans())


def with_knobs(task: Task, **knobs) -> Task:
    return Task.from_dict({**task.to_dict(), "knobs": {**task.knobs, **knobs}})


# --------------------------------------------------------------------------------------------
# An independent reading of the prompt: statements -> definitions and stated values


STORY_FORMS = [
    (re.compile(r"(.+) equals the sum of (.+) and (.+)"), "+"),
    (re.compile(r"(.+) equals (.+) minus (.+)"), "-"),
    (re.compile(r"(.+) equals (.+) times (.+)"), "*"),
]


def read_prompt(task: Task) -> tuple[dict, dict, str, int]:
    """(definitions name -> (op, a, b), stated values name -> int, asked name, modulus)."""
    text = task.prompt
    modulus = int(re.search(r"modulo (\d+)", text)[1])
    definitions, stated = {}, {}
    if task.meta["template"] == "symbolic":
        for name, a, op, b in re.findall(r"(\w+)=(\w+)([-+*])(\w+)\.", text.split(" Show ")[0]):
            definitions[name] = (op, a, b)
        stated = {n: int(v) for n, v in re.findall(r"(\w+)=(\d+)\.", text.split(" Show ")[0])}
        asked = re.search(r"Find (\w+)\.", text)[1]
        return definitions, stated, asked, modulus
    body, question = text.split(" Every count is taken modulo")
    for sentence in body.rstrip(".").split(". "):
        sentence = sentence[0].lower() + sentence[1:]
        number = re.fullmatch(r"(.+) equals (\d+)", sentence)
        if number:
            stated[number[1]] = int(number[2])
            continue
        for pattern, op in STORY_FORMS:
            match = pattern.fullmatch(sentence)
            if match:
                definitions[match[1]] = (op, match[2], match[3])
                break
        else:
            raise AssertionError(f"unreadable statement {sentence!r}")
    asked = re.search(r"Question: what is (.+?)\?", question)[1]
    return definitions, stated, asked, modulus


def solutions(task: Task) -> set[int]:
    """Every value of the asked quantity consistent with the prompt (brute force on free ones)."""
    definitions, stated, asked, p = read_prompt(task)
    quantities = set(definitions) | set(stated) | {x for d in definitions.values() for x in d[1:]
                                                   if not x.isdigit()}
    free = sorted(q for q in quantities if q not in definitions and q not in stated)
    assert len(free) <= 1, f"more than one undetermined quantity: {free}"
    found = set()
    for guess in range(p) if free else [None]:
        inputs = {**stated, **({free[0]: guess} if free else {})}
        computed = {}

        def value(q):
            if q not in computed:
                if q in definitions:
                    op, a, b = definitions[q]
                    x, y = value(a), value(b)
                    computed[q] = ((x + y) % p if op == "+" else (x - y) % p if op == "-"
                                   else x * y % p)
                elif q.isdigit():  # an inlined given
                    computed[q] = int(q)
                else:
                    computed[q] = inputs[q]
            return computed[q]

        if all(value(q) == stated[q] for q in stated if q in definitions):
            found.add(guess if free and asked == free[0] else value(asked))
    return found


# --------------------------------------------------------------------------------------------
# Generation


@PROPERTY
@given(tasks)
def test_every_problem_has_a_unique_answer_read_from_its_prompt(task):
    assert solutions(task) == {task.answer}


@PROPERTY
@given(tasks)
def test_meta_graph_recomputes_the_answer(task):
    meta, p = task.meta, task.meta["modulus"]
    values = meta["values"]
    for i, expr in enumerate(meta["exprs"]):
        if expr is not None:
            op, a, b = expr
            assert a < i and b < i, "quantities are defined in topological order"
            x, y = values[a], values[b]
            assert values[i] == ((x + y) % p if op == "+" else (x - y) % p if op == "-"
                                 else x * y % p)
            assert op != "*" or (x and y), "multiplication only by nonzero values"
    assert task.answer == values[meta["asked"]]
    derived = [n for n, op, *_ in meta["solution"] if op is not None]
    assert len(derived) == meta["op_count"] == meta["difficulty"] == task.level + 1


def test_answers_are_near_uniform_and_zero_is_no_shortcut():
    for mode in ["forward", "reverse"]:
        answers = [ENV.sample(i, level=4, mode=mode).answer for i in range(1400)]
        shares = [answers.count(v) / len(answers) for v in range(7)]
        assert max(shares) < 0.2 and min(shares) > 0.08, shares


# --------------------------------------------------------------------------------------------
# Expert and verifier


@PROPERTY
@given(tasks, st.sampled_from(["full", "values"]))
def test_expert_is_verified_correct_after_a_json_round_trip(task, step_check):
    task = with_knobs(Task.from_json(task.to_json()), step_check=step_check)
    verdict = ENV.verify(task, ENV.expert(task))
    assert verdict.correct and verdict.score == 1.0 and verdict.format_ok
    assert all(s.ok for s in verdict.steps) and len(verdict.steps) == task.meta["n_steps"]
    assert verdict.info["verified_correct"] and verdict.info["process_acc"] == 1.0


def mutate_value(line: str, modulus: int) -> str:
    """The step's value off by one (in a keyed step, the value and the step's own key)."""
    head, value, key = re.fullmatch(r"(.*=\s*)(\d+)(, \w+:\d+)?\.", line).groups()
    wrong = (int(value) + 1) % modulus
    return f"{head}{wrong}" + (f"{key.split(':')[0]}:{wrong}." if key else ".")


@PROPERTY
@given(tasks, st.sampled_from(["full", "values"]), st.integers(0, 10**6))
def test_one_wrong_value_loses_exactly_that_step(task, step_check, pick):
    task = with_knobs(task, step_check=step_check)
    *lines, answer = ENV.expert(task).split("\n")
    j = pick % len(lines)
    lines[j] = mutate_value(lines[j], task.meta["modulus"])
    last = j == len(lines) - 1
    if last:  # the model then also answers its own (wrong) value
        answer = f"<answer>{(task.answer + 1) % task.meta['modulus']}</answer>"
    completion = "\n".join([*lines, answer])
    verdict = ENV.verify(task, completion)
    wrong = [s for s in verdict.steps if not s.ok]
    assert len(wrong) == 1 and len(verdict.steps) == len(lines)
    start = completion.index(lines[j])
    assert wrong[0].span == (start, start + len(lines[j]))
    assert verdict.correct == (not last)
    assert verdict.info["process_acc"] == pytest.approx(1 - 1 / len(lines))
    assert not verdict.info["verified_correct"]


def swap_dependency(task: Task, line: str, j: int) -> str | None:
    """`line` with its first operand replaced by another named quantity the trace knows by step
    j (None when the operand is an inlined given, written as its value)."""
    meta = task.meta
    node, op, a, b = meta["solution"][j]
    inline = set(meta["inline"])
    if op is None or a in inline:
        return None
    symbolic = meta["template"] == "symbolic"
    earlier = {s[0] for s in meta["solution"][:j]} | (set(meta["known"]) if symbolic else set())
    others = sorted(earlier - {a, b} - inline)
    if not others:
        return None
    names = meta["names"] if symbolic else meta["vars"]
    return re.sub(rf"(=\s*){names[a]}\b", rf"\g<1>{names[others[0]]}", line, count=1)


@PROPERTY
@given(tasks, st.integers(0, 10**6))
def test_one_wrong_dependency_loses_that_step_only_when_names_count(task, pick):
    *lines, answer = ENV.expert(task).split("\n")
    candidates = [(j, swap_dependency(task, line, j)) for j, line in enumerate(lines)]
    candidates = [(j, new) for j, new in candidates if new is not None]
    if not candidates:
        return
    j, lines[j] = candidates[pick % len(candidates)]
    completion = "\n".join([*lines, answer])
    full = ENV.verify(with_knobs(task, step_check="full"), completion)
    assert [k for k, s in enumerate(full.steps) if not s.ok] == [j]
    assert full.correct and not full.info["verified_correct"]
    values = ENV.verify(with_knobs(task, step_check="values"), completion)
    assert values.info["verified_correct"], "values mode ignores names"


def test_values_mode_forgives_mis_copied_names_but_full_mode_does_not():
    task = ENV.sample(3, level=4, shuffle=False)
    *lines, answer = ENV.expert(task).split("\n")
    garbled = [re.sub(r"^(\w+)=", "q9=", line) for line in lines]
    completion = "\n".join([*garbled, answer])
    assert ENV.verify(with_knobs(task, step_check="values"), completion).info["verified_correct"]
    full = ENV.verify(task, completion)
    assert full.correct and full.info["process_acc"] < 1.0


@PROPERTY
@given(st.integers(0, 10**6), st.sampled_from(TEMPLATES), st.integers(0, 10**6))
def test_any_topological_order_and_any_variable_names_verify(index, template, seed):
    task = ENV.sample(index, level=6, template=template)
    rng = random.Random(seed)
    *lines, answer = ENV.expert(task).split("\n")
    solution = task.meta["solution"]
    # A random topological order: repeatedly emit any step whose operands are known.
    # Story traces must define a given before using its variable; symbolic ones need not.
    known = set(task.meta["known"]) if template == "symbolic" else set()
    order, waiting = [], list(range(len(lines)))
    while waiting:
        ready = [k for k in waiting if all(x in known for x in solution[k][2:] if x is not None)]
        k = rng.choice(ready)
        waiting.remove(k)
        order.append(k)
        known.add(solution[k][0])
    lines = [lines[k] for k in order]
    if template != "symbolic":  # rename every variable
        for old in {v for v in task.meta["vars"] if v}:
            lines = [re.sub(rf"\b{old}\b", f"V{old}", line) for line in lines]
    verdict = ENV.verify(task, "\n".join([*lines, answer]))
    assert verdict.info["verified_correct"], [s.reason for s in verdict.steps if not s.ok]


def test_a_missing_step_is_charged_at_the_answer():
    task = ENV.sample(5, level=3, template="zoo")
    *lines, answer = ENV.expert(task).split("\n")
    del lines[-2]
    completion = "\n".join([*lines, answer])
    verdict = ENV.verify(task, completion)
    at = completion.index("<answer>")
    assert any(s.span == (at, at) and not s.ok for s in verdict.steps)
    assert verdict.correct and not verdict.info["verified_correct"]


@pytest.mark.parametrize("completion", [
    "", "hello", "<answer></answer>", "<answer>seven</answer>", "a=b+c=1+2=3.",
    "Define as ; so = .", "=" * 5000, "é🙂\x00" * 300, "<answer>" * 3000, "c=" * 20000,
    "x" * 30000, "so so so = = = . . .", "c = a + 3 = 4.\n<answer>1</answer>",
])
def test_garbage_scores_zero_with_a_reason_and_never_raises(completion):
    task = ENV.sample(0, level=5)
    if completion.endswith(f"<answer>{task.answer}</answer>"):
        completion = completion.replace(f"{task.answer}</answer>", f"{task.answer + 1}</answer>")
    verdict = ENV.verify(task, completion)
    assert verdict.score == 0.0 and not verdict.correct and verdict.error


# --------------------------------------------------------------------------------------------
# Knobs and templates


def test_templates_change_the_surface_not_the_graph():
    prompts = {t: ENV.sample(0, level=3, template=t).prompt for t in TEMPLATES}
    assert "Zoo" in prompts["zoo"] and "School" in prompts["school"]
    assert "Festival" in prompts["festival"] and re.search(r"\w=\w[-+*]\w\.", prompts["symbolic"])
    assert len(prompts["symbolic"]) < min(len(p) for p in prompts.values() if p != prompts["symbolic"])


@pytest.mark.parametrize("template", TEMPLATES)
def test_instructions_off_ends_the_prompt_at_the_question(template):
    full = ENV.sample(3, level=4, template=template)
    bare = ENV.sample(3, level=4, template=template, instructions=False)
    assert full.prompt.endswith("<answer>number</answer>.")
    assert re.search(r"(Find \w+\.|Question: what is [^?]+\?)$", bare.prompt)
    assert ENV.verify(bare, ENV.expert(bare)).correct


@pytest.mark.parametrize("step_check", ["full", "values"])
def test_restated_traces_find_every_value_after_its_name_and_verify(step_check):
    for i in range(40):
        task = ENV.sample(i, level=1 + i % 8, shuffle=i % 2 == 0, distractors=i % 3,
                          trace="restated", step_check=step_check)
        trace = ENV.expert(task)
        verdict = ENV.verify(task, trace)
        assert verdict.correct and verdict.info["verified_correct"], trace
        seen = dict(re.findall(r"(\w+)=(\d+)\.", task.prompt))
        for line in trace.splitlines()[:-1]:
            *operands, step, result = line.split(" ")
            name, _expr, values, value = re.fullmatch(r"(\w+)=(\w+[-+*]\w+)=(.+)=(\d+)\.",
                                                      step).groups()
            for operand in operands:  # restated from a given or an earlier line
                var, val = operand.rstrip(".").split("=")
                assert seen[var] == val
            assert result == f"{name}={value}."
            seen[name] = value
    with pytest.raises(ValueError, match="trace='restated' needs template='symbolic'"):
        ENV.sample(0, template="zoo", trace="restated")


@pytest.mark.parametrize("givens", ["named", "inline"])
def test_keyed_traces_key_every_value_they_look_up_and_verify(givens):
    for i in range(40):
        task = ENV.sample(i, level=1 + i % 8, shuffle=i % 2 == 0, distractors=i % 3,
                          givens=givens, trace="keyed")
        trace = ENV.expert(task)
        for step_check in ["full", "values"]:
            verdict = ENV.verify(with_knobs(task, step_check=step_check), trace)
            assert verdict.correct and verdict.info["verified_correct"], trace
        known = dict(re.findall(r"(\w+)=(\d+)\.", task.prompt))
        for line in trace.splitlines()[:-1]:
            statement, *keys, arithmetic, own = line.rstrip(".").split(", ")
            lhs, rhs = statement.split("=")
            named = set(re.findall(r"[a-z]\w*", rhs))
            assert {key.split(":")[0] for key in keys} == named, line
            for key in keys:  # every named operand, keyed with the value it has by now
                var, val = key.split(":")
                assert known[var] == val, line
            value = re.fullmatch(r"\d+[-+*]\d+=(\d+)", arithmetic)[1]
            assert own == f"{lhs}:{value}"
            known[lhs] = value
    with pytest.raises(ValueError, match="trace='keyed' needs template='symbolic'"):
        ENV.sample(0, template="zoo", trace="keyed")


def test_a_wrong_key_fails_the_full_check_and_a_wrong_own_key_fails_both():
    task = next(t for i in range(100) for t in [ENV.sample(i, level=2, trace="keyed")]
                if re.search(r", [a-z]:\d,", ENV.expert(t)))
    trace = ENV.expert(task)
    var, val = re.search(r", ([a-z]):(\d),", trace).groups()
    wrong_key = trace.replace(f", {var}:{val},", f", {var}:{(int(val) + 1) % 7},", 1)
    full = ENV.verify(task, wrong_key)
    assert any(v.reason.startswith(f"wrong value keyed for {var}") for v in full.steps)
    assert ENV.verify(with_knobs(task, step_check="values"), wrong_key).info["verified_correct"]
    line = trace.splitlines()[0]
    own_value = line.rstrip(".").rsplit(":", 1)[1]
    wrong_own = trace.replace(line, f"{line[:-2]}{(int(own_value) + 1) % 7}.")
    for step_check in ["full", "values"]:
        verdict = ENV.verify(with_knobs(task, step_check=step_check), wrong_own)
        assert "but keyed as" in verdict.steps[0].reason and not verdict.steps[0].ok


@pytest.mark.parametrize("mode", ["forward", "reverse"])
def test_inline_givens_are_numbers_in_the_statements_and_their_traces_verify(mode):
    for i in range(40):
        task = ENV.sample(i, level=1 + i % 8, shuffle=i % 2 == 0, distractors=i % 3, mode=mode,
                          givens="inline", trace=TRACES[i % 3])
        meta = task.meta
        stated = set(re.findall(r"(\w+)=\d+\.", task.prompt.split(" Show ")[0]))
        derived = {meta["names"][q] for q, expr in enumerate(meta["exprs"]) if expr is not None}
        assert stated <= derived, "no given is stated by name"
        assert set(meta["inline"]) == {q for q in meta["known"] if meta["exprs"][q] is None}
        assert re.search(r"=\d[-+*]|[-+*]\d\.", task.prompt), task.prompt
        for step_check in ["full", "values"]:
            checked = with_knobs(task, step_check=step_check)
            verdict = ENV.verify(checked, ENV.expert(checked))
            assert verdict.correct and verdict.info["verified_correct"], ENV.expert(checked)
    with pytest.raises(ValueError, match="givens='inline' needs template='symbolic'"):
        ENV.sample(0, template="zoo", givens="inline")


def test_full_check_reads_a_number_operand_as_the_inlined_given_it_writes():
    task = next(t for i in range(200) for t in [ENV.sample(i, level=1, givens="inline")]
                if re.search(r"\w=[a-z][-+*]\d\.", t.prompt))
    (name, var, op, number), = re.findall(r"(\w)=([a-z])([-+*])(\d)\.", task.prompt)
    right_line = next(line for line in ENV.expert(task).splitlines()
                      if line.startswith(f"{name}={var}{op}{number}="))
    wrong_number = str((int(number) + 1) % 7)
    wrong_line = right_line.replace(f"{var}{op}{number}=", f"{var}{op}{wrong_number}=", 1)
    wrong = ENV.verify(task, ENV.expert(task).replace(right_line, wrong_line))
    assert not wrong.info["verified_correct"]
    assert any(v.reason == f"wrong dependencies for {name}" for v in wrong.steps)
    # The same number in a task whose givens are named is not a reference to a given.
    named = ENV.sample(0, level=1)
    line = ENV.expert(named).splitlines()[0]
    lhs, expr, vals, value = line.rstrip(".").split("=")
    mixed = f"{lhs}={expr[0]}{expr[1]}{vals[2]}={vals}={value}."
    verdict = ENV.verify(named, ENV.expert(named).replace(line, mixed))
    assert any(v.reason == f"wrong dependencies for {lhs}" for v in verdict.steps)


def test_op_range_distractors_modulus_and_mode_knobs():
    ops = {ENV.sample(i, min_ops=3, max_ops=9).meta["op_count"] for i in range(200)}
    assert ops == set(range(3, 10))
    plain, noisy = ENV.sample(1, level=4), ENV.sample(1, level=4, distractors=5)
    assert noisy.meta["n_quantities"] > plain.meta["n_quantities"]
    assert noisy.meta["op_count"] == plain.meta["op_count"]
    big = ENV.sample(2, level=4, modulus=97)
    assert "modulo 97" in big.prompt and max(big.meta["values"]) < 97
    reverse = ENV.sample(2, level=4, mode="reverse")
    assert reverse.meta["asked"] not in reverse.meta["known"]
    with pytest.raises(ValueError, match="min_ops=9 exceeds max_ops=3"):
        ENV.sample(0, min_ops=9, max_ops=3)
    with pytest.raises(ValueError, match="modulus"):
        make_env("compose", modulus=10)


def test_unshuffled_statements_follow_a_solvable_order():
    task = ENV.sample(4, level=8, shuffle=False, distractors=2)
    seen = set()
    statements = re.findall(r"(\w+)=(\w+(?:[-+*]\w+)?)\.", task.prompt.split(" Find ")[0])
    assert len(statements) == task.meta["n_quantities"]
    for name, rhs in statements:
        operands = re.findall(r"[a-z]\w*", rhs)
        assert set(operands) <= seen, f"{name}={rhs} comes before its operands"
        seen.add(name)


@pytest.mark.parametrize("template", TEMPLATES)
def test_vocab_covers_every_word_and_character(template):
    vocab = set(ENV.vocab())
    chars = set("".join(vocab))
    for i in range(30):
        task = ENV.sample(i, level=1 + i % 19, template=template, distractors=i % 5,
                          mode=["forward", "reverse"][i % 2], modulus=[7, 97][i % 2])
        text = task.prompt + "\n" + ENV.expert(task)
        assert set(split_words(text)) <= vocab
        assert set(text) <= chars


def test_low_levels_fit_a_tiny_models_context():
    for i in range(100):
        task = ENV.sample(i, preset="quickstart")
        assert len(task.prompt) + len(ENV.expert(task)) < 256


GRAMMAR_SOUP = st.lists(st.sampled_from(
    ["Define ", "the number of adult lions in Sunny Zoo", " as ", "a", "b", "q9", ";", " so ",
     "=", "+", "-", "*", "×", "3", "12", "-4", ".", " ", "\n", "<answer>", "</answer>", "é"]),
    max_size=60).map("".join)


@settings(max_examples=150, deadline=None)
@given(GRAMMAR_SOUP, st.sampled_from(TEMPLATES), st.sampled_from(["full", "values"]))
def test_near_grammatical_noise_never_raises_and_spans_stay_inside(completion, template,
                                                                  step_check):
    task = with_knobs(ENV.sample(7, level=3, template=template), step_check=step_check)
    verdict = ENV.verify(task, completion)
    assert 0.0 <= verdict.score <= 1.0
    for step in verdict.steps or ():
        assert 0 <= step.span[0] <= step.span[1] <= len(completion)
    if verdict.correct:
        assert f"<answer>{task.answer}</answer>" in completion.replace(" ", "")
