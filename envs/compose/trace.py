"""The compose step grammar: writing expert traces, parsing any trace, judging it node by node.

One step per quantity, restating the symbolic step before the values (Interplay's grammar):

    Define <quantity> as <var>; so <var> = <names> = <values> = <value>.     (story templates)
    <var>=<names>=<values>=<value>.                                          (symbolic template)

The `Define ... as <var>;` prefix and the word `so` are optional in every template: the symbolic
template's quantities are their variables already. Spaces are free. A given quantity's step is
`... so <var> = <value>.` With inlined givens (symbolic `givens: inline`) a number stands where
the given would be named: `c=a+4=2+4=6.`, or `c=3+4=0.` over two givens. A step's parts may also
be comma-separated clauses with keys, `c=a+b, a:2, b:5, 2+5=0, c:0.` (the `keyed` trace): the
clauses other than keys read as the chain `c=a+b=2+5=0`, a key `name:value` restates a value,
and the step's own key must agree with its result. The trace ends with `<answer>value</answer>`.

Judging (Interplay's SolutionParser / DependencyGraph.compare, per gold node):
- `full`: the node's first step must use the right operator on the right quantities (variables
  resolved through the trace's own `Define`s, each already known: stated or computed earlier),
  restate the right operand values when it writes them (in the chain or as keys), and state the
  right value.
- `values`: the node is right when some step has the right operator, operand values and result,
  whatever names it wrote (tiny character models mis-copy names while computing right values:
  shared/notes/learning-on-cpu.md).
"""
from __future__ import annotations

import operator
import re
from dataclasses import dataclass

from rlsynth.env import StepVerdict

from .surface import symbolic_terms

NAME = r"[A-Za-z][A-Za-z0-9_]{0,30}"
STEP_RE = re.compile(
    rf"(?:\b[Dd]efine\s+(?P<quantity>[^;\n]{{1,200}}?)\s+as\s+(?P<var>{NAME})\s*;\s*)?"
    rf"(?:\b[Ss]o\s+)?(?<![A-Za-z0-9_])(?P<lhs>{NAME})\s*=(?P<rhs>[^.;<>\n]{{0,200}}?)\.")
EXPR_RE = re.compile(r"\s*(?:([A-Za-z]\w*)|(\d{1,9}))\s*([-+*×])\s*(?:([A-Za-z]\w*)|(\d{1,9}))\s*")
INT_RE = re.compile(r"\s*(-?\d{1,9})\s*")
KEY_RE = re.compile(rf"\s*({NAME})\s*:\s*(-?\d{{1,9}})\s*")
TRACES = ("chain", "restated", "keyed")


@dataclass(frozen=True)
class Literal:
    """A number written where a step names an operand (an inlined given: `c=a+4`)."""

    value: int


class Step:
    """One parsed step: `names` = (op, x, y) with at least one variable (a number operand is a
    `Literal`), `vals` = (op, x, y) over numbers, `keys` = the (name, value) clauses of a keyed
    step other than its own result's."""

    __slots__ = ("span", "var", "quantity", "lhs", "names", "vals", "keys", "result", "problem")

    def __init__(self, match: re.Match) -> None:
        self.span = (match.start(), match.end())
        self.var, self.quantity, self.lhs = match["var"], match["quantity"], match["lhs"]
        self.names = self.vals = self.result = self.problem = None
        # A keyed step `c=a+b, a:2, b:5, 2+5=0, c:0.` reads as the chain `c=a+b=2+5=0` + keys.
        chain, keys = [], []
        for clause in match["rhs"].split(","):
            key = KEY_RE.fullmatch(clause)
            if key is None:
                chain.append(clause)
            else:
                keys.append((key[1], int(key[2])))
        self.keys = [(name, value) for name, value in keys if name != self.lhs]
        *exprs, last = "=".join(chain).split("=")
        number = INT_RE.fullmatch(last)
        if number is None:
            self.problem = f"step for {self.lhs} does not end in a number"
            return
        self.result = int(number[1])
        own = [value for name, value in keys if name == self.lhs and value != self.result]
        if own:
            self.problem = f"{self.lhs} is computed as {self.result} but keyed as {own[0]}"
            return
        for text in exprs:
            expr = EXPR_RE.fullmatch(text)
            if expr is None:
                self.problem = f"cannot read {text.strip()!r} in the step for {self.lhs}"
                return
            op = "*" if expr[3] == "×" else expr[3]
            if expr[1] is None and expr[4] is None:
                if self.vals is None:
                    self.vals = (op, int(expr[2]), int(expr[5]))
            elif self.names is None:
                self.names = (op, expr[1] or Literal(int(expr[2])),
                              expr[4] or Literal(int(expr[5])))


