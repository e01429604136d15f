"""One interface for every proof checker: `check(statement, proof, timeout) -> ProofResult`."""
from __future__ import annotations

import secrets
from abc import ABC, abstractmethod
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TacticResult:
    """The checker's verdict on one tactic sentence; `span` indexes the proof text given to check."""

    span: tuple[int, int]
    text: str
    ok: bool
    message: str = ""


@dataclass(frozen=True)
class ProofResult:
    """The outcome of checking one proof.

    `ok` is True only for a complete proof of the exact statement that uses no axiom outside the
    checker's allow-list. `messages` are the checker's errors (first the reason it failed);
    `tactics` holds per-sentence verdicts where the backend steps through the proof (empty for
    one-shot checks); `axioms` are the axioms the finished proof depends on.
    """

    ok: bool
    messages: tuple[str, ...] = ()
    tactics: tuple[TacticResult, ...] = ()
    elapsed: float = 0.0
    axioms: tuple[str, ...] = ()
    info: dict = field(default_factory=dict)

    @property
    def error(self) -> str | None:
        return None if self.ok else (self.messages[0] if self.messages else "proof rejected")


class ProofChecker(ABC):
    """A backend. `check` never raises on a model's proof text; it returns a failed ProofResult."""

    name: str = "checker"

    @abstractmethod
    def check(self, statement: str, proof: str, timeout: float = 10.0, *,
              preamble: str = "") -> ProofResult:
        """Check `proof` (the body between Proof. and Qed.) against `statement`.

        `preamble` is trusted text the task adds before the theorem (scope openings); it never
        comes from the model.
        """

    def close(self) -> None:
        """Release processes the backend holds."""


def goal_name() -> str:
    """An unguessable theorem name, so a proof cannot refer to or redeclare the goal."""
    return f"goal_{secrets.token_hex(8)}"
