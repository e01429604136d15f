"""The rlsynth command line, run in-process on the toy env."""
from __future__ import annotations

import json

import pytest

from rlsynth.adapters import read_verified
from rlsynth.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_envs_list_and_show(capsys) -> None:
    code, out, _ = run(capsys, "envs", "list")
    assert code == 0 and "toy_arith" in out and "envs;" in out
    code, out, _ = run(capsys, "envs", "show", "toy_arith", "--level", "2")
    assert code == 0
    for text in ("modulus", "5..97", "symbols|words", "hard", "level=4", "expert trace: correct=True",
                 "<answer>"):
        assert text in out, text


def test_sample_jsonl_with_knobs_and_expert_then_verify(capsys, tmp_path) -> None:
    code, out, _ = run(capsys, "sample", "toy_arith", "--n", "4", "--level", "3", "--seed", "9",
                       "--set", "modulus=11", "--expert", "--jsonl")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(records) == 4
    assert {(r["task"]["level"], r["task"]["seed"], r["task"]["knobs"]["modulus"])
            for r in records} == {(3, 9, 11)}
    records[1]["completion"] = "<answer>-1</answer>"
    records.append({"index": 0, "seed": 9, "level": 3, "knobs": {"modulus": 11},
                    "completion": records[0]["completion"]})
    path = tmp_path / "completions.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    code, out, _ = run(capsys, "verify", "toy_arith", str(path), "--workers", "0")
    assert code == 0 and "80.0%" in out and "answer -1 is wrong" in out
    verified = read_verified(tmp_path / "completions.verdicts.jsonl")
    assert [v.correct for _, _, v in verified] == [True, False, True, True, True]
    assert verified[4][0].to_dict() == records[0]["task"]


def test_sample_plain_output(capsys) -> None:
    code, out, _ = run(capsys, "sample", "toy_arith", "--n", "1", "--preset", "hard", "--expert")
    assert code == 0 and "level 4" in out and "expert trace" in out and "modulo 97" in out


@pytest.mark.parametrize("argv, message", [
    (["sample", "toy_arithh"], "unknown env 'toy_arithh'; did you mean 'toy_arith'"),
    (["sample", "toy_arith", "--set", "modulus=2"], "knob 'modulus'=2 is out of range"),
    (["sample", "toy_arith", "--set", "nope=1"], "has no knob 'nope'"),
    (["sample", "toy_arith", "--set", "modulus"], "expected KNOB=VALUE"),
    (["sample", "toy_arith", "--level", "9"], "level 9 is out of range"),
    (["verify", "toy_arith", "missing.jsonl"], "No such file"),
    (["data", "build", "missing.yaml", "--out", "x"], "does not exist"),
])
def test_user_errors_print_one_line_and_exit_2(capsys, argv, message) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and message in err and "Traceback" not in err
    assert err.startswith(f"rlsynth {argv[0]}: error: ")


def test_verify_rejects_a_bad_record(capsys, tmp_path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"completion": "x"}) + "\n")
    code, _, err = run(capsys, "verify", "toy_arith", str(path))
    assert code == 2 and "record 1: needs a 'task', or an 'index'" in err


def test_data_build_writes_datasets_and_jsonl(capsys, tmp_path) -> None:
    from datasets import load_from_disk

    mixture = tmp_path / "mixture.yaml"
    mixture.write_text("seed: 1\nenvs:\n  - {name: toy_arith, levels: [1, 2]}\n"
                       "  - {name: toy_arith/misbehaving, weight: 0.5}\n")
    out_dir = tmp_path / "data"
    code, out, _ = run(capsys, "data", "build", str(mixture), "--out", str(out_dir), "--n", "12",
                       "--prompt-format", "chat")
    assert code == 0 and "toy_arith" in out
    prompts, sft = load_from_disk(str(out_dir / "prompts")), load_from_disk(str(out_dir / "sft"))
    assert len(prompts) == len(sft) == 12 and "completion" not in prompts.column_names
    assert prompts[0]["prompt"][0]["role"] == "user" and sft[0]["completion"][0]["role"] == "assistant"
    assert len((out_dir / "sft.jsonl").read_text().splitlines()) == 12
    assert json.loads((out_dir / "mixture.json").read_text())["seed"] == 1
