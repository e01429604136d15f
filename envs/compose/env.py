"""`compose`: compositional arithmetic over a DAG of quantities (Interplay, arXiv 2512.07783;
GSM-Infinite). The op count is the difficulty axis: level L asks for L + 1 operations."""
from __future__ import annotations

import random
import re
from collections.abc import Mapping
from typing import Any

from rlsynth.answer import extract_answer
from rlsynth.env import Env, Knob, Problem, Task, Verdict
from rlsynth.registry import register

from .graph import sample_graph, with_given_steps
from .surface import TEMPLATES, quantity_names, render_prompt, variable_names, vocabulary
from .trace import TRACES, expert_trace, judge_steps, parse_steps

PRIMES = (5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97)
# Longer than any expert trace (op 30 with story phrases is ~3,000 characters); anything longer
# is rejected before parsing so a runaway generation costs no verifier time.
MAX_COMPLETION_CHARS = 20_000
ANSWER_INT_RE = re.compile(r"-?\d{1,9}")


@register
class ComposeEnv(Env):
    """Each problem: givens, derived quantities (one +, - or * of two earlier ones, modulo a
    prime) and a question. Forward mode asks for the last derived quantity; reverse mode states
    its value and asks for a hidden given. Solutions follow the step grammar of `trace.py`;
    the verdict's info carries `process_acc` (fraction of gold steps right), `process_score`
    (Interplay's max(0, 1 - wrong/gold), counting wrong extra steps) and `verified_correct`
    (answer right and every step right)."""

    name = "compose"
    description = "Compositional arithmetic on a DAG of quantities mod a prime (Interplay/GSM-Infinite)"
    # 2: the `instructions` and `restate` knobs; 3: `givens`; 4: `trace` replaces `restate`
    # (knobs enter every task's seed)
    version = "4"
    max_level = 19
    default_level = 3
    knobs = {
        "min_ops": Knob(int, None, "fewest operations the answer needs (level L sets L+1)",
                        low=1, high=30),
        "max_ops": Knob(int, None, "most operations the answer needs (level L sets L+1)",
                        low=1, high=30),
        "distractors": Knob(int, 0, "derived quantities the answer does not need", low=0, high=10),
        "modulus": Knob(int, 7, "prime modulus of every operation; answers are near uniform "
                        "over 0..modulus-1", choices=PRIMES),
        "mode": Knob(str, "forward", "forward: find the result; reverse: given the result, "
                     "find a hidden input", choices=("forward", "reverse")),
        "template": Knob(str, "symbolic", "surface context: terse variables or a story",
                         choices=TEMPLATES),
        "shuffle": Knob(bool, True, "state the quantities in random order (false: in an order "
                        "the solution can follow)"),
        "step_check": Knob(str, "full", "full: names, operator, values; values: operator, "
                           "operand values and result only (names ignored)",
                           choices=("full", "values")),
        "instructions": Knob(bool, True, "end the question with the answer format (false: "
                             "shorter prompts for a model that learns the format from traces)"),
        "givens": Knob(str, "named", "named: each given is a statement (a=4.) found by name; "
                       "inline: givens are numbers inside the statements that use them "
                       "(c=4+b.), so only derived quantities are looked up (symbolic only)",
                       choices=("named", "inline")),
        "trace": Knob(str, "chain", "expert trace grammar (symbolic only for the last two). "
                      "chain: c=a+b=2+5=0.; restated: the operands' values and the result as "
                      "extra steps, a=2. b=5. c=a+b=2+5=0. c=0.; keyed: c=a+b, a:2, b:5, "
                      "2+5=0, c:0. (each value under a key no statement uses, so a tiny model "
                      "finds it by one match)", choices=TRACES),
    }
    presets = {
        "easy": {"level": 2},
        "medium": {"level": 7, "distractors": 2},
        "hard": {"level": 15, "distractors": 4},
        "quickstart": {"level": 2, "template": "symbolic", "shuffle": False},
        "story": {"level": 7, "template": "zoo", "distractors": 2},
    }
    generation_time_bound = 0.05
    # Answers are ~uniform: ~0.15 for each nonzero value and ~0.10 for 0 at the default modulus 7
    # (products of nonzero values are never 0). The contract suite draws only 40 tasks, so the
    # bound is 2.5 / 7: a bound of 0.25 would fail 18% of 40-task windows by chance alone.
    # tests/envs/compose checks the shares tightly on 1,400 tasks.
    max_answer_share = 0.36

    def level_knobs(self, level: int) -> dict:
        return {"min_ops": level + 1, "max_ops": level + 1}

    def generate(self, rng: random.Random, level: int, knobs: Mapping[str, Any]) -> Problem:
        low, high = knobs["min_ops"], knobs["max_ops"]
        if low > high:
            raise ValueError(f"compose: min_ops={low} exceeds max_ops={high}; set both (a level "
                             f"L sets min_ops = max_ops = L+1)")
        n_ops = rng.randint(low, high)
        template, modulus = knobs["template"], knobs["modulus"]
        if knobs["trace"] != "chain" and template != "symbolic":
            raise ValueError(f"compose: trace={knobs['trace']!r} needs template='symbolic', got "
                             f"{template!r}")
        if knobs["givens"] == "inline" and template != "symbolic":
            raise ValueError(f"compose: givens='inline' needs template='symbolic', got "
                             f"{template!r}")
        graph = sample_graph(rng, n_ops, knobs["distractors"], modulus,
                             reverse=knobs["mode"] == "reverse")
        count = len(graph.exprs)
        names = quantity_names(rng, template, count)
        known = graph.known()
        inline = ([i for i in known if graph.exprs[i] is None]
                  if knobs["givens"] == "inline" else [])
        order = list(range(count))
        if knobs["shuffle"]:
            rng.shuffle(order)
        solution = graph.solution()
        meta = {"difficulty": n_ops, "op_count": n_ops, "template": template,
                "mode": knobs["mode"], "modulus": modulus, "n_quantities": count,
                "distractors": knobs["distractors"], "names": names, "values": graph.values,
                "exprs": graph.exprs, "known": known, "inline": inline,
                "asked": graph.asked}
        if template != "symbolic":
            solution = with_given_steps(solution, known)
            letters = iter(variable_names(rng, len(solution)))
            var = [None] * count
            for node, *_ in solution:
                var[node] = next(letters)
            meta["vars"] = var
        meta["solution"] = solution
        meta["n_steps"] = len(solution)
        prompt = render_prompt(template, names, graph.exprs, graph.values, known, graph.asked,
                               modulus, order, knobs["instructions"], inline)
        return Problem(prompt=prompt, answer=graph.values[graph.asked], meta=meta)

    def expert(self, task: Task) -> str:
        return expert_trace(task.meta, task.answer, task.knobs.get("trace", "chain"))

    def verify(self, task: Task, completion: str) -> Verdict:
        if not isinstance(completion, str):
            return Verdict.failure(f"completion must be a string, got {type(completion).__name__}")
        if len(completion) > MAX_COMPLETION_CHARS:
            return Verdict.failure(f"completion has {len(completion)} characters; the limit is "
                                   f"{MAX_COMPLETION_CHARS}")
        steps = parse_steps(completion)
        answer_text = extract_answer(completion)
        if not steps and answer_text is None:
            return Verdict.failure("no steps like `c=a+b=1+2=3.` and no <answer>...</answer>")
        # Missing steps are charged where the answer starts (or at the end without one).
        end = len(completion) if answer_text is None else max(
            0, completion.rfind("<answer>", 0, completion.rfind("</answer>")))
        step_check = task.knobs.get("step_check", "full")
        verdicts, right, wrong_extra = judge_steps(task.meta, steps, step_check, end)
        n_gold = len(task.meta["solution"])
        process_acc = right / n_gold
        numeric = answer_text is not None and ANSWER_INT_RE.fullmatch(answer_text) is not None
        correct = numeric and int(answer_text) == task.answer
        info = {"process_acc": process_acc,
                "process_score": max(0.0, 1.0 - (n_gold - right + wrong_extra) / n_gold),
                "verified_correct": correct and right == n_gold and wrong_extra == 0,
                "n_gold_steps": n_gold, "n_steps": len(steps), "step_check": step_check}
        if answer_text is None:
            error = "no <answer>...</answer> block"
        elif not numeric:
            error = f"answer {answer_text[:40]!r} is not a whole number"
        elif not correct:
            error = f"wrong answer {answer_text}"
        else:
            error = None
        return Verdict(correct=correct, score=float(correct), format_ok=numeric and bool(steps),
                       steps=tuple(verdicts), error=error, info=info)

    def vocab(self) -> list[str]:
        """Every word, number (0..97), variable name and symbol of any prompt or trace.

        Word-level: `surface.split_words(text)` cuts any prompt or trace into vocab words (spaces
        and newlines are vocab entries too). Character-level: the characters of these words are
        every character a prompt or trace contains.
        """
        return vocabulary(max(PRIMES))