def parse_steps(completion: str) -> list[Step]:
    return [Step(m) for m in STEP_RE.finditer(completion)]


def normalize(phrase: str) -> str:
    return " ".join(phrase.lower().split())


# --------------------------------------------------------------------------------------------
# Expert


def expert_trace(meta: dict, answer: int, trace: str = "chain") -> str:
    """The solution in the grammar above, in one of the `TRACES` styles (symbolic template):

        chain      c=a+b=2+5=0.
        restated   a=2. b=5. c=a+b=2+5=0. c=0.    (values as extra steps, judged, not counted)
        keyed      c=a+b, a:2, b:5, 2+5=0, c:0.

    Inlined givens are written as their values: `c=a+4=2+4=6.` (`c=a+4, a:2, 2+4=6, c:6.`), or
    `c=3+4=0.` (`c=3+4, 3+4=0, c:0.`) when both operands are."""
    names, values = meta["names"], meta["values"]
    if meta["template"] == "symbolic":
        inline = set(meta.get("inline", ()))
        term = symbolic_terms(names, values, inline)
        lines = []
        for n, op, a, b in meta["solution"]:
            if op is None:
                lines.append(f"{names[n]}={values[n]}.")
                continue
            named = dict.fromkeys(k for k in (a, b) if k not in inline)
            arithmetic = f"{values[a]}{op}{values[b]}={values[n]}"
            if trace == "keyed":
                keys = "".join(f" {names[k]}:{values[k]}," for k in named)
                step = (f"{names[n]}={term[a]}{op}{term[b]},{keys} {arithmetic}, "
                        f"{names[n]}:{values[n]}.")
            else:
                symbols = "" if not named else f"{term[a]}{op}{term[b]}="
                step = f"{names[n]}={symbols}{arithmetic}."
                if trace == "restated":
                    step = " ".join([*(f"{names[k]}={values[k]}." for k in named), step,
                                     f"{names[n]}={values[n]}."])
            lines.append(step)
    else:
        var = meta["vars"]
        lines = [f"Define {names[n]} as {var[n]}; so {var[n]} = " + (
            f"{values[n]}." if op is None else
            f"{var[a]} {op} {var[b]} = {values[a]} {op} {values[b]} = {values[n]}.")
            for n, op, a, b in meta["solution"]]
    return "\n".join(lines) + f"\n<answer>{answer}</answer>"


# --------------------------------------------------------------------------------------------
# Judging


def judge_steps(meta: dict, steps: list[Step], step_check: str, end: int
                ) -> tuple[list[StepVerdict], int, int]:
    """Step verdicts (gold nodes, then wrong extra steps), gold nodes right, extra steps wrong.

    A gold node with no step gets a zero-width span at `end` (where the answer starts), so a
    process reward can still charge the omission to the tokens before the answer.
    """
    names, values, solution = meta["names"], meta["values"], meta["solution"]
    subjects, exprs, keyed = _resolve(meta, steps)
    if step_check == "values":
        chosen = _match_by_values(solution, values, steps, subjects)
    else:
        chosen = {}
        for k, subject in enumerate(subjects):
            if subject is not None and subject not in chosen:
                chosen[subject] = k
    verdicts, right = [], 0
    for node, op, a, b in solution:
        k = chosen.get(node)
        if k is None:
            verdicts.append(StepVerdict((end, end), False, f"no step for {names[node]}"))
            continue
        judge = _judge_values if step_check == "values" else _judge_full
        reason = judge(steps[k], exprs[k], keyed[k], meta, node, op, a, b)
        right += not reason
        verdicts.append(StepVerdict(steps[k].span, not reason, reason or "ok"))
    used, wrong_extra = set(chosen.values()), 0
    for k, step in enumerate(steps):
        if k in used:
            continue
        subject = subjects[k]
        if subject is None:
            reason = f"{step.lhs} is not a quantity of the problem"
        elif step.problem or step.result != values[subject]:
            reason = step.problem or f"wrong value for {names[subject]}"
        else:
            continue  # a correct but unneeded step (a distractor, a restated given) costs nothing
        wrong_extra += 1
        verdicts.append(StepVerdict(step.span, False, reason))
    verdicts.sort(key=lambda v: (v.span[1], v.span[0]))
    return verdicts, right, wrong_extra


