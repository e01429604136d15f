"""Mixture: seeded random access, weights and levels honoured and changeable, specs validated."""
from __future__ import annotations

from collections import Counter

import pytest

from rlsynth.mixture import Mixture, MixtureError, MixtureSpec

ENTRIES = [{"name": "toy_arith", "weight": 3, "levels": [1, 2]},
           {"name": "toy_arith/misbehaving", "weight": 1, "levels": 4, "knobs": {"modulus": 11}}]


def test_same_seed_same_tasks_any_order() -> None:
    a, b = Mixture(ENTRIES, seed=5), Mixture(ENTRIES, seed=5)
    forward = [a.sample(i).to_json() for i in range(50)]
    backward = [b.sample(i).to_json() for i in reversed(range(50))][::-1]
    assert forward == backward


def test_seeds_are_independent_streams() -> None:
    uids = [{t.uid for t in Mixture(ENTRIES, seed=seed).tasks(200)} for seed in (0, 1)]
    assert len(uids[0] & uids[1]) < 20  # shifted copies (seed + index) would share ~199


def test_weights_levels_and_knobs_are_honoured() -> None:
    tasks = Mixture(ENTRIES, seed=0).tasks(400)
    envs = Counter(t.env for t in tasks)
    assert 0.65 < envs["toy_arith"] / 400 < 0.85  # weight 3 of 4
    assert {t.level for t in tasks if t.env == "toy_arith"} == {1, 2}
    assert {(t.level, t.knobs["modulus"]) for t in tasks if t.env != "toy_arith"} == {(4, 11)}


def test_default_level_when_levels_are_omitted() -> None:
    assert Mixture([{"name": "toy_arith"}]).sample(0).level == 1


def test_weights_and_levels_change_while_running() -> None:
    mixture = Mixture(ENTRIES, seed=0)
    mixture.set_weight("toy_arith", 0)
    assert {t.env for t in mixture.tasks(50)} == {"toy_arith/misbehaving"}
    mixture.set_weight("toy_arith", 1)
    mixture.set_levels("toy_arith", 3)
    assert {t.level for t in mixture.tasks(100) if t.env == "toy_arith"} == {3}
    restored = Mixture(ENTRIES, seed=0)
    restored.load_state(mixture.state())
    assert [t.uid for t in restored.tasks(30)] == [t.uid for t in mixture.tasks(30)]


@pytest.mark.parametrize("call, message", [
    (lambda m: m.set_weight("nope", 1), "'nope' is not in this mixture"),
    (lambda m: m.set_weight("toy_arith", -1), "must be >= 0"),
    (lambda m: (m.set_weight("toy_arith", 0), m.set_weight("toy_arith/misbehaving", 0)),
     "leaves no env to sample"),
    (lambda m: m.set_levels("toy_arith", [5]), r"within 1\.\.4"),
])
def test_bad_changes_are_refused(call, message) -> None:
    with pytest.raises(ValueError, match=message):
        call(Mixture(ENTRIES))


@pytest.mark.parametrize("data, message", [
    ({"envs": [{"name": "toy_arithh"}]}, r"envs\.0: unknown env 'toy_arithh'; did you mean 'toy_arith'"),
    ({"envs": [{"name": "toy_arith", "weigth": 2}]}, r"envs\.0\.weigth: unknown key"),
    ({"envs": [{"name": "toy_arith", "weight": -1}]}, r"envs\.0\.weight: .*greater than or equal to 0"),
    ({"envs": [{"name": "toy_arith", "levels": [0, 9]}]}, r"envs\.0: levels \[0, 9\] .* within 1\.\.4"),
    ({"envs": [{"name": "toy_arith", "knobs": {"modulus": 2}}]}, r"envs\.0: knob 'modulus'=2 is out of range"),
    ({"envs": [{"name": "toy_arith"}, {"name": "toy_arith"}]}, "listed twice"),
    ({"envs": [{"name": "toy_arith", "weight": 0}]}, "every weight is 0"),
    ({"envs": []}, r"envs: List should have at least 1 item"),
    ({"envs": [{"name": "toy_arith"}], "sed": 1}, r"sed: unknown key; allowed keys: envs, seed"),
])
def test_spec_errors_name_the_key(data, message) -> None:
    with pytest.raises(MixtureError, match=message):
        MixtureSpec.load(data)


def test_yaml_round_trip_and_file_errors(tmp_path) -> None:
    path = tmp_path / "mixture.yaml"
    path.write_text("seed: 3\nenvs:\n  - {name: toy_arith, weight: 2, levels: [2, 3]}\n")
    mixture = Mixture.from_yaml(path)
    assert mixture.seed == 3 and mixture.levels == {"toy_arith": [2, 3]}
    assert mixture.sample(0) == Mixture.from_dict({"seed": 3, "envs": [
        {"name": "toy_arith", "weight": 2, "levels": [2, 3]}]}).sample(0)
    with pytest.raises(MixtureError, match="does not exist"):
        MixtureSpec.from_yaml(tmp_path / "missing.yaml")
    path.write_text("- just a list\n")
    with pytest.raises(MixtureError, match="expected a mapping"):
        MixtureSpec.from_yaml(path)
