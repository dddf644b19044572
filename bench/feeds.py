"""Feed benchmark: a 50-event and a 494-event calendar feed under load, and their 304 path.

    .venv/bin/python -m bench.feeds                       # 8 clients, 400 requests each kind
    .venv/bin/python -m bench.feeds --clients 16 --requests 800 --workers 2

It makes a fresh PostgreSQL database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/rot_bench_feeds; dropped and re-created), migrates it,
seeds one shadower with 50 sessions in a published plan and HR's feed of a 494-session plan,
starts gunicorn on it, and times these GETs from concurrent clients: /healthz/ (the
baseline: one SELECT 1 through the whole stack), each feed (200, full body), and each feed
with If-None-Match (304). It prints median and p99 latency and throughput of each, the
feeds' figures as ratios to the baseline, and each 304's cost as a ratio to its own feed's
200 (latency and CPU per request), all measured in the same run.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/rot_bench_feeds"
EVENTS = 50
PLAN_EVENTS = 494  # HR's feed of the demo-sized plan (issue 17: a 304 costs <= 0.2x a 200)


def _env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="rotations.settings",
        DATABASE_URL=database_url,
        SECRET_KEY="bench-only-" + "k" * 40,
        DEBUG="false",
        HTTPS="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="WARNING",
        PYTHONWARNINGS="ignore::UserWarning",  # WhiteNoise: no collected static files here
        EMAIL_URL="dummymail://",
    )
    return env


def _recreate_database(database_url: str) -> None:
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


SEED = """
import datetime as dt, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from calendars.tokens import feed_token_issue
from rotations.models import Assignment, Department, Employee, HostingSlot, RotationPlan, Site
from django.utils import timezone
site = Site.objects.create(name="Detroit", timezone="America/Detroit")
dept = Department.objects.create(name="Accounting")
sales = Department.objects.create(name="Field Sales")
me = Employee.objects.create(employee_id="E1", name="Bench Shadower", email="e1@example.com",
                             role="backroom", department=dept, site=site)
reps = [Employee.objects.create(employee_id=f"R{i}", name=f"Rep Number {i}",
        email=f"r{i}@example.com", role="rep", department=sales, site=site) for i in range(5)]
plan = RotationPlan.objects.create(name="Bench", period_start=dt.date.today(),
    period_end=dt.date.today() + dt.timedelta(days=400), timezone="America/Detroit",
    status="published", published_at=timezone.now())
start = timezone.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=1)
for i in range(%(events)d):
    slot = HostingSlot.objects.create(host=reps[i %% 5], start=start + dt.timedelta(days=i),
                                      end=start + dt.timedelta(days=i, hours=3))
    Assignment.objects.create(plan=plan, shadower=me, slot=slot)
big = RotationPlan.objects.create(name="Bench big", period_start=dt.date.today(),
    period_end=dt.date.today() + dt.timedelta(days=400), timezone="America/Detroit",
    status="published", published_at=timezone.now())
people = Employee.objects.bulk_create(Employee(employee_id=f"P{i}", name=f"Person Number {i}",
    email=f"p{i}@example.com", role="backroom", department=dept, site=site) for i in range(100))
