"""The console progress line's ETA: the step-rate estimate, capped by the stage's time budget."""
import time

import pytest
from rich.progress import Progress

from rlsynth.train.callbacks import Remaining, time_left


@pytest.mark.parametrize("estimate, budget, expected", [
    (1150.0, None, 1150.0),   # no budget: rich's estimate
    (1150.0, 110.0, 110.0),   # a 2-minute stage with 1,000 steps to go stops on the clock
    (30.0, 110.0, 30.0),      # the steps run out first
    (None, 110.0, 110.0),     # no rate yet (or no step total): the budget is all we know
    (None, None, None),
    (40.0, -3.0, 0.0),        # past the deadline: it stops at the next step
])
def test_time_left_is_the_step_estimate_capped_by_the_budget(estimate, budget, expected):
    assert time_left(estimate, budget) == expected


def test_the_column_shows_the_budget_when_the_steps_would_take_longer():
    with Progress(disable=True) as progress:
        task_id = progress.add_task("rl", total=1000)
        task = progress.tasks[task_id]
        assert Remaining(None).render(task).plain == "-:--:--"   # no rate, no budget
        assert Remaining(time.time() + 125.5).render(task).plain in ("0:02:05", "0:02:04")
