"""The env contract suite (test_contract.py) runs on every registered env; the per-family test
folders beside it (tests/envs/<family>/) belong to each family."""
from __future__ import annotations

import rlsynth


def pytest_report_header() -> str:
    names = list(rlsynth.list_envs())
    return f"rlsynth env contract: {len(names)} registered envs"
