"""bench/esolang.py runs end to end (slow: run with `-m slow`)."""
from __future__ import annotations

import runpy
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[3] / "bench" / "esolang.py"


@pytest.mark.slow
def test_bench_runs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setattr(sys, "argv", [str(BENCH), "--quick"])
    with pytest.raises(SystemExit) as exit_info:
        runpy.run_path(str(BENCH), run_name="__main__")
    assert exit_info.value.code == 0
    printed = capsys.readouterr().out
    assert "compiled / naive" in printed and "esolang/bf-write" in printed
