"""`python -m rlsynth ...`: the rlsynth command line (also `accelerate launch -m rlsynth ...`)."""
import sys

from rlsynth.cli import main

if __name__ == "__main__":
    sys.exit(main())
