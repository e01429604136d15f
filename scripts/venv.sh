# Sourced by the other scripts: create or reuse .venv and install rlsynth with what it needs.
# RLSYNTH_VENV overrides the location; TORCH_SPEC the torch requirement (a CPU-only machine with
# internet access may prefer the CPU wheel index, see the README).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${RLSYNTH_VENV:-$root/.venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip
fi
stamp="$venv/.rlsynth-installed"
if [ ! -f "$stamp" ] || [ "$root/pyproject.toml" -nt "$stamp" ] || [ "$root/setup.py" -nt "$stamp" ]; then
  # torch first, pinned, so no later requirement can pull a multi-GB CUDA build by accident.
  "$venv/bin/python" -c "import torch" 2>/dev/null || "$venv/bin/pip" install -q "${TORCH_SPEC:-torch==2.13.0}"
  "$venv/bin/pip" install -q -e "$root[train,deepspeed,tensorboard,dev]"
  touch "$stamp"
fi
export PATH="$venv/bin:$PATH"
cd "$root"
