"""The registry: names, aliases, suggestions for typos, and envs from other packages' entry points."""
import sys
import textwrap

import pytest

import rlsynth
from rlsynth import registry
from rlsynth.registry import UnknownEnvError


def test_every_family_registers_with_a_description():
    envs = rlsynth.list_envs()
    for name in ("compose", "graphs", "graphs/diameter", "sudoku/9x9", "zebra",
                 "esolang/bf-write", "prover/coq"):
        assert name in envs and envs[name].strip()
    assert sum(name.startswith("graphs/") for name in envs) == 50


def test_unknown_names_get_the_closest_ones():
    with pytest.raises(UnknownEnvError, match="did you mean 'compose'"):
        rlsynth.make_env("compse")
    with pytest.raises(UnknownEnvError, match="envs list"):
        rlsynth.make_env("no-such-env-at-all")


def test_aliases_resolve_to_the_same_env():
    assert rlsynth.env_class("graphs/is_eulerian") is rlsynth.env_class("graphs/is_eularian")
    assert rlsynth.env_class("graphs/isomophic_mapping") is rlsynth.env_class(
        "graphs/isomorphic_mapping")


def test_knobs_are_checked_at_construction_and_sampling():
    with pytest.raises(ValueError, match="no knob 'modulo'"):
        rlsynth.make_env("compose", modulo=7)
    with pytest.raises(ValueError, match="'distractors'=99 is out of range"):
        rlsynth.make_env("compose").sample(0, distractors=99)
    with pytest.raises(ValueError, match="level 0 is out of range"):
        rlsynth.make_env("compose").sample(0, level=0)
    with pytest.raises(ValueError, match="no preset"):
        rlsynth.make_env("compose").sample(0, preset="impossible")


def test_a_plugin_package_registers_through_its_entry_point(tmp_path, monkeypatch):
    (tmp_path / "parity_plugin.py").write_text(textwrap.dedent('''
        from rlsynth import Env, Problem, Verdict

        class Parity(Env):
            name = "plugin/parity"
            description = "parity of a digit"

            def generate(self, rng, level, knobs):
                d = rng.randrange(10)
                return Problem(f"{d}?", d % 2, {"difficulty": 1})

            def verify(self, task, completion):
                return Verdict.failure("never right")

            def expert(self, task):
                return ""
    '''))
    dist = tmp_path / "parity_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: parity-plugin\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(
        "[rlsynth.envs]\nparity = parity_plugin:Parity\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(registry, "_loaded", False)
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))
    try:
        assert "plugin/parity" in rlsynth.list_envs()
        assert rlsynth.make_env("plugin/parity").sample(3).answer in (0, 1)
    finally:
        sys.modules.pop("parity_plugin", None)