slots = HostingSlot.objects.bulk_create(HostingSlot(host=reps[i %% 5],
    start=start + dt.timedelta(days=i // 2, hours=8 + 4 * (i %% 2)),
    end=start + dt.timedelta(days=i // 2, hours=8 + 4 * (i %% 2) + 3))
    for i in range(%(plan_events)d))
Assignment.objects.bulk_create(Assignment(plan=big, slot=slot, shadower=people[i %% 100])
    for i, slot in enumerate(slots))
from calendars.tokens import plan_feed_token_issue
from django.db import connection
connection.cursor().execute("ANALYZE")  # planner statistics, as autovacuum keeps them live
print(plan_feed_token_issue(plan=big))
print(feed_token_issue(employee=me))
"""


# CPU time per request in one process (Django's test client, no HTTP server): steadier than
# latencies on a shared machine, where other processes take the cores.
CPU = """
import json, time, django
django.setup()
from django.test import Client
client, token, plan_token = Client(), %(token)r, %(plan_token)r
feed, plan_feed = f"/cal/{token}.ics", f"/cal/{plan_token}.ics"
etag, plan_etag = client.get(feed)["ETag"], client.get(plan_feed)["ETag"]
kinds = {"healthz": ("/healthz/", {}), "feed 200": (feed, {}),
         "feed 304": (feed, {"If-None-Match": etag}), "plan 200": (plan_feed, {}),
         "plan 304": (plan_feed, {"If-None-Match": plan_etag})}
out = {}
for name, (path, headers) in kinds.items():
    for _ in range(5):
        client.get(path, headers=headers)
    started = time.process_time()
    for _ in range(%(n)d):
        client.get(path, headers=headers)
    out[name] = (time.process_time() - started) * 1000 / %(n)d
print(json.dumps(out))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(port: int, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz/")


def _client(port: int, path: str, headers: dict[str, str], count: int) -> list[float]:
    """One keep-alive connection, `count` sequential requests; latencies in ms."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times = []
    for _ in range(count):
        started = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        times.append((time.perf_counter() - started) * 1000)
        if response.status not in (200, 304):
            raise RuntimeError(f"{path}: HTTP {response.status}")
    conn.close()
    return times


def _load(
    port: int, path: str, headers: dict[str, str], clients: int, requests: int
) -> dict[str, float]:
    per_client = max(1, requests // clients)
    _client(port, path, headers, 5)  # warm up
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        runs = list(pool.map(lambda _: _client(port, path, headers, per_client), range(clients)))
    wall = time.perf_counter() - started
    times = sorted(t for run in runs for t in run)
    return {
        "median": statistics.median(times),
        "p99": times[min(len(times) - 1, int(len(times) * 0.99))],
        "rps": len(times) / wall,
        "n": len(times),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=400, help="per kind of request")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    args = parser.parse_args()

    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    env = _env(database_url)
    _recreate_database(database_url)
    seeded = subprocess.run(
        [sys.executable, "-c", SEED % {"events": EVENTS, "plan_events": PLAN_EVENTS}],
        cwd=ROOT,
        env=env,
        check=False,
        capture_output=True,
        text=True,
    )
    if seeded.returncode:
        sys.exit(f"seeding failed:\n{seeded.stderr[-3000:]}")
    plan_token, token = seeded.stdout.strip().splitlines()[-2:]
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "rotations.wsgi",
            "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
            "--worker-class", "gthread", "--threads", "4", "--log-level", "warning",
        ],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    try:
        _wait(port)
        feed = f"/cal/{token}.ics"
        conn = http.client.HTTPConnection("127.0.0.1", port)
        conn.request("GET", feed)
        first = conn.getresponse()
        body = first.read()
        etag = first.getheader("ETag") or ""
        assert body.count(b"BEGIN:VEVENT") == EVENTS, "the feed must have 50 events"
        plan_feed = f"/cal/{plan_token}.ics"
        conn.request("GET", plan_feed)
        plan_first = conn.getresponse()
        plan_body = plan_first.read()
        plan_etag = plan_first.getheader("ETag") or ""
        assert plan_body.count(b"BEGIN:VEVENT") == PLAN_EVENTS, "the plan feed: 494 events"
        results = {
            "healthz (baseline)": _load(port, "/healthz/", {}, args.clients, args.requests),
            f"feed 200 ({len(body):,} bytes)": _load(port, feed, {}, args.clients, args.requests),
            "feed 304 (If-None-Match)": _load(
                port, feed, {"If-None-Match": etag}, args.clients, args.requests
            ),
            f"plan feed 200 ({len(plan_body):,} B)": _load(
                port, plan_feed, {}, args.clients, args.requests
            ),
            "plan feed 304 (If-None-Match)": _load(
                port, plan_feed, {"If-None-Match": plan_etag}, args.clients, args.requests
            ),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)

    cpu_run = subprocess.run(
        [sys.executable, "-c", CPU % {"token": token, "plan_token": plan_token, "n": 100}],
        cwd=ROOT,
        env={**env, "ALLOWED_HOSTS": "testserver"},
        check=True,
        capture_output=True,
        text=True,
    )
    cpu = json.loads(cpu_run.stdout.strip().splitlines()[-1])

    base = results["healthz (baseline)"]
    print(f"{EVENTS}-event feed and {PLAN_EVENTS}-event plan feed, {args.clients} "
          f"concurrent clients, gunicorn {args.workers} workers x 4 threads, "
          f"{os.cpu_count()} CPUs")  # fmt: skip
    print(f"{'request':34} {'n':>5} {'median ms':>10} {'p99 ms':>8} {'req/s':>8} "
          f"{'median/base':>12} {'p99/base':>9}")  # fmt: skip
    for name, r in results.items():
        print(
            f"{name:34} {r['n']:>5} {r['median']:>10.2f} {r['p99']:>8.2f} {r['rps']:>8.0f} "
            f"{r['median'] / base['median']:>12.2f} {r['p99'] / base['p99']:>9.2f}"
        )
    print("CPU per request in one process (ms, and ratio to healthz):")
    for name, ms in cpu.items():
        print(f"  {name:10} {ms:7.2f}  {ms / cpu['healthz']:6.1f}x")
    # The 304's cost against its own feed's 200, same run (the target: <= 0.2).
    rows = list(results.values())
    print("304 / 200 of the same feed:       median   p99   CPU")
    for label, (ok, nm), kind in (
        (f"{EVENTS}-event employee feed", (rows[1], rows[2]), "feed"),
        (f"{PLAN_EVENTS}-event plan feed", (rows[3], rows[4]), "plan"),
    ):
        print(
            f"  {label:30} {nm['median'] / ok['median']:6.2f} {nm['p99'] / ok['p99']:5.2f} "
            f"{cpu[kind + ' 304'] / cpu[kind + ' 200']:5.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
