"""Surface contexts: how a quantity graph reads as a question.

`symbolic` is the terse default: bare statements `c=a+b.` over one-letter variables, short enough
for a from-scratch character-level model with a 256-512 character context. The story templates
(`zoo`, `school`, `festival`, after GSM-Infinite's crazy_zootopia, teachers_in_school and
movie_festival_awards) name each quantity by a phrase such as "the number of adult lions in Sunny
Zoo"; their solutions define a variable for every quantity they use (`Define ... as a; so a = 4.`).
"""
from __future__ import annotations

import random
import re
import string

TEMPLATES = ("symbolic", "zoo", "school", "festival")

# (items, places, phrase) per story template; items x places must exceed the largest number of
# quantities a problem can have (1 + 2 * max_ops + max_ops + 3 * max distractors = 121).
STORIES = {
    "zoo": (
        ["adult lions", "adult bears", "adult wolves", "adult foxes", "adult deer",
         "adult zebras", "adult giraffes", "adult eagles", "adult owls", "adult otters",
         "adult camels", "adult penguins", "adult tigers", "adult pandas", "adult koalas",
         "adult rabbits"],
        ["Sunny Zoo", "Maple Zoo", "River Zoo", "Pine Zoo", "Harbor Zoo", "Cedar Zoo",
         "Lake Zoo", "Hill Zoo"],
        "the number of {item} in {place}",
    ),
    "school": (
        ["math teachers", "art teachers", "music teachers", "history teachers",
         "science teachers", "language teachers", "sports teachers", "drama teachers",
         "chemistry teachers", "physics teachers", "biology teachers", "geography teachers",
         "dance teachers", "cooking teachers", "computing teachers", "writing teachers"],
        ["Oak School", "Elm School", "Brook School", "Ridge School", "Valley School",
         "Bay School", "Park School", "Grove School"],
        "the number of {item} at {place}",
    ),
    "festival": (
        ["comedy films", "drama films", "horror films", "action films", "documentary films",
         "animated films", "musical films", "thriller films", "romance films", "western films",
         "mystery films", "fantasy films", "war films", "sports films", "crime films",
         "family films"],
        ["Aurora Festival", "Coast Festival", "Summit Festival", "Meadow Festival",
         "Harvest Festival", "Lantern Festival", "Crystal Festival", "Prairie Festival"],
        "the number of {item} at {place}",
    ),
}

STORY_STATEMENT = "{name} equals {rhs}."
STORY_QUESTION = "Question: what is {name}?"
SYMBOLIC_RULES = "Work modulo {p}."
SYMBOLIC_QUESTION = "Find {name}."
STORY_OPS = {"+": "the sum of {a} and {b}", "-": "{a} minus {b}", "*": "{a} times {b}"}
STORY_RULES = ("Every count is taken modulo {p}: after each operation keep the remainder on "
               "division by {p}, a whole number from 0 to {top}.")
STORY_FORMAT = ("Solve step by step, one line per quantity you use: Define <quantity> as "
                "<letter>; so <letter> = <expression> = <values> = <value>. "
                "End with <answer>number</answer>.")
SYMBOLIC_FORMAT = "Show steps like x=y+z=1+2=3. End with <answer>number</answer>."

LETTERS = list(string.ascii_lowercase)
# One letter per quantity while they suffice; then letter+digit names (a0 .. z9) join the pool.
LONG_NAMES = LETTERS + [c + d for c in string.ascii_lowercase for d in string.digits]


def variable_names(rng: random.Random, count: int) -> list[str]:
    return rng.sample(LETTERS if count <= len(LETTERS) else LONG_NAMES, count)


def quantity_names(rng: random.Random, template: str, count: int) -> list[str]:
    """A distinct name per quantity: variables for `symbolic`, phrases for the stories."""
    if template == "symbolic":
        return variable_names(rng, count)
    items, places, phrase = STORIES[template]
    pairs = rng.sample(range(len(items) * len(places)), count)
    return [phrase.format(item=items[k // len(places)], place=places[k % len(places)])
            for k in pairs]


def render_prompt(template: str, names: list[str], exprs: list, values: list, known: list[int],
                  asked: int, modulus: int, order: list[int], instructions: bool = True,
                  inline: list[int] = ()) -> str:
    """The question: one statement per quantity in `order` (plus stated values), then the ask
    and, with `instructions`, the answer format. Quantities in `inline` (symbolic) have no
    statement: their values stand in the statements that use them."""
    known_set = set(known)
    if template == "symbolic":
        parts = [SYMBOLIC_RULES.format(p=modulus)]
        term = symbolic_terms(names, values, inline)
        for i in order:
            if exprs[i] is not None:
                op, a, b = exprs[i]
                parts.append(f"{names[i]}={term[a]}{op}{term[b]}.")
            if i in known_set and i not in inline:
                parts.append(f"{names[i]}={values[i]}.")
        parts.append(SYMBOLIC_QUESTION.format(name=names[asked]))
        if instructions:
            parts.append(SYMBOLIC_FORMAT)
        return " ".join(parts)
    parts = []
    for i in order:
        if exprs[i] is not None:
            op, a, b = exprs[i]
            rhs = STORY_OPS[op].format(a=names[a], b=names[b])
            parts.append(STORY_STATEMENT.format(name=_capital(names[i]), rhs=rhs))
        if i in known_set:
            parts.append(STORY_STATEMENT.format(name=_capital(names[i]), rhs=values[i]))
    parts.append(STORY_RULES.format(p=modulus, top=modulus - 1))
    parts.append(STORY_QUESTION.format(name=names[asked]))
    if instructions:
        parts.append(STORY_FORMAT)
    return " ".join(parts)


def symbolic_terms(names: list[str], values: list[int], inline=()) -> list[str]:
    """How a symbolic statement writes each quantity: its name, or its value when inlined."""
    inlined = set(inline)
    return [str(values[i]) if i in inlined else name for i, name in enumerate(names)]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------------------------
# Vocabulary

# How `vocab()` words are cut out of text: tags, words with an optional digit suffix (a7),
# numbers, and every other non-space character alone.
WORD_RE = re.compile(r"</?answer>|[A-Za-z]+[0-9]*|[0-9]+|\S")


def split_words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def vocabulary(max_modulus: int) -> list[str]:
    """Every word, number, name and symbol a prompt or a trace of any template can contain."""
    texts = [STORY_STATEMENT, STORY_QUESTION, STORY_RULES, STORY_FORMAT, SYMBOLIC_RULES,
             SYMBOLIC_QUESTION, SYMBOLIC_FORMAT, *STORY_OPS.values(),
             "Define as ; so = + - * . , : <answer></answer>"]
    for items, places, phrase in STORIES.values():
        texts += [*items, *places, phrase, _capital(phrase)]
    words = {w for text in texts for w in split_words(re.sub(r"\{\w+\}", " ", text))}
    words |= set(LONG_NAMES) | {str(n) for n in range(max_modulus + 1)} | {" ", "\n"}
    return sorted(words)
