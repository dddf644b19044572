"""Partitioned solving on real Celery workers: the same parts solved by 1 worker, then by
2, and the speedup of 2 over 1.

    .venv/bin/python -m bench.partitioned                  # XL: 50,000 / 8,000 / 12, 15 sites
    .venv/bin/python -m bench.partitioned --size M --budget 60  # quick: 5,000 / 800, 10 sites

The plan is split once (`optimizer.partition.split`); each part's time limit is its share
of `budget` x 2 workers, so both runs do the same work and the ratio is the parallelism
alone. Workers are `celery worker --pool solo` processes on Redis (one core each; their
log: $TMPDIR/bench-partitioned-workers.log); each
part reports its worker's peak memory (ru_maxrss). The master step (`partition.merge`)
runs here, for its share of the budget, on the parts' plans of each run; the merged plan
is verified by `optimizer.check` and scored against its proven bound.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from celery import Celery, group

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
QUEUE = "bench-partitioned"
SIZES: dict[str, tuple[int, int, int, int]] = {
    "XL": (50_000, 8_000, 12, 15),
    "L": (10_000, 1_500, 12, 5),
    "M": (5_000, 800, 12, 10),
}

app = Celery("bench_partitioned", broker=REDIS_URL, backend=REDIS_URL)
app.conf.update(
    task_default_queue=QUEUE,
    task_acks_late=True,
    worker_prefetch_multiplier=1,
    result_expires=3600,
    task_serializer="json",
    result_serializer="json",
)


@app.task(name="bench.solve_part")
def solve_part(doc: dict[str, Any], time_limit_s: float) -> dict[str, Any]:
    from optimizer.parse import parse_problem, solution_to_dict
    from optimizer.solve import solve

    solution = solve(parse_problem(doc), time_limit_s=time_limit_s, workers=1)
    out = solution_to_dict(solution)
    out["stats"]["worker"] = os.getpid()
    out["stats"]["worker_peak_mib"] = peak_mib()
    return out


def peak_mib() -> float:
    """This process's peak resident memory since it started (VmHWM: ru_maxrss would also
    count the parent's memory at the fork that started it, kept across exec on Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass(frozen=True)
class Run:
    workers: int
    parts_s: float
    master_s: float
    objective: int
    bound: int
    violations: int
    unmet: int
    worker_peak_mib: float
    master_peak_mib: float


@contextmanager
def workers(count: int) -> Iterator[None]:
    """`count` Celery worker processes (solo pool: one part at a time each)."""
    env = {**os.environ, "BENCH_REDIS_URL": REDIS_URL, "PYTHONPATH": str(ROOT)}
    log = (Path(tempfile.gettempdir()) / "bench-partitioned-workers.log").open("ab")
    command = [sys.executable, "-m", "celery", "-A", "bench.partitioned", "worker", "-Q", QUEUE]
    procs = [
        subprocess.Popen(
            [*command, "--pool", "solo", "-n", f"bench{n}@%h", "--loglevel", "WARNING"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )
        for n in range(count)
    ]
    try:
        deadline = time.monotonic() + 60
        while len(app.control.ping(timeout=1.0) or []) < count:
            if time.monotonic() > deadline:
                msg = "the workers did not come up within 60 s"
                raise RuntimeError(msg)
        yield
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)
        log.close()


def run_parts(docs: Sequence[dict[str, Any]], limits: Sequence[float]) -> list[dict[str, Any]]:
    job = group(solve_part.s(doc, limit) for doc, limit in zip(docs, limits, strict=True))
    return list(job.apply_async().get(timeout=24 * 3600, disable_sync_subtasks=False))


def measure(
    problem: Any, docs: list[dict[str, Any]], limits: list[float], count: int, master_s: float
) -> Run:
    from optimizer.check import hard_rule_violations
    from optimizer.parse import parse_solution
    from optimizer.partition import merge

    with workers(count):
        started = time.monotonic()
        answers = run_parts(docs, limits)
        parts_s = time.monotonic() - started
    started = time.monotonic()
    merged = merge(problem, [parse_solution(a) for a in answers], time_limit_s=master_s, workers=1)
    assert merged.objective is not None and merged.bound is not None
    return Run(
        workers=count,
        parts_s=parts_s,
        master_s=time.monotonic() - started,
        objective=merged.objective,
        bound=merged.bound,
        violations=len(hard_rule_violations(problem, merged.assignments)),
        unmet=sum(u.missing for u in merged.unmet),
        worker_peak_mib=max(float(a["stats"]["worker_peak_mib"]) for a in answers),
        master_peak_mib=peak_mib(),
    )


def main(argv: Sequence[str] | None = None) -> int:
    from optimizer.generate import generate_problem
    from optimizer.parse import parse_problem, problem_to_dict
    from optimizer.partition import MASTER_SHARE, part_time_limits, split

    parser = argparse.ArgumentParser(prog="python -m bench.partitioned")
    parser.add_argument("--size", choices=sorted(SIZES), default="XL")
    parser.add_argument("--budget", type=float, default=600.0, help="2-worker wall target, s")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    shadowers, hosts, weeks, sites = SIZES[args.size]
    started = time.monotonic()
    doc = generate_problem(
        shadowers=shadowers, hosts=hosts, weeks=weeks, seed=args.seed, sites=sites
    )
    problem = parse_problem(doc)
    del doc
    read_s = time.monotonic() - started
    started = time.monotonic()
    parts = split(problem)
    split_s = time.monotonic() - started
    limits = part_time_limits(parts, 2 * (1 - MASTER_SHARE) * args.budget)
    docs = [problem_to_dict(part.problem) for part in parts]
    master_s = MASTER_SHARE * args.budget
    print(
        f"{args.size}: {shadowers:,} staff, {hosts:,} reps, {weeks} weeks, {sites} sites: "
        f"{len(parts)} parts (largest {max(p.pairs for p in parts):,} pairs), "
        f"generated and read in {read_s:.0f} s, split in {split_s:.1f} s"
    )
    runs = [measure(problem, docs, limits, count, master_s) for count in (1, 2)]
    one = runs[0]
    for run in runs:
        wall = run.parts_s + run.master_s + split_s
        print(
            f"  {run.workers} worker(s): parts {run.parts_s:.0f} s + master {run.master_s:.0f} s "
            f"+ split {split_s:.0f} s = {wall:.0f} s; speedup over 1 worker "
            f"{(one.parts_s + one.master_s + split_s) / wall:.2f}x (parts alone "
            f"{one.parts_s / run.parts_s:.2f}x); objective {run.objective:,} = "
            f"{100 * run.objective / run.bound:.3f}% of the proven bound {run.bound:,}; "
            f"{run.unmet} sessions unmet; {run.violations} rule violations; peak memory "
            f"{run.worker_peak_mib:,.0f} MiB per worker, {run.master_peak_mib:,.0f} MiB in this "
            "process (generate, split, master)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
