#!/usr/bin/env bash
# The main job on a fresh machine: sets up .venv, then trains and reports the quickstart
# (runs/quickstart/report.md). Extra arguments go to `rlsynth run`, e.g. --resume.
source "$(dirname "$0")/venv.sh"
rlsynth run recipes/quickstart.yaml "$@"
