"""The outcome of one sandboxed run, as both interpreters and the envs report it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    """`status` is "ok" or the reason the run stopped (a limit hit is a status, never an
    exception). `output` is bytes from the Brainf*ck interpreter and text from the Befunge-93
    one; the envs read Brainf*ck bytes as Latin-1 text."""

    status: str
    output: str | bytes
    steps: int

    @property
    def ok(self) -> bool:
        return self.status == "ok"
