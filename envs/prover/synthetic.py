"""Synthetic Coq theorems with proofs known by construction (pure Python: no Coq call).

A theorem is the conjunction of `parts` lemmas, each drawn from a family and a size:

    prop   intuitionistic tautologies from classic schemata over random subformulas (tauto)
    lia    linear (in)equalities over nat / Z following from a chain of hypotheses (lia)
    ring   polynomial identities over Z: a product of binomials against its expansion (ring)
    iter   recurrences `Nat.iter n (fun k => k + c) m = m + c * n` (induction, then lia)
    list   list lemmas: lengths, map, rev, sums over append (induction)
    real   real inequalities: linear ones (lra) and squares of linear forms (nra with a hint)

The proof of the conjunction splits it with bullets and runs each lemma's known proof, so the
difficulty is controlled by the number and size of the lemmas; with `scaffold`, the task is one
lemma of the composed theorem, an easier stepping stone (Goedel-Prover-V2's scaffolded data: the
subgoals of hard theorems become tasks of their own).
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

FAMILIES = ("prop", "lia", "ring", "iter", "list", "real")
SCOPE_OF = {"nat": "nat_scope", "Z": "Z_scope", "R": "R_scope"}


@dataclass(frozen=True)
class Lemma:
    """One lemma: statement in `scope` (nat/Z/R/none), its proof sentences and difficulty.

    `subgoals` are easier lemmas its proof rests on (the schema a tautology instantiates, the
    chain behind a linear bound, the unfolding step of an induction): scaffolding tasks.
    """

    family: str
    statement: str
    proof: tuple[str, ...]
    scope: str
    difficulty: float
    subgoals: tuple[Lemma, ...] = ()

    def delimited(self) -> str:
        """The statement with its scope made explicit, so lemmas of mixed scopes can be joined."""
        return f"({self.statement})%{self.scope}" if self.scope != "none" else f"({self.statement})"


@dataclass(frozen=True)
class Theorem:
    statement: str
    preamble: str
    proof: str
    difficulty: float
    lemmas: tuple[Lemma, ...]


def make_theorem(rng: random.Random, family: str, parts: int, size: int,
                 scaffold: bool = False) -> Theorem:
    """Compose `parts` lemmas of `size` from `family` ('mixed' draws a family per lemma)."""
    lemmas = [make_lemma(rng, rng.choice(FAMILIES) if family == "mixed" else family, size)
              for _ in range(parts)]
    if scaffold:  # one piece: a lemma of the conjunction or a subgoal inside a lemma's proof
        pieces = (lemmas if len(lemmas) > 1 else []) + [g for l in lemmas for g in l.subgoals]
        lemmas = [rng.choice(pieces)]
    scopes = {lemma.scope for lemma in lemmas} - {"none"}
    if len(lemmas) == 1 or len(scopes) <= 1:
        # One scope: open it once and show the statement without delimiters.
        scope = scopes.pop() if scopes else "nat"
        preamble = f"Open Scope {SCOPE_OF[scope]}."
        statement = " /\\ ".join(f"({l.statement})" if len(lemmas) > 1 else l.statement
                                 for l in lemmas)
    else:
        preamble = ""
        statement = " /\\ ".join(lemma.delimited() for lemma in lemmas)
    proof = "\n".join(split_proof([lemma.proof for lemma in lemmas]))
    # Composition costs a little beyond its parts: the split and keeping the parts apart.
    difficulty = sum(lemma.difficulty for lemma in lemmas) + 0.5 * (len(lemmas) - 1)
    return Theorem(statement, preamble, proof, round(difficulty, 2), tuple(lemmas))


def split_proof(proofs: list[tuple[str, ...]]) -> list[str]:
    """Proof lines of `A1 /\\ (A2 /\\ ...)`: split, then each lemma's proof inside braces.

    Braces (not bullets) keep the lemmas apart because a lemma's own proof may use bullets.
    """
    if len(proofs) == 1:
        return list(proofs[0])
    lines = []
    for i, proof in enumerate(proofs):
        if i < len(proofs) - 1:
            lines.append("split.")
        lines.append("{ " + " ".join(proof) + " }")
    return lines


def make_lemma(rng: random.Random, family: str, size: int) -> Lemma:
    if family not in MAKERS:
        raise ValueError(f"unknown lemma family {family!r}; choose one of {list(MAKERS)}")
    return MAKERS[family](rng, size)


# --------------------------------------------------------------------------------------------
# prop: tautologies


SCHEMATA = (  # intuitionistically valid, so `tauto` proves every instance
    "({A} -> {B}) -> ({B} -> {C}) -> {A} -> {C}",
    "({A} -> {B}) -> ~ {B} -> ~ {A}",
    "{A} /\\ ({B} \\/ {C}) -> ({A} /\\ {B}) \\/ ({A} /\\ {C})",
    "({A} /\\ {B} -> {C}) -> {A} -> {B} -> {C}",
    "({A} -> {B} -> {C}) -> {A} /\\ {B} -> {C}",
    "~ ({A} \\/ {B}) -> ~ {A} /\\ ~ {B}",
    "{A} \\/ {B} -> ({A} -> {C}) -> ({B} -> {C}) -> {C}",
    "({A} -> {B}) /\\ ({A} -> {C}) -> {A} -> {B} /\\ {C}",
    "{A} /\\ {B} -> {B} /\\ {A}",
    "({A} \\/ {B}) /\\ ~ {A} -> {B}",
)
ATOMS = ("P", "Q", "A", "B", "C")  # not R or S: those name the reals and successor


def random_formula(rng: random.Random, atoms: tuple[str, ...], depth: int) -> tuple[str, int]:
    """A formula and its connective count; depth 0 is an atom."""
    if depth == 0 or rng.random() < 0.3:
        return rng.choice(atoms), 0
    op = rng.choice(("/\\", "\\/", "->", "~"))
    left, n_left = random_formula(rng, atoms, depth - 1)
    if op == "~":
        return f"~ {left}", n_left + 1
    right, n_right = random_formula(rng, atoms, depth - 1)
    return f"({left} {op} {right})", n_left + n_right + 1


def make_prop(rng: random.Random, size: int) -> Lemma:
    atoms = ATOMS[:min(2 + size, len(ATOMS))]
    schema = rng.choice(SCHEMATA)
    parts, connectives = {}, schema.count("->") + schema.count("/\\") + schema.count("\\/")
    for slot in "ABC":
        formula, count = random_formula(rng, atoms, depth=min(size, 3))
        parts[slot] = formula if count == 0 or formula.startswith("(") else f"({formula})"
        connectives += count * schema.count("{" + slot + "}")
    body = schema.format(**parts)
    used = [a for a in atoms if a in body.replace("(", " ").replace(")", " ").split()]
    statement = f"forall {' '.join(used)} : Prop, {body}"
    # Prove the schema once over opaque X Y Z, then instantiate it: `tauto` on the instance
    # itself is exponential in the subformulas (30 s on some size-3 instances).
    general = schema.format(A="X", B="Y", C="Z")
    args = " ".join(f"({parts[slot]})" if "{" + slot + "}" in schema else "True"
                    for slot in "ABC")
    proof = (f"intros {' '.join(used)}.",
             f"assert (Hs : forall X Y Z : Prop, {general}) by tauto.",
             f"exact (Hs {args}).")
    schema_lemma = Lemma("prop", f"forall X Y Z : Prop, {general}", ("intros X Y Z.", "tauto."),
                         "none", 1.0)
    return Lemma("prop", statement, proof, "none", 1 + connectives / 4, (schema_lemma,))


# --------------------------------------------------------------------------------------------
# lia: linear arithmetic over nat / Z


VARS = ("a", "b", "c", "d", "e")


def make_lia(rng: random.Random, size: int) -> Lemma:
    """x1 <= x2 < x3 ... (a chain) implies c*x1 + d <= c*xk + e, plus unused distractors."""
    sort = rng.choice(("nat", "Z"))
    k = 2 + min(size, 3)
    names = VARS[:k]
    hyps = [f"{left} {rng.choice(('<=', '<'))} {right}" for left, right in zip(names, names[1:])]
    chain_names = " ".join(f"H{i}" for i in range(len(hyps)))
    chain = Lemma("lia", f"forall {' '.join(names)} : {sort}, " + " -> ".join(
        [*hyps, f"{names[0]} <= {names[-1]}"]), (f"intros {' '.join(names)} {chain_names}.",
                                                 "lia."), sort, 1.0)
    coeff = rng.randint(1, 3 + 2 * size)
    low, high = sorted(rng.sample(range(0, 20 + 10 * size), 2))
    relation = rng.choice(("<", "<="))  # both hold: the chain gives x1 <= xk and low < high
    goal = f"{coeff} * {names[0]} + {low} {relation} {coeff} * {names[-1]} + {high}"
    for _ in range(max(0, size - 2)):  # irrelevant facts make the search wider, not harder to prove
        x, y = rng.sample(names, 2)
        hyps.append(f"{x} + {rng.randint(1, 9)} <= {y} + {rng.randint(10, 30)}")
    hyp_names = [f"H{i}" for i in range(len(hyps))]
    statement = f"forall {' '.join(names)} : {sort}, " + " -> ".join([*hyps, goal])
    proof = (f"intros {' '.join(names)} {' '.join(hyp_names)}.", "lia.")
    return Lemma("lia", statement, proof, sort, 1 + len(hyps) / 2 + coeff / 10, (chain,))


# --------------------------------------------------------------------------------------------
# ring: polynomial identities over Z


def make_ring(rng: random.Random, size: int) -> Lemma:
    """(a1 x + b1 y) (a2 x + b2 y) ... = its expansion, in x and y over Z."""
    factors, poly, polys = [], {(0, 0): 1}, []
    for _ in range(1 + size):
        a, b = rng.choice((1, 1, 2, 3, 4, 5, -1, -2, -3)), rng.choice((1, 2, 3, 4, 5, 7, -1, -2, -3, -5))
        factors.append(f"({linear(a, 'x')} {'+' if b > 0 else '-'} {linear(abs(b), 'y')})")
        product: dict[tuple[int, int], int] = {}
        for (i, j), c in poly.items():
            product[(i + 1, j)] = product.get((i + 1, j), 0) + c * a
            product[(i, j + 1)] = product.get((i, j + 1), 0) + c * b
        poly = product
        polys.append(poly)
    statement = f"forall x y : Z, {' * '.join(factors)} = {render_poly(poly)}"
    first_two = Lemma("ring", f"forall x y : Z, {factors[0]} * {factors[1]} = "
                      f"{render_poly(polys[1])}", ("intros x y.", "ring."), "Z", 1.0)
    return Lemma("ring", statement, ("intros x y.", "ring."), "Z", 1 + size * 0.75, (first_two,))


def linear(coeff: int, term: str) -> str:
    """`coeff * term` as a person writes it: `x`, `- x`, `3 * x`."""
    return {1: term, -1: f"- {term}"}.get(coeff, f"{coeff} * {term}")


def render_poly(poly: dict[tuple[int, int], int]) -> str:
    terms = []
    for (i, j), c in sorted(poly.items(), key=lambda item: (-item[0][0], item[0][1])):
        if c == 0:
            continue
        powers = [f"{v}^{p}" if p > 1 else v for v, p in (("x", i), ("y", j)) if p]
        mono = " * ".join(powers)
        text = f"{abs(c)} * {mono}" if abs(c) != 1 and mono else (mono or str(abs(c)))
        terms.append(("- " if c < 0 else "+ ") + text)
    if not terms:
        return "0"
    first = terms[0]
    return (first[2:] if first.startswith("+") else "-" + first[2:]) + "".join(
        " " + t for t in terms[1:])


# --------------------------------------------------------------------------------------------
# iter: induction over nat


def make_iter(rng: random.Random, size: int) -> Lemma:
    step, scale = rng.randint(1, 12 + 4 * size), rng.randint(1, 3 + size)
    start = "m" if scale == 1 else f"{scale} * m"
    statement = f"forall n m : nat, Nat.iter n (fun k => k + {step}) ({start}) = {start} + {step} * n"
    # `simpl` would unfold Nat.iter in the goal but not in IH, so unfold one step by `change`.
    iterate = f"Nat.iter {{n}} (fun k => k + {step}) ({start})"
    unfold_step = f"{iterate.format(n='(S n)')} = {iterate.format(n='n')} + {step}"
    proof = ("intros n m.", "induction n as [|n IH].", "- simpl. lia.",
             f"- change ({iterate.format(n='(S n)')}) with ({iterate.format(n='n')} + {step}).",
             "rewrite IH.", "lia.")
    step_lemma = Lemma("iter", f"forall n m : nat, {unfold_step}", ("intros n m.", "reflexivity."),
                       "nat", 1.0)
    return Lemma("iter", statement, proof, "nat", 2 + size * 0.5, (step_lemma,))


# --------------------------------------------------------------------------------------------
# list: induction over lists


LIST_LEMMAS = (  # (statement with {T} and {k}, proof, difficulty, (subgoal, its proof))
    ("forall (f : {T} -> {T}) (x : {T}), map f (repeat x {k}) = repeat (f x) {k}",
     ("intros f x.", "reflexivity."), 1.0,
     ("forall (f : {T} -> {T}) (x : {T}), map f [x] = [f x]", ("intros f x.", "reflexivity."))),
    ("forall (l : list {T}) (x : {T}), In x l -> In x (l ++ repeat x {k})",
     ("intros l x H.", "apply in_or_app.", "left.", "exact H."), 1.5,
     ("forall (l m : list {T}) (x : {T}), In x l -> In x (l ++ m)",
      ("intros l m x H.", "apply in_or_app.", "left.", "exact H."))),
    ("forall (l : list {T}) (x y : {T}), In x l -> In x (repeat y {k} ++ l)",
     ("intros l x y H.", "apply in_or_app.", "right.", "exact H."), 1.5,
     ("forall (l m : list {T}) (x : {T}), In x l -> In x (m ++ l)",
      ("intros l m x H.", "apply in_or_app.", "right.", "exact H."))),
    ("forall (l1 l2 : list {T}) (x : {T}), length (l1 ++ repeat x {k} ++ l2) = "
     "length l2 + {k} + length l1",
     ("intros l1 l2 x.", "rewrite !app_length, repeat_length.", "lia."), 2.0,
     ("forall (x : {T}), length (repeat x {k}) = {k}", ("intros x.", "apply repeat_length."))),
    ("forall (l1 l2 : list {T}), length (l1 ++ l2) = length l2 + length l1",
     ("intros l1 l2.", "induction l1 as [|h t IH]; simpl; lia."), 2.0,
     ("forall (h : {T}) (t l2 : list {T}), length ((h :: t) ++ l2) = S (length (t ++ l2))",
      ("intros h t l2.", "reflexivity."))),
    ("forall (f : {T} -> {T}) (l : list {T}), length (map f l) = length l",
     ("intros f l.", "induction l as [|h t IH]; simpl; lia."), 2.0,
     ("forall (f : {T} -> {T}) (h : {T}) (t : list {T}), length (map f (h :: t)) = "
      "S (length (map f t))", ("intros f h t.", "reflexivity."))),
    ("forall (f : {T} -> {T}) (l1 l2 : list {T}), map f (l1 ++ l2) = map f l1 ++ map f l2",
     ("intros f l1 l2.", "induction l1 as [|h t IH]; simpl.", "- reflexivity.",
      "- rewrite IH. reflexivity."), 2.5,
     ("forall (f : {T} -> {T}) (h : {T}) (t l2 : list {T}), map f ((h :: t) ++ l2) = "
      "f h :: map f (t ++ l2)", ("intros f h t l2.", "reflexivity."))),
    ("forall (l : list {T}), length (rev l) = length l",
     ("intros l.", "induction l as [|h t IH]; simpl.", "- reflexivity.",
      "- rewrite app_length. simpl. lia."), 3.0,
     ("forall (h : {T}) (t : list {T}), length (rev t ++ [h]) = S (length (rev t))",
      ("intros h t.", "rewrite app_length.", "simpl.", "lia."))),
    ("forall (l1 l2 l3 : list {T}), length (l1 ++ l2 ++ l3) = length l3 + length l2 + length l1",
     ("intros l1 l2 l3.", "induction l1 as [|h t IH]; simpl; rewrite ?app_length; lia."), 3.0,
     ("forall (l2 l3 : list {T}), length (l2 ++ l3) = length l3 + length l2",
      ("intros l2 l3.", "rewrite app_length.", "lia."))),
    ("forall (l : list {T}), rev (rev l) = l",
     ("intros l.", "induction l as [|h t IH]; simpl.", "- reflexivity.",
      "- rewrite rev_app_distr. simpl. rewrite IH. reflexivity."), 3.5,
     ("forall (h : {T}) (t : list {T}), rev (rev t ++ [h]) = h :: rev (rev t)",
      ("intros h t.", "rewrite rev_app_distr.", "reflexivity."))),
    ("forall (l1 l2 : list nat), fold_right plus 0 (l1 ++ l2) = fold_right plus 0 l1 + "
     "fold_right plus 0 l2", ("intros l1 l2.", "induction l1 as [|h t IH]; simpl; lia."), 3.0,
     ("forall (h : nat) (t l2 : list nat), fold_right plus 0 ((h :: t) ++ l2) = "
      "h + fold_right plus 0 (t ++ l2)", ("intros h t l2.", "reflexivity."))),
)


def make_list(rng: random.Random, size: int) -> Lemma:
    # Larger sizes unlock the harder templates; the element type varies the surface.
    pool = [item for item in LIST_LEMMAS if item[2] <= 1.5 + size]
    template, proof, difficulty, (sub_template, sub_proof) = rng.choice(pool)
    sort, k = rng.choice(("nat", "bool", "Z")), str(rng.randint(1, 10 + 10 * size))
    statement, subgoal = (t.replace("{T}", sort).replace("{k}", k)
                          for t in (template, sub_template))
    return Lemma("list", statement, proof, "nat", difficulty,
                 (Lemma("list", subgoal, sub_proof, "nat", 1.0),))


# --------------------------------------------------------------------------------------------
# real: inequalities over R


def make_real(rng: random.Random, size: int) -> Lemma:
    if rng.random() < 0.5:  # linear: x < y implies a x + b < a y + c (lra)
        a = Fraction(rng.randint(1, 3 + size), rng.choice((1, 1, 2)))
        b, c = sorted(rng.sample(range(-5, 6 + 2 * size), 2))
        statement = f"forall x y : R, x < y -> {real(a)} * x {plus(b)} < {real(a)} * y {plus(c)}"
        scaled = Lemma("real", f"forall x y : R, x < y -> {real(a)} * x < {real(a)} * y",
                       ("intros x y H.", "lra."), "R", 1.0)
        return Lemma("real", statement, ("intros x y H.", "lra."), "R", 1.5 + size * 0.25,
                     (scaled,))
    # a square of a linear form is non-negative, expanded (nra needs the square as a hint)
    p, q = rng.randint(1, 3 + size), rng.randint(1, 4 + size)
    statement = (f"forall x y : R, {linear(p * p, 'x * x')} + {linear(q * q, 'y * y')} >= "
                 f"{linear(2 * p * q, 'x * y')}")
    proof = ("intros x y.", f"pose proof (Rle_0_sqr ({p} * x - {q} * y)%R) as Hs.",
             "unfold Rsqr in Hs.", "nra.")
    square = f"({p} * x - {q} * y) * ({p} * x - {q} * y)"
    hint = Lemma("real", f"forall x y : R, 0 <= {square}",
                 ("intros x y.", f"apply (Rle_0_sqr ({p} * x - {q} * y))."), "R", 1.0)
    return Lemma("real", statement, proof, "R", 2.5 + size * 0.5, (hint,))


def plus(n: int) -> str:
    return f"+ {n}" if n >= 0 else f"- {-n}"


def real(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"({value.numerator} / {value.denominator})"


MAKERS = {"prop": make_prop, "lia": make_lia, "ring": make_ring, "iter": make_iter,
          "list": make_list, "real": make_real}
