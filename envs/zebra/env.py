"""The `zebra` env: Einstein puzzles with N houses x M attributes (3..6 each).

The trace settles one table cell per line and cites the clues that prove it:

    house 2 color = red by clues 1,4
    house 3 pet = cat by clue 5
    house 1 drink = tea by elimination        (the cells settled so far force it)

What the verifier checks, exactly: the final table (or, with the `question` knob, the house
number asked for) decides the score. Each step is ok when (a) it names a cell not yet settled,
(b) its value is the solution's, and (c) propagating only the cited clues plus the
one-value-per-house rule from the cells settled so far (by the earlier steps) settles that cell;
propagation is sound, so (c) means the cited clues entail the step. After any step the cell holds
its solution value, so one bad step never condemns the next.
"""
from __future__ import annotations

import random
import re
from collections.abc import Mapping
from typing import Any

from rlsynth.answer import extract_answer
from rlsynth.env import Env, Knob, Problem, StepVerdict, Task, Verdict
from rlsynth.envs.zebra.generator import ATTRIBUTES, generate
from rlsynth.envs.zebra.logic import TEXTS, fresh_domains, propagate
from rlsynth.registry import register

# level -> (houses, attributes)
LEVELS = {1: (3, 3), 2: (4, 3), 3: (4, 4), 4: (5, 4), 5: (5, 5), 6: (6, 5), 7: (6, 6)}
STEP_START = re.compile(r"^\s*house\s+\d+\s+[a-z]+\s*=", re.IGNORECASE)
STEP = re.compile(r"house\s+(\d+)\s+([a-z]+)\s*=\s*([a-z]+)\s+by\s+"
                  r"(elimination|clues?\s+\d+(?:\s*,\s*\d+)*)")
ROW = re.compile(r"^\s*house\s+(\d+)\s*:(.*)$", re.IGNORECASE | re.MULTILINE)
MAX_LINE = 200
MAX_STEPS = 100  # a 6x6 table has 36 cells; more step lines are judged as one error


