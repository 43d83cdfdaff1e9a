"""`python -m core.data download NAME` / `python -m core.data info` (see core/data/cli.py)."""
import sys

from core.data.cli import main

sys.exit(main())
