"""Shared fixtures for tests of rlsynth's machinery, on the toy env of toy_env.py."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

# `toy_env` must be importable by name in verifier worker processes, which copy sys.path.
sys.path.insert(0, str(Path(__file__).parent))

import toy_env  # noqa: E402  (registers toy_arith)


@pytest.fixture
def toy() -> toy_env.ToyArith:
    return toy_env.ToyArith()