@register
class Zebra(Env):
    name = "zebra"
    description = "Einstein (zebra) logic puzzles with cited-clue deduction traces"
    version = "1"
    max_level = len(LEVELS)
    default_level = 1
    knobs = {
        "houses": Knob(int, None, "number of houses", low=3, high=6),
        "attributes": Knob(int, None, "number of attributes per house", low=3, high=6),
        "question": Knob(bool, False, "ask for one house number instead of the whole table"),
    }
    presets = {"easy": {"level": 1}, "medium": {"level": 4}, "hard": {"level": 7}}
    generation_time_bound = 5.0  # 6x6: ~0.25 s median, 0.35 s max of 20 (bench/puzzles.py)
    max_answer_share = 0.5  # question mode answers a house number (1 of 3..6)

    def level_knobs(self, level: int) -> dict:
        houses, attributes = LEVELS[level]
        return {"houses": houses, "attributes": attributes}

    # -- generation ------------------------------------------------------------------------

    def generate(self, rng: random.Random, level: int, knobs: Mapping[str, Any]) -> Problem:
        n, m = knobs["houses"], knobs["attributes"]
        z = generate(rng, n, m)
        table = [[z.values[a][z.solution[a][h]] for a in range(m)] for h in range(n)]
        meta = {
            "houses": n, "attributes": z.attributes, "values": z.values, "clues": z.clues,
            "solution": z.solution, "steps": z.steps, "clue_count": len(z.clues),
            "depth": z.depth, "difficulty": n * m + z.depth,
        }
        lines = [f"There are {n} houses in a row, numbered 1 to {n} from left to right. Each "
                 f"house has a different value of each attribute:"]
        lines += [f"- {a}: {', '.join(sorted(vals))}" for a, vals in zip(z.attributes, z.values)]
        lines.append("Clues:")
        lines += [f"{i + 1}. {clue_text(c, z.attributes, z.values)}." for i, c in
                  enumerate(z.clues)]
        lines.append(
            "Deduce the table one cell per line, citing the clues that prove it together with "
            "the cells settled so far, e.g.\n  house 2 color = red by clues 1,4\n"
            "  house 3 pet = cat by elimination      (the settled cells alone force it)")
        if knobs["question"]:
            a = rng.randrange(m)
            v = rng.randrange(n)
            answer: Any = z.solution[a].index(v) + 1
            meta["question"] = [a, v]
            lines.append(f"Then answer inside <answer></answer> with just the number of the "
                         f"house that has {z.attributes[a]} {z.values[a][v]}.")
        else:
            answer = table
            lines.append(f"Then write the table inside <answer></answer>, one line per house, "
                         f"values in the attribute order above: "
                         f"house 1: {', '.join('<' + a + '>' for a in z.attributes)}")
        return Problem("\n".join(lines), answer, meta)

    # -- verification ----------------------------------------------------------------------

    def verify(self, task: Task, completion: str) -> Verdict:
        meta = task.meta
        if not isinstance(completion, str):
            return Verdict.failure(f"completion must be a string, got {type(completion).__name__}")
        answer = extract_answer(completion)
        steps_text = completion[:completion.rfind("<answer>")] if answer is not None else completion
        steps, right = judge_steps(meta, steps_text)
        n, m = meta["houses"], len(meta["attributes"])
        info = {"steps_ok": sum(s.ok for s in steps), "steps": len(steps)}
        if answer is None:
            info["cell_accuracy"] = len(right) / (n * m)
            return Verdict(False, 0.0, False, tuple(steps), "no <answer> block", info)
        if "question" in meta:
            ok = answer.strip() == str(task.answer)
            info["cell_accuracy"] = len(right) / (n * m)
            fmt = answer.strip().isdigit()
            return Verdict(ok, float(ok), fmt, tuple(steps),
                           None if ok else "wrong house number" if fmt else
                           "the answer must be a house number", info)
        table = read_table(answer, meta)
        if table is None:
            info["cell_accuracy"] = len(right) / (n * m)
            return Verdict(False, 0.0, False, tuple(steps),
                           f"the answer must hold {n} lines 'house H: value, value, ...'", info)
        good = sum(table.get((a, h)) == meta["solution"][a][h] for a in range(m) for h in range(n))
        info["cell_accuracy"] = good / (n * m)
        ok = good == n * m
        return Verdict(ok, float(ok), True, tuple(steps), None if ok else
                       f"{n * m - good} of {n * m} table cells are wrong or missing", info)

    def expert(self, task: Task) -> str:
        meta = task.meta
        attrs, values = meta["attributes"], meta["values"]
        lines = []
        for a, h, v, cited in meta["steps"]:
            why = ("elimination" if not cited else
                   f"clue{'s' if len(cited) > 1 else ''} {','.join(str(i + 1) for i in cited)}")
            lines.append(f"house {h + 1} {attrs[a]} = {values[a][v]} by {why}")
        if "question" in meta:
            final = str(task.answer)
        else:
            final = "\n".join(f"house {h + 1}: {', '.join(row)}"
                              for h, row in enumerate(task.answer))
        return "\n".join(lines + [f"<answer>\n{final}\n</answer>"])

    def vocab(self) -> list[str]:
        words = {w for vals in ATTRIBUTES.values() for w in vals} | set(ATTRIBUTES)
        words |= {w for text in TEXTS.values() for w in re.findall(r"[a-z]+", text)}
        words |= set(re.findall(r"[A-Za-z]+", (
            "There are houses in a row numbered to from left to right Each house has a different "
            "value of each attribute Clues Deduce the table one cell per line citing the clues "
            "that prove it together with the cells settled so far e g by clue elimination alone "
            "force it Then answer inside with just number of write values in order above")))
        words |= {str(d) for d in range(10)} | set(".,:=-()<>/") | {"<answer>", "</answer>"}
        return sorted(words)


# --------------------------------------------------------------------------------------------
# Text


