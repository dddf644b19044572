"""A real Celery worker on Redis, as a subprocess, against the test database.

`celery_worker_process` starts `celery -A rotations worker` (prefork, one child, so the child
can be killed on its own) and points this test process at the same broker, on a queue of
its own (tests of other runs sharing the Redis database never see its messages). The
worker sees only committed data: use it with `transactional_db` (or `live_server`).
Every process it starts is ended by its pid (the whole process group) at the end.

TEST_REDIS_URL picks the Redis database (default redis://127.0.0.1:6379/0).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
import redis
from celery import Celery
from celery.backends.redis import RedisBackend
from celery.result import AsyncResult
from django.db import connection

from rotations.celery import app

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
# Short enough that a dead worker's job comes back within seconds (FIELD_NOTES: ~11 s).
VISIBILITY_TIMEOUT_S = 10


def _database_url() -> str:
    """The test database (pytest-django's test_ name) as a URL for the subprocess."""
    db = connection.settings_dict
    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


class WorkerProcess:
    """One worker subprocess at a time; `start` again after `kill` for a new one."""

    def __init__(self, log_dir: Path) -> None:
        self.queue = f"rotations-test-{uuid.uuid4().hex[:12]}"
        self.log_dir = log_dir
        self.proc: subprocess.Popen[bytes] | None = None
        self.started = 0
        self.backend = RedisBackend(app=app, url=REDIS_URL)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "rotations.settings_test",
            "ROTATIONS_TEST_WORKER": "1",
            "DATABASE_URL": _database_url(),
            "CONN_MAX_AGE": "0",
            "CELERY_BROKER_URL": REDIS_URL,
            "CELERY_RESULT_BACKEND": REDIS_URL,
            "CELERY_QUEUE": self.queue,
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT_S),
            "CELERY_UNACKED_RESTORE_INTERVAL": "1",
            "CELERY_UNACKED_RESTORE_THROTTLE": "1",
            "SOLVE_MAX_TIME_LIMIT_S": str(VISIBILITY_TIMEOUT_S - 2),
            "PYTHONUNBUFFERED": "1",
        }

    @property
    def log(self) -> Path:
        return self.log_dir / f"worker-{self.started}.log"

    def start(self, *, timeout_s: float = 60) -> None:
        assert self.proc is None, "a worker is running already"
        self.started += 1
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "rotations",
                    "worker",
                    "--pool",
                    "prefork",
                    "--concurrency",
                    "1",
                    "--loglevel",
                    "INFO",
                    "--hostname",
                    f"{self.queue}-{self.started}@%h",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: killed whole at the end
            )
        deadline = time.monotonic() + timeout_s
        while b" ready." not in self.log.read_bytes():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                output = self.log.read_text(errors="replace")
                self.kill()
                raise RuntimeError(f"the Celery worker did not start:\n{output}")
            time.sleep(0.2)

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def child_pids(self) -> list[int]:
        """The pool's processes (children of the worker's main process)."""
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        if children.exists():
            return [int(pid) for pid in children.read_text().split()]
        found = subprocess.run(
            ["pgrep", "-P", str(self.pid)], capture_output=True, text=True, check=False
        )
        return [int(pid) for pid in found.stdout.split()]

    def kill_child(self) -> int:
        (child,) = self.child_pids()
        os.kill(child, signal.SIGKILL)
        return child

    def kill(self) -> None:
        """SIGKILL the worker's whole process group, by its pid; wait for it."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        self.proc = None

    def result(self, task_id: str, *, timeout_s: float = 60) -> object:
        return AsyncResult(task_id, backend=self.backend, app=app).get(timeout=timeout_s)

    def logs(self) -> str:
        return "\n".join(
            (self.log_dir / f"worker-{n}.log").read_text(errors="replace")
            for n in range(1, self.started + 1)
        )

    def purge(self) -> None:
        """Drop this queue's messages, waiting or handed out and not acknowledged."""
        client = redis.Redis.from_url(REDIS_URL)
        client.delete(
            self.queue,
            f"_kombu.binding.{self.queue}",
            f"_kombu.binding_permanent.{self.queue}",
        )
        for tag, raw in client.hgetall("unacked").items():
            try:
                routing_key = json.loads(raw)[2]
            except (ValueError, IndexError):
                continue
            if routing_key == self.queue:
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)
        client.close()


def private_redis_url(url: str) -> str:
    """The same Redis server, a database index no other test uses (this one's + 8, mod 16)."""
    parts = urlsplit(url)
    index = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(index + 8) % 16}"))


def point_app_at(celery: Celery, conf: dict[str, object]) -> dict[str, object]:
    """Reconfigure the app of this process; returns the values it replaced."""
    before = {key: celery.conf[key] for key in conf}
    celery.conf.update(conf)
    # The producer pools are built from broker_url on first use: let them be built anew.
    celery._pool = None  # type: ignore[attr-defined]
    celery.amqp._producer_pool = None  # type: ignore[attr-defined]
    return before


@pytest.fixture
def celery_worker_process(transactional_db: None, tmp_path: Path) -> Iterator[WorkerProcess]:
    worker = WorkerProcess(tmp_path)
    before = point_app_at(
        app,
        {
            "broker_url": REDIS_URL,
            "task_always_eager": False,
            "task_default_queue": worker.queue,
            "broker_transport_options": {"visibility_timeout": VISIBILITY_TIMEOUT_S},
        },
    )
    worker.purge()
    try:
        worker.start()
        yield worker
    finally:
        worker.kill()
        worker.purge()
        point_app_at(app, before)
