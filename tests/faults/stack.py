"""A private stack for fault tests: its own PostgreSQL (initdb + pg_ctl on its own port,
under a temp dir; as the postgres user when run as root) and its own redis-server
(appendonly, as docker-compose.yml runs it), a real Celery worker (with beat, so the reaper
runs) and gunicorn against them. Each can be stopped, restarted or killed mid-test.
Every process is ended by its pid at the end; the temp dir is removed."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[2]
ENDED = ("succeeded", "failed", "cancelled")


def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def missing_tools() -> str | None:
    if _pg_bin() is None:
        return "PostgreSQL's initdb/pg_ctl not found"
    if shutil.which("redis-server") is None:
        return "redis-server not found"
    return None


@dataclass
class Row:
    status: str
    attempts: int
    error: str
    finished_at: Any
    started_at: Any


class Stack:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="rot-faults-"))
        self.dir.chmod(0o755)
        self.bin = _pg_bin()
        self.pg_port = free_port()
        self.redis_port = free_port()
        self.redis: subprocess.Popen[bytes] | None = None
        self.processes: list[subprocess.Popen[bytes]] = []
        self.databases = 0
        self.as_postgres = os.geteuid() == 0
        (self.dir / "pg").mkdir()
        if self.as_postgres:
            shutil.chown(self.dir / "pg", "postgres")
        self._pg(
            "initdb",
            "-D",
            str(self.dir / "pg" / "data"),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
        )
        self.pg_start()
        self.redis_start()
        self.sql("postgres", "CREATE DATABASE template_rot")
        self.manage("template_rot", "migrate", "--noinput")

    # --- PostgreSQL ---------------------------------------------------------------------

    def _pg(self, tool: str, *args: str) -> None:
        assert self.bin is not None
        command = [str(self.bin / tool), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def pg_start(self) -> None:
        options = (
            f"-p {self.pg_port} -k {self.dir / 'pg'} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._pg(
            "pg_ctl",
            "-D",
            str(self.dir / "pg" / "data"),
            "-o",
            options,
            "-l",
            str(self.dir / "pg" / "log"),
            "-w",
            "start",
        )

    def pg_stop(self) -> None:
        self._pg("pg_ctl", "-D", str(self.dir / "pg" / "data"), "-m", "fast", "-w", "stop")

    def pg_restart(self, pause_s: float) -> None:
        self.pg_stop()
        time.sleep(pause_s)
        self.pg_start()

    def url(self, db: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.pg_port}/{db}"

    def sql(self, db: str, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.url(db), autocommit=True, connect_timeout=3) as conn:
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def new_database(self) -> str:
        self.databases += 1
        name = f"rot_{self.databases}"
        self.sql("postgres", f"CREATE DATABASE {name} TEMPLATE template_rot")
        return name

    # --- Redis --------------------------------------------------------------------------

    def redis_start(self) -> None:
        (self.dir / "redis").mkdir(exist_ok=True)
        log = (self.dir / "redis" / "log").open("ab")
        self.redis = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes",
                "--dir",
                str(self.dir / "redis"),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 20
        while not self._redis_answers():
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def _redis_answers(self) -> bool:
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", self.redis_port), timeout=0.5) as sock,
        ):
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
        return False

    def redis_stop(self) -> None:
        if self.redis is not None:
            self.redis.send_signal(
                signal.SIGTERM
            )  # saves its append-only file, as compose stops it
            self.redis.wait(timeout=30)
            self.redis = None

    def redis_restart(self, pause_s: float) -> None:
        self.redis_stop()
        time.sleep(pause_s)
        self.redis_start()

    def redis_url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/{db}"

    # --- the app ------------------------------------------------------------------------

    def env(self, db: str, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "rotations.settings_test",
            "ROTATIONS_TEST_WORKER": "1",
            "DATABASE_URL": self.url(db),
            "CELERY_BROKER_URL": self.redis_url(0),
            "CELERY_QUEUE": db,  # a queue per test: run ids repeat across databases
            "REDIS_URL": self.redis_url(2),
            "CELERY_VISIBILITY_TIMEOUT": "30",
            "CELERY_UNACKED_RESTORE_INTERVAL": "1",
            "CELERY_UNACKED_RESTORE_THROTTLE": "1",
            "SOLVE_MAX_TIME_LIMIT_S": "20",
            "REAP_SCHEDULE_S": "5",
            "ALLOWED_HOSTS": "localhost",
            "PYTHONUNBUFFERED": "1",
            **extra,
        }

    def manage(self, db: str, *args: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(db),
            check=True,
            capture_output=True,
            timeout=300,
        )

    def scenario(self, db: str, *args: str) -> dict[str, Any]:
        done = subprocess.run(
            [sys.executable, "-m", "tests.faults.scenario", *args],
            cwd=ROOT,
            env=self.env(db),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))

    def _spawn(self, name: str, command: list[str], env: dict[str, str]) -> Path:
        log = self.dir / f"{name}-{len(self.processes)}.log"
        with log.open("wb") as out:
            self.processes.append(
                subprocess.Popen(
                    command,
                    cwd=ROOT,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        return log

    def worker(self, db: str, **extra: str) -> Path:
        """A Celery worker (two pool processes) with beat inside; returns its log."""
        log = self._spawn(
            "worker",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "rotations",
                "worker",
                "--beat",
                "--schedule",
                str(self.dir / f"beat-{db}"),
                "--pool",
                "prefork",
                "--concurrency",
                "2",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            self.env(db, **extra),
        )
        deadline = time.monotonic() + 60
        while b" ready." not in log.read_bytes():
            assert time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.2)
        return log

    def gunicorn(self, db: str) -> str:
        """gunicorn serving the app; returns its base URL."""
        port = free_port()
        self._spawn(
            "gunicorn",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "rotations.wsgi:application",
                "--config",
                "python:rotations.gunicorn_conf",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--access-logfile",
                "-",
            ],
            self.env(db),
        )
        base = f"http://localhost:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz/", timeout=2).close()  # noqa: S310
                return base
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)

    # --- observing ----------------------------------------------------------------------

    def run(self, db: str, run_id: int) -> Row | None:
        """The run's row; None while the database is out of reach."""
        try:
            rows = self.sql(
                db,
                "SELECT status, attempts, error, finished_at, started_at "
                "FROM rotations_solverun WHERE id = %s",
                (run_id,),
            )
        except psycopg.OperationalError:
            return None
        return Row(*rows[0])

    def wait_run(self, db: str, run_id: int, until: Any, *, timeout_s: float, what: str) -> Row:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            row = self.run(db, run_id)
            if row is not None and until(row):
                return row
            time.sleep(0.1)
        raise AssertionError(
            f"not within {timeout_s} s: {what}; last {self.run(db, run_id)}\n{self.logs()[-6000:]}"
        )

    def solving(self, db: str, run_id: int) -> Row:
        def progressed(row: Row) -> bool:
            return row.status == "running" and bool(
                self.sql(
                    db,
                    "SELECT 1 FROM rotations_solverun WHERE id = %s AND elapsed_s > 0.5",
                    (run_id,),
                )
            )

        return self.wait_run(db, run_id, progressed, timeout_s=60, what="solving")

    def ended(self, db: str, run_id: int, *, timeout_s: float) -> Row:
        return self.wait_run(
            db, run_id, lambda r: r.status in ENDED, timeout_s=timeout_s, what="the run ends"
        )

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name}\n" + path.read_text(errors="replace")
            for path in sorted(self.dir.glob("*.log"))
        )

    def audit(self, db: str) -> None:
        """The invariants every fault must leave intact."""
        live = "('proposed', 'confirmed', 'completed')"  # LIVE_STATUSES
        over = self.sql(
            db,
            f"""
            SELECT s.id FROM rotations_hostingslot s JOIN rotations_assignment a ON a.slot_id = s.id
            WHERE a.status IN {live} GROUP BY s.id, s.capacity HAVING count(*) > s.capacity""",
        )
        assert over == [], f"slots over capacity: {over}"
        double = self.sql(
            db,
            f"""
            SELECT a.id, b.id FROM rotations_assignment a
            JOIN rotations_assignment b ON a.shadower_id = b.shadower_id AND a.id < b.id
            JOIN rotations_hostingslot sa ON sa.id = a.slot_id
            JOIN rotations_hostingslot sb ON sb.id = b.slot_id
            WHERE a.status IN {live} AND b.status IN {live}
              AND sa.start < sb."end" AND sb.start < sa."end" """,
        )
        assert double == [], f"double-booked: {double}"
        active = self.sql(
            db,
            """
            SELECT plan_id FROM rotations_solverun WHERE status IN ('queued', 'running')
            GROUP BY plan_id HAVING count(*) > 1""",
        )
        assert active == [], f"plans with two active runs: {active}"
        unfinished = self.sql(
            db,
            """
            SELECT id FROM rotations_solverun
            WHERE status IN ('succeeded', 'failed', 'cancelled') AND finished_at IS NULL""",
        )
        assert unfinished == [], f"ended runs without an end time: {unfinished}"

    def close(self) -> None:
        for proc in self.processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=30)
        self.processes = []
        with contextlib.suppress(Exception):
            self.redis_stop()
        with contextlib.suppress(Exception):
            self.pg_stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def stop_processes(self) -> None:
        """End the worker and gunicorn of a test (by pid), keeping PostgreSQL and Redis."""
        for proc in self.processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=30)
        self.processes = []


def http(method: str, url: str, token: str | None = None) -> tuple[int, Any]:
    headers = {"Accept": "application/json", "Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    data = b"{}" if method == "POST" else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=20) as answer:  # noqa: S310
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as exc:
        body = exc.read()
        try:
            return exc.code, json.loads(body)
        except ValueError:
            return exc.code, body.decode(errors="replace")
