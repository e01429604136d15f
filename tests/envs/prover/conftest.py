"""Fixtures for the prover tests: one warm Coq pool and one one-shot checker per session."""
from __future__ import annotations

import pytest

from rlsynth.envs.prover.coq import CoqOneShot, CoqPool


@pytest.fixture(scope="session")
def warm():
    pool = CoqPool(size=1)
    yield pool
    pool.close()


@pytest.fixture(scope="session")
def oneshot():
    return CoqOneShot()
