"""The curriculum moves levels from windowed success rates and keeps its state in checkpoints."""
from rlsynth.mixture import Mixture
from rlsynth.train.curriculum import Curriculum
from rlsynth.train.recipe import CurriculumSpec

SPEC = CurriculumSpec(enabled=True, window=8, min_samples=4, low=0.3, high=0.7)


def records(level, hits, misses, env="toy/sum"):
    return ([{"env": env, "level": level, "correct": True}] * hits
            + [{"env": env, "level": level, "correct": False}] * misses)


def test_levels_move_up_and_down_within_bounds(tmp_path):
    mixture = Mixture([{"name": "toy/sum", "levels": [1, 2]}])
    curriculum = Curriculum(SPEC, mixture, {"toy/sum": (1, 3)})
    curriculum.observe(records(2, 3, 1))  # 75 % > 70 %: up
    assert mixture.levels["toy/sum"] == [2, 3]
    curriculum.observe(records(3, 4, 0))  # already at the upper bound: stays
    assert mixture.levels["toy/sum"] == [2, 3]
    curriculum.observe(records(1, 0, 4))  # level 1 is no longer trained: ignored
    assert mixture.levels["toy/sum"] == [2, 3]
    curriculum.observe(records(3, 0, 8))  # the 8-wide window now holds 0 % < 30 %: down
    assert mixture.levels["toy/sum"] == [1, 2]
    assert [h["to"] for h in curriculum.history] == [[2, 3], [1, 2]]
    assert curriculum.levels() == {"toy/sum": 2}


def test_success_inside_the_band_keeps_levels():
    mixture = Mixture([{"name": "toy/sum", "levels": [2]}])
    curriculum = Curriculum(SPEC, mixture)
    curriculum.observe(records(2, 2, 2))
    curriculum.observe(records(2, 1, 1))
    assert mixture.levels["toy/sum"] == [2] and not curriculum.history


def test_state_round_trips_through_a_checkpoint_dir(tmp_path):
    mixture = Mixture([{"name": "toy/sum", "levels": [1]}])
    curriculum = Curriculum(SPEC, mixture)
    curriculum.observe(records(1, 4, 0) + records(2, 1, 1))
    curriculum.save(tmp_path)
    fresh = Curriculum(SPEC, Mixture([{"name": "toy/sum", "levels": [1]}]))
    assert fresh.load(tmp_path)
    assert fresh.state() == curriculum.state()
    assert fresh.mixture.levels == {"toy/sum": [2]}
