"""`rlsynth train`: bad recipes exit with a clear message; a good one trains and reports."""
import yaml

from rlsynth.cli import main


def test_bad_recipe_exits_2_with_the_key(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump({"name": "x", "model": {"path": "tiny:100k"},
                                    "envs": [{"name": "toy/sum"}],
                                    "stages": [{"algo": "sft", "max_steps": 1, "lr": 0.1}]}))
    assert main(["train", str(path)]) == 2
    assert "stages.0.lr: unknown key" in capsys.readouterr().err


def test_train_command_runs_a_recipe_with_overrides(tmp_path, capsys):
    path = tmp_path / "ok.yaml"
    path.write_text(yaml.safe_dump({
        "name": "ok", "output_dir": str(tmp_path / "run"), "model": {"path": "tiny:100k"},
        "envs": [{"name": "toy/sum"}], "eval_tasks": 0,
        "logging": {"console": False, "tensorboard": False},
        "stages": [{"algo": "sft", "max_steps": 50, "per_device_train_batch_size": 4,
                    "num_examples": 16}]}))
    assert main(["train", str(path), "--set", "stages.sft.max_steps=2"]) == 0
    out = capsys.readouterr().out
    assert f"final model: {tmp_path / 'run' / 'sft' / 'final'}" in out
    assert (tmp_path / "run" / "result.json").is_file()