def clue_text(clue: list, attributes: list[str], values: list[list[str]]) -> str:
    def phrase(item: list) -> str:
        return f"{attributes[item[0]]} {values[item[0]][item[1]]}"

    kind = clue[0]
    if kind in ("at", "not_at"):
        text = TEXTS[kind].format(x=phrase(clue[1]), k=clue[2] + 1)
    else:
        text = TEXTS[kind].format(x=phrase(clue[1]), y=phrase(clue[2]))
    return text[0].upper() + text[1:]


def _lookup(meta: Mapping) -> dict[str, tuple[int, int]]:
    """value name (lower case) -> (attribute, value index); value names are unique."""
    return {name.lower(): (a, v) for a, vals in enumerate(meta["values"])
            for v, name in enumerate(vals)}


def read_table(answer: str, meta: Mapping) -> dict[tuple[int, int], int] | None:
    """{(attribute, house 0-based): value} from 'house H: v, v, ...' lines, None if unreadable."""
    lookup, n = _lookup(meta), meta["houses"]
    table: dict[tuple[int, int], int] = {}
    rows = ROW.findall(answer)
    if len(rows) != n:
        return None
    for house, rest in rows:
        h = int(house) - 1 if house.isdigit() and len(house) < 3 else -1
        if not 0 <= h < n:
            return None
        for token in rest.split(","):
            words = token.split()
            found = lookup.get(words[-1].lower()) if words else None
            if found:
                if (found[0], h) in table:  # two values for one cell: a hedge, not an answer
                    return None
                table[(found[0], h)] = found[1]
    return table


# --------------------------------------------------------------------------------------------
# Step judging


def judge_steps(meta: Mapping, text: str) -> tuple[list[StepVerdict], set[tuple[int, int]]]:
    """Verdicts for every step line, and the cells (attribute, house) the steps got right."""
    n, attrs = meta["houses"], meta["attributes"]
    solution, clues = meta["solution"], meta["clues"]
    lookup = _lookup(meta)
    fixed: dict[tuple[int, int], int] = {}
    verdicts: list[StepVerdict] = []
    right: set[tuple[int, int]] = set()
    offset = 0
    for line in text.splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        if not STEP_START.match(line):
            continue
        span = (start, start + len(line.rstrip("\r\n")))
        if len(verdicts) >= MAX_STEPS:
            verdicts.append(StepVerdict((start, len(text)), False, "too many steps"))
            break
        m = STEP.fullmatch(" ".join(line.strip().lower().rstrip(".").split())) \
            if len(line) <= MAX_LINE else None
        if m is None:
            verdicts.append(StepVerdict(span, False, "cannot read step; write 'house H attribute"
                                                     " = value by clues I,J' or 'by elimination'"))
            continue
        h, attr, value = int(m[1]) - 1 if len(m[1]) < 3 else -1, m[2], m[3]
        cited = [int(x) - 1 for x in re.findall(r"\d+", m[4]) if len(x) < 4]
        found = lookup.get(value)
        if not 0 <= h < n or attr not in attrs or found is None or attrs[found[0]] != attr:
            verdicts.append(StepVerdict(span, False, f"no {attr} {value!r} in house {m[1]}"))
            continue
        a, v = found
        if (a, h) in fixed:
            verdicts.append(StepVerdict(span, False, f"house {h + 1} {attr} is already settled"))
            continue
        if any(not 0 <= i < len(clues) for i in cited):
            reason = f"clue numbers run 1..{len(clues)}"
        else:
            dom = fresh_domains(n, len(attrs), fixed)
            propagate(dom, ((i, clues[i]) for i in cited))
            reason = "" if dom[a][v] == 1 << h else (
                f"the cited clues and the settled cells do not settle house {h + 1} {attr}")
        fixed[(a, h)] = solution[a][h]
        if solution[a][h] != v:
            reason = f"{value} is the wrong value for house {h + 1} {attr}"
        else:
            right.add((a, h))
        verdicts.append(StepVerdict(span, not reason, reason))
    return verdicts, right