def _resolve(meta: dict, steps: list[Step]) -> tuple[list, list, list]:
    """Per step: the quantity it defines; the expression that computes it as (op, x, y) with
    operand quantities (None when unknown yet) or `Literal`s, None when the step has none; and
    its keys as (name, quantity or None, value)."""
    names = meta["names"]
    phrase_ids = {normalize(name): i for i, name in enumerate(names)}
    bound = dict(zip(names, range(len(names)))) if meta["template"] == "symbolic" else {}
    known = set(meta["known"])
    subjects, exprs, keyed = [], [], []
    for step in steps:
        if step.var is not None:
            bound[step.var] = phrase_ids.get(normalize(step.quantity))
        subject = bound.get(step.lhs)
        # With inlined givens, a step over two of them has only numbers: `c=3+4=0.`
        expr = step.names or (step.vals if meta.get("inline") else None)
        if expr is not None:
            op, *terms = expr
            expr = (op, *(_operand(t, bound, known) for t in terms))
        subjects.append(subject)
        exprs.append(expr)
        keyed.append([(name, _operand(name, bound, known), value) for name, value in step.keys])
        if subject is not None:
            known.add(subject)
    return subjects, exprs, keyed


def _operand(term, bound: dict, known: set):
    """A named operand as its quantity when known by now (else None); a number as a `Literal`."""
    if not isinstance(term, str):
        return term if isinstance(term, Literal) else Literal(term)
    quantity = bound.get(term)
    return quantity if quantity in known else None


def _judge_full(step: Step, expr, keyed, meta, node, op, a, b) -> str:
    names, values = meta["names"], meta["values"]
    if step.problem:
        return step.problem
    if op is None:
        if step.names is not None or step.vals is not None:
            return f"{names[node]} is given; state its value"
    else:
        if expr is None:
            return f"the step for {names[node]} does not say how it is computed"
        step_op, x, y = expr
        if x is None or y is None:
            missing = step.names[1] if x is None else step.names[2]
            return f"{missing} is not defined or not computed before the step for {names[node]}"
        inline = set(meta.get("inline", ()))

        def refers(term, quantity) -> bool:  # a number operand stands for an inlined given
            return term == quantity or (quantity in inline and term == Literal(values[quantity]))

        if not _same(step_op, x, y, op, a, b, refers):
            return f"wrong dependencies for {names[node]}"
        if step.vals is not None and not _same(*step.vals, op, values[a], values[b]):
            return f"wrong operand values for {names[node]}"
        for name, quantity, value in keyed:
            if quantity is None:
                return f"{name} is keyed before it is defined or computed"
            if value != values[quantity]:
                return f"wrong value keyed for {name} in the step for {names[node]}"
    if step.result != values[node]:
        return f"wrong value for {names[node]}"
    return ""


def _judge_values(step: Step, expr, keyed, meta, node, op, a, b) -> str:
    names, values = meta["names"], meta["values"]
    if step.problem:
        return step.problem
    if _signature(step) != _gold_signature(values, node, op, a, b):
        return f"wrong operator, operand values or value for {names[node]}"
    return ""


def _same(op, x, y, gold_op, a, b, refers=operator.eq) -> bool:
    """Same operation up to the order of + and * operands (`refers(x, a)`: x stands for a)."""
    return op == gold_op and ((refers(x, a) and refers(y, b))
                              or (op != "-" and refers(x, b) and refers(y, a)))


def _signature(step: Step):
    if step.problem:
        return None
    if step.vals is not None:
        op, x, y = step.vals
        return (op, (x, y) if op == "-" else tuple(sorted((x, y))), step.result)
    return None if step.names is not None else (None, (), step.result)


def _gold_signature(values, node, op, a, b):
    if op is None:
        return (None, (), values[node])
    x, y = values[a], values[b]
    return (op, (x, y) if op == "-" else tuple(sorted((x, y))), values[node])


def _match_by_values(solution, values, steps, subjects) -> dict:
    """Gold node -> step index, names ignored where they disagree with the values.

    First a step takes the node it names if its signature (operator, operand values, result)
    fits; then a leftover step takes any unmatched node with its signature; a node still left
    takes a leftover step that names it (for the span of its wrong verdict)."""
    gold = {node: _gold_signature(values, node, op, a, b) for node, op, a, b in solution}
    signatures = [_signature(step) for step in steps]
    chosen = {}
    for k, subject in enumerate(subjects):
        if subject in gold and subject not in chosen and signatures[k] == gold[subject]:
            chosen[subject] = k
    taken = set(chosen.values())
    for k, signature in enumerate(signatures):
        if k in taken or signature is None:
            continue
        for node, wanted in gold.items():
            if node not in chosen and wanted == signature:
                chosen[node] = k
                taken.add(k)
                break
    for k, subject in enumerate(subjects):
        if k not in taken and subject in gold and subject not in chosen:
            chosen[subject] = k
            taken.add(k)
    return chosen
