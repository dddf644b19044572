"""The README's two commands exist, CI runs the same test command, and a run that
collects no test fails."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _first_shell_block() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"```sh\n(.*?)```", readme, re.S)
    assert block is not None
    return [line.split("#")[0].strip() for line in block.group(1).splitlines()]


def test_the_readme_opens_with_the_demo_and_the_test_command():
    assert _first_shell_block() == ["./scripts/demo", "./scripts/test"]
    for script in ("scripts/demo", "scripts/test", ".ci/run"):
        assert os.access(ROOT / script, os.X_OK), script


def test_ci_runs_the_readmes_test_command_after_ruff_and_mypy():
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    ci = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    steps = [
        ci.index(step) for step in ("ruff check", "ruff format --check", "mypy .", "./scripts/test")
    ]
    assert steps == sorted(steps)


def test_a_test_run_that_collects_nothing_fails():
    result = subprocess.run(
        [
            "./scripts/test",
            "tests/unit/project/test_env.py",
            "-k",
            "no_such_test",
            "-p",
            "no:cacheprovider",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "pytest collected no tests; failing" in result.stderr
