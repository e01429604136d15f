#!/usr/bin/env bash
# The test suite on a fresh machine: sets up .venv, runs the default suite, then the slow
# end-to-end tests (skip those with RLSYNTH_SKIP_SLOW=1). Extra arguments go to pytest.
source "$(dirname "$0")/venv.sh"
python -m pytest -q "$@"
if [ "${RLSYNTH_SKIP_SLOW:-0}" != 1 ]; then
  python -m pytest -q -m slow "$@"
fi
