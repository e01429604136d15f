"""Answer extraction shared by every env: the last `<answer>...</answer>` block, or the last
`\\boxed{...}` where a field writes answers that way."""
from __future__ import annotations

import re

OPEN, CLOSE = "<answer>", "</answer>"
# Quadratic on a run of unclosed opening tags (minutes on 1 MB of them): use on trusted text only.
ANSWER_RE = re.compile(r"<answer>(.*?)</answer>", re.DOTALL)


def extract_answer(completion: str) -> str | None:
    """The stripped text of the last `<answer>...</answer>` block, or None.

    Blocks pair each opening tag with the next closing tag, left to right (as a lazy regex would),
    but in linear time: `re.findall(r"<answer>(.*?)</answer>")` is quadratic on a run of unclosed
    opening tags and takes minutes on 1 MB of them.
    """
    last, start = None, completion.find(OPEN)
    while start >= 0:
        end = completion.find(CLOSE, start + len(OPEN))
        if end < 0:
            break
        last = completion[start + len(OPEN):end]
        start = completion.find(OPEN, end + len(CLOSE))
    return None if last is None else last.strip()


def extract_boxed(completion: str) -> str | None:
    """The content of the last `\\boxed{...}`, braces balanced, or None."""
    start = completion.rfind("\\boxed{")
    if start < 0:
        return None
    depth, i = 0, start + len("\\boxed")
    for j in range(i, len(completion)):
        if completion[j] == "{":
            depth += 1
        elif completion[j] == "}":
            depth -= 1
            if depth == 0:
                return completion[i + 1:j].strip()
    return None


def extract_final(completion: str, *, boxed: bool = False) -> str | None:
    """`<answer>` first; then `\\boxed{}` when the env accepts it."""
    answer = extract_answer(completion)
    if answer is None and boxed:
        answer = extract_boxed(completion)
    return answer
