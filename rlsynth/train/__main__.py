"""`python -m rlsynth.train RECIPE ...`: the train command without the top-level CLI."""
import sys

from rlsynth.train.cli import main

sys.exit(main())
