"""Schemathesis against the live schema, with all its checks, as HR and as a rep.

Runs the `st` command against a live server on PostgreSQL holding a small world (so ids
exist and a rep meets other people's objects: object-level authorization is exercised).
It must end with no failure: no 5xx, no response outside the schema, no undocumented code.
The number of cases each run generated is printed (`-s` shows it).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.api.conftest import World

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CONFIG = Path(__file__).with_name("schemathesis.toml")
ST = Path(sys.executable).with_name("st")
MAX_EXAMPLES = 15


@pytest.fixture
def relaxed_rates(settings):
    """The fuzzer sends thousands of requests; throttling has tests of its own."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None, "solve": None},
    }


@pytest.mark.parametrize("role", ["hr", "rep"])
def test_the_api_holds_up_under_schemathesis(
    live_server, world: World, relaxed_rates, role, capsys, tmp_path
):
    from rest_framework.authtoken.models import Token

    token = Token.objects.get_or_create(user=world.users[role])[0].key
    command = [
        str(ST),
        "--config-file",
        str(CONFIG),
        "run",
        f"{live_server.url}/api/schema/",
        "--checks",
        "all",
        "--header",
        f"Authorization: Token {token}",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        "20270104",
        "--workers",
        "1",
        "--no-color",
        "--request-timeout",
        "60",
        "--generation-database",
        "none",
        "--report-dir",
        str(tmp_path),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=1200, check=False)
    output = result.stdout + result.stderr
    cases = re.search(r"Test cases:\s*(\d+) generated", output)
    with capsys.disabled():
        print(f"\nschemathesis as {role}: {cases.group(1) if cases else '?'} cases")
        if result.returncode != 0:
            print(output[-20000:])
    assert result.returncode == 0, output[-5000:]
    assert cases is not None and int(cases.group(1)) > 0
