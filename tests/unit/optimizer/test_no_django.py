"""The optimizer is pure Python: importing it pulls in neither Django nor the project."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PROBE = """
import sys
import optimizer
import optimizer.solve, optimizer.explain, optimizer.constraints, optimizer.parse
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {"django", "rotations", "api"})
print(",".join(loaded))
"""


def test_importing_the_optimizer_loads_no_django() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
