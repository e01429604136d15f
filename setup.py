"""Maps envs/ to rlsynth.envs and rewards/ to rlsynth.rewards; metadata lives in pyproject.toml."""
from setuptools import find_packages, setup

ROOTS = {"rlsynth": "rlsynth", "rlsynth.envs": "envs", "rlsynth.rewards": "rewards"}

setup(
    packages=[f"{prefix}{'.' + sub if sub else ''}"
              for prefix, folder in ROOTS.items() for sub in ["", *find_packages(where=folder)]],
    package_dir=ROOTS,
    package_data={"": ["*.json", "*.jsonl", "*.v", "*.yaml", "*.txt", "*.md"]},
)
