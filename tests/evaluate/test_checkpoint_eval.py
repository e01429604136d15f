"""`rlsynth eval` on saved checkpoints: a tiny model, a LoRA adapter directory, and --compare."""
import json

import pytest

from rlsynth.cli import main
from rlsynth.evaluate.evaluate import EvalSettings, evaluate
from rlsynth.train.models import materialize_tiny
from rlsynth.train.recipe import ModelSpec


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return str(materialize_tiny(ModelSpec(path="tiny:100k"), ["compose"],
                                tmp_path_factory.mktemp("tiny") / "model"))


def test_eval_cli_writes_reports_with_pass_at_k(tiny, tmp_path):
    out = tmp_path / "report"
    assert main(["eval", tiny, "--env", "compose", "--levels", "1..2", "--n", "3", "--k", "1,2",
                 "--max-tokens", "8", "--out", str(out)]) == 0
    result = json.loads((out / "eval.json").read_text())
    assert [r["level"] for r in result["rows"]] == [1, 2]
    assert set(result["rows"][0]["pass_at_k"]) == {"1", "2"}
    assert result["settings"]["greedy"] is False  # k > 1 samples
    assert "pass@2" in (out / "eval.md").read_text()
    assert (out / "eval_accuracy.png").stat().st_size > 0


def test_eval_cli_knobs_reach_the_held_out_tasks(tiny, tmp_path):
    out = tmp_path / "report"
    assert main(["eval", tiny, "--env", "compose", "--levels", "1", "--n", "2", "--max-tokens",
                 "4", "--knob", "compose.instructions=false", "--knob", "compose.modulus=11",
                 "--out", str(out)]) == 0
    settings = json.loads((out / "eval.json").read_text())["settings"]
    assert settings["knobs"] == {"compose": {"instructions": False, "modulus": 11}}
    assert main(["eval", tiny, "--env", "compose", "--knob", "compose.colour=red"]) != 0
    assert main(["eval", tiny, "--env", "compose", "--knob", "shuffle=false"]) != 0


def test_sampled_eval_is_deterministic_for_a_seed(tiny):
    settings = EvalSettings(envs=("compose",), levels=(1,), n=3, ks=(1, 2), greedy=False,
                            max_new_tokens=12, workers=0, seed=5)
    first = evaluate(tiny, settings)
    second = evaluate(tiny, settings)
    assert first.rows == second.rows


def test_lora_adapter_directories_load_their_base(tiny, tmp_path):
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = get_peft_model(AutoModelForCausalLM.from_pretrained(tiny),
                           LoraConfig(r=2, target_modules=["q_proj", "v_proj"],
                                      task_type="CAUSAL_LM"))
    adapter = tmp_path / "adapter"
    model.save_pretrained(adapter)
    AutoTokenizer.from_pretrained(tiny).save_pretrained(adapter)
    out = tmp_path / "cmp"
    assert main(["eval", "--compare", tiny, str(adapter), "--env", "compose", "--levels", "1",
                 "--n", "2", "--max-tokens", "8", "--out", str(out)]) == 0
    header = (out / "compare.md").read_text().splitlines()[2]
    assert header == "| env | level | majority baseline | model | adapter |"
