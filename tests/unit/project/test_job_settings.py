"""Celery settings for solve jobs, read in fresh processes (as a worker starts them)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CODE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_TRANSPORT_OPTIONS, "
    "s.CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS, s.CELERY_TASK_ACKS_LATE, "
    "s.CELERY_TASK_REJECT_ON_WORKER_LOST, s.ROTATIONS_REMINDER_DAYS]))"
)


def _run(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "SOLVE_"))}
    clean |= {"DJANGO_SETTINGS_MODULE": "rotations.settings", "DEBUG": "true", **env}
    return subprocess.run(
        [sys.executable, "-c", CODE],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_broker_turns_off_in_process_jobs_and_both_transports_share_the_timeout():
    result = _run(
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
        CELERY_VISIBILITY_TIMEOUT="7200",
        CELERY_UNACKED_RESTORE_INTERVAL="1",
        REMINDER_DAYS="4",
    )
    assert result.returncode == 0, result.stderr
    eager, broker, backend, acks_late, reject, reminder_days = json.loads(result.stdout)
    assert eager is False
    assert broker["visibility_timeout"] == backend["visibility_timeout"] == 7200
    assert broker["unacked_restore_interval"] == 1
    assert acks_late is True and reject is True
    assert reminder_days == 4


def test_a_visibility_timeout_shorter_than_the_longest_solve_is_refused():
    result = _run(CELERY_VISIBILITY_TIMEOUT="300", SOLVE_MAX_TIME_LIMIT_S="600")
    assert result.returncode != 0
    assert "CELERY_VISIBILITY_TIMEOUT (300 s) must exceed SOLVE_MAX_TIME_LIMIT_S" in result.stderr
