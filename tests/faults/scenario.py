"""Run inside a fault test's private stack (DATABASE_URL, CELERY_BROKER_URL from the
environment): `python -m tests.faults.scenario setup` builds a busy company, an HR user and
token; `... solve PLAN SECONDS` starts a solve. Each prints one line of JSON."""

from __future__ import annotations

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rotations.settings_test")
os.environ.setdefault("ROTATIONS_TEST_WORKER", "1")  # publish to the broker, not in-process
django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from rotations.models import RotationPlan  # noqa: E402
from rotations.roles import HR_GROUP  # noqa: E402
from rotations.services.jobs import solve_start  # noqa: E402
from tests.e2e.busy import busy_plan  # noqa: E402


def main(argv: list[str]) -> dict[str, object]:
    if argv[0] == "setup":
        plan = busy_plan()
        user = User.objects.create_user(username="hr", password="pw-hr-hr-hr")
        user.groups.add(Group.objects.get_or_create(name=HR_GROUP)[0])
        return {"plan": plan.pk, "token": Token.objects.create(user=user).key}
    if argv[0] == "solve":
        plan = RotationPlan.objects.get(pk=int(argv[1]))
        run, created = solve_start(plan=plan, time_limit_s=float(argv[2]), workers=1)
        return {"run": run.pk, "created": created}
    raise SystemExit(f"unknown command {argv[0]!r}")


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
