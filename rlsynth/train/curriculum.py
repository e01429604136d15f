"""Curriculum: windowed success rates per (env, level) move each env's level to keep success
inside [low, high] (default 0.3..0.7, the edge of competence), live, on the mixture the prompt
stream reads. Its state (windows, levels, weights, history) is saved with every checkpoint."""
from __future__ import annotations

import json
from collections import deque
from pathlib import Path

STATE_FILE = "rlsynth_curriculum.json"


class Curriculum:
    """Observes rollout records {"env", "level", "correct"} and shifts each env's levels on the
    `mixture` (an rlsynth Mixture) by one, within `bounds` (env -> (lowest, highest) level):
    levels [2, 3] become [3, 4] when success over them rises above `high`."""

    def __init__(self, spec, mixture, bounds: dict[str, tuple[int, int]] | None = None):
        self.spec = spec
        self.mixture = mixture
        self.bounds = {name: (bounds or {}).get(name, (1, env.max_level))
                       for name, env in mixture.envs.items()}
        self.windows: dict[str, deque] = {}
        self.history: list[dict] = []  # level changes: {"rollouts", "env", "from", "to", "success"}
        self.rollouts = 0

    def levels(self) -> dict[str, int]:
        """Each env's hardest current level (what the metrics plot over time)."""
        return {name: max(levels) for name, levels in self.mixture.levels.items()}

    def observe(self, records: list[dict]) -> None:
        """Feed one generation's records (identical on every rank); maybe move levels."""
        for r in records:
            self.rollouts += 1
            if r["level"] not in self.mixture.levels.get(r["env"], ()):
                continue  # a prompt drawn before the last level change
            window = self.windows.setdefault(r["env"], deque(maxlen=self.spec.window))
            window.append(bool(r["correct"]))
        for env, window in self.windows.items():
            if len(window) < self.spec.min_samples:
                continue
            success = sum(window) / len(window)
            levels = list(self.mixture.levels[env])
            step = 1 if success > self.spec.high else -1 if success < self.spec.low else 0
            low, high = self.bounds[env]
            if step and low <= min(levels) + step and max(levels) + step <= high:
                self.mixture.set_levels(env, [level + step for level in levels])
                self.history.append({"rollouts": self.rollouts, "env": env, "from": levels,
                                     "to": list(self.mixture.levels[env]), "success": success})
                window.clear()
        if self.spec.reweight:
            self._reweight()

    def _reweight(self) -> None:
        """Weight envs by how close their success is to the band's middle (more to learn there)."""
        middle = (self.spec.low + self.spec.high) / 2
        for env, window in self.windows.items():
            if len(window) >= self.spec.min_samples:
                success = sum(window) / len(window)
                self.mixture.set_weight(env, max(0.05, 1.0 - abs(success - middle) * 2))

    # -- checkpoint state ------------------------------------------------------------------------

    def state(self) -> dict:
        return {"mixture": self.mixture.state(), "rollouts": self.rollouts,
                "windows": {env: list(w) for env, w in self.windows.items()},
                "history": self.history}

    def load_state(self, state: dict) -> None:
        self.mixture.load_state(state["mixture"])
        self.rollouts = state["rollouts"]
        self.windows = {env: deque(w, maxlen=self.spec.window)
                        for env, w in state["windows"].items()}
        self.history = list(state["history"])

    def save(self, directory: str | Path) -> None:
        Path(directory, STATE_FILE).write_text(json.dumps(self.state()))

    def load(self, directory: str | Path) -> bool:
        path = Path(directory, STATE_FILE)
        if path.is_file():
            self.load_state(json.loads(path.read_text()))
            return True
        return False
