"""Evaluation on held-out tasks with a scripted generator (no model): the numbers in the result
and the report files must be exactly what the completions deserve."""
import json

import pytest

from rlsynth.evaluate.evaluate import EvalResult, EvalSettings, evaluate, held_out_tasks
from rlsynth.evaluate.report import write_comparison, write_report
from rlsynth.registry import make_env


class ScriptedGenerator:
    """Writes the expert trace for the first `right` samples of each prompt, garbage after."""

    def __init__(self, settings, right):
        self.env = make_env("compose")
        self.tasks = {t.prompt: t for ts in held_out_tasks(settings).values() for t in ts}
        self.right = right

    def __call__(self, prompts, samples):
        out = []
        for prompt in prompts:
            task = self.tasks[prompt.rstrip("\n")]
            out += [self.env.expert(task) if i < self.right else "no idea"
                    for i in range(samples)]
        return out


def test_scores_and_pass_at_k_follow_the_completions():
    settings = EvalSettings(envs=("compose",), levels=(1, 2), n=6, ks=(1, 2, 4), greedy=False,
                            workers=0)
    result = evaluate("scripted", settings, generator=ScriptedGenerator(settings, right=1))
    assert [(r["env"], r["level"]) for r in result.rows] == [("compose", 1), ("compose", 2)]
    row = result.rows[0]
    assert row["tasks"] == 6
    assert row["accuracy"] == pytest.approx(0.25)           # 1 of 4 samples right per task
    assert row["pass_at_k"] == pytest.approx({"1": 0.25, "2": 0.5, "4": 1.0})
    assert row["format_error_rate"] == pytest.approx(0.75)  # "no idea" has no answer block
    assert 0 < row["majority_baseline"] <= 1


def test_reports_contain_the_numbers(tmp_path):
    settings = EvalSettings(envs=("compose",), levels=(1,), n=4, workers=0)
    good = evaluate("good", settings, generator=ScriptedGenerator(settings, right=1))
    bad = evaluate("bad", settings, generator=ScriptedGenerator(settings, right=0))
    paths = write_report(good, tmp_path / "good")
    assert "100.0%" in paths["md"].read_text()
    assert EvalResult.load(paths["json"]).rows == good.rows
    assert paths["plot"].stat().st_size > 0
    compare = write_comparison([good, bad], tmp_path / "cmp")
    table = compare["md"].read_text()
    assert "| good | bad |" in table and "100.0%" in table and "0.0%" in table
    assert len(json.loads(compare["json"].read_text())) == 2


def test_settings_reject_impossible_requests():
    with pytest.raises(ValueError, match="sampled decoding"):
        EvalSettings(envs=("compose",), ks=(1, 8), greedy=True)
    with pytest.raises(ValueError, match="knobs given for \\['zebra'\\]"):
        EvalSettings(envs=("compose",), knobs={"zebra": {"size": 3}})
    with pytest.raises(ValueError, match="levels 1.."):
        held_out_tasks(EvalSettings(envs=("compose",), levels=(99,), n=1))
