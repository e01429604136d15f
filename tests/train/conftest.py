"""Shared fixtures: the toy envs are registered for every trainer test (and, through the verifier
pool's module import, in its worker processes)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import toyenv  # noqa: E402,F401  (registers toy/sum, toy/crash, toy/hang)
