"""``python -m factsheet``."""

import sys

from .cli import main

sys.exit(main())
