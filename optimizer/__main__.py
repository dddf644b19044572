"""`python -m optimizer ...`: see optimizer/cli.py."""

from __future__ import annotations

import sys

from optimizer.cli import main

sys.exit(main())
