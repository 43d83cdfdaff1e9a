"""`python -m core.train [options]`: the command-line trainer (see core/train/cli.py)."""
import sys

from core.train.cli import main

sys.exit(main())
