"""`rlsynth train` with the test envs registered, for launchers (torchrun, accelerate) in tests."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import toyenv  # noqa: E402,F401

from rlsynth.train.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
