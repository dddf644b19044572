"""Scale benchmark: a company too large for every candidate pair (issue 16).

    .venv/bin/python -m bench.scale                  # L (10,000 / 1,500, 120 s), then quick
    .venv/bin/python -m bench.scale --quick          # quick only (3,000 / 450, 30 s)
    .venv/bin/python -m bench.scale --only L --time-limit 60

Each run is `python -m optimizer solve` in a child process, exactly as a user runs it, so
the wall time counts Python's start, parsing and writing, and the peak memory (ru_maxrss
from `os.wait4`) is that run's own. The plan is verified by `optimizer.check`.

Figures, per size: wall / time limit, objective / proven bound, peak RSS, candidate pairs
kept / pairs of the full set; and ratios against baselines measured in the same run: the
greedy plan of the same run, and, where every candidate fits (quick), the same problem
solved with every candidate (`--per-shadower all`). Each measured case is one function
(`lean_run`, `full_run`), so other cases (partitioned, XL) can sit beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GIB = 1024**3


@dataclass(frozen=True)
class Size:
    shadowers: int
    hosts: int
    weeks: int
    time_limit_s: float
    full_fits: bool  # every candidate pair fits in memory and time: run the full baseline


SIZES: dict[str, Size] = {
    "quick": Size(3000, 450, 12, 30.0, full_fits=True),
    "L": Size(10_000, 1500, 12, 120.0, full_fits=False),
}


@dataclass(frozen=True)
class Run:
    """One `optimizer solve` child: what it returned and what it cost."""

    wall_s: float
    peak_bytes: int
    solution: dict[str, Any]
    valid: bool
    violations: list[str]

    @property
    def stats(self) -> dict[str, Any]:
        stats: dict[str, Any] = self.solution.get("stats", {})
        return stats


def problem_file(name: str, seed: int, folder: Path) -> Path:
    """The size's generated problem (written once per folder)."""
    path = folder / f"scale-{name}-{seed}.json"
    if not path.exists():
        from optimizer.generate import generate_problem

        size = SIZES[name]
        doc = generate_problem(
            shadowers=size.shadowers, hosts=size.hosts, weeks=size.weeks, seed=seed
        )
        path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _solve_child(path: Path, time_limit_s: float, workers: int, per_shadower: str) -> Run:
    """`python -m optimizer solve` on `path`; its wall time and its own peak RSS."""
    out = path.with_suffix(f".{per_shadower}.solution.json")
    command = [
        sys.executable,
        "-m",
        "optimizer",
        "solve",
        str(path),
        "--time-limit",
        str(time_limit_s),
        "--workers",
        str(workers),
        "--per-shadower",
        per_shadower,
        "-o",
        str(out),
    ]
    started = time.monotonic()
    child = subprocess.Popen(command, cwd=ROOT)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.monotonic() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        msg = f"optimizer solve exited with {child.returncode}"
        raise RuntimeError(msg)
    solution = json.loads(out.read_text(encoding="utf-8"))
    valid, violations = _check(path, solution)
    return Run(wall, usage.ru_maxrss * 1024, solution, valid, violations)  # Linux: KiB


def _check(path: Path, solution: dict[str, Any]) -> tuple[bool, list[str]]:
    from optimizer import parse_problem, parse_solution
    from optimizer.check import check_solution

    problem = parse_problem(json.loads(path.read_text(encoding="utf-8")))
    report = check_solution(problem, parse_solution(solution))
    return report.ok, [str(v) for v in report.violations[:5]]


# --- the measured cases -------------------------------------------------------------------


def lean_run(name: str, args: argparse.Namespace) -> Run:
    """The solver as shipped: lean candidates chosen automatically at this size."""
    path = problem_file(name, args.seed, args.folder)
    return _solve_child(path, _limit(name, args), args.workers, "auto")


def full_run(name: str, args: argparse.Namespace) -> Run:
    """The baseline: every candidate pair (only where that fits)."""
    path = problem_file(name, args.seed, args.folder)
    return _solve_child(path, _limit(name, args), args.workers, "all")


# --- report -------------------------------------------------------------------------------


def _limit(name: str, args: argparse.Namespace) -> float:
    return float(args.time_limit) if args.time_limit else SIZES[name].time_limit_s


def _ratio(a: float | None, b: float | None, digits: int = 5) -> str:
    if a is None or b is None or b == 0:
        return "n/a"
    return f"{a / b:.{digits}f}"


def _describe(label: str, run: Run, limit: float) -> list[str]:
    solution, stats = run.solution, run.stats
    objective, bound = solution.get("objective"), solution.get("bound")
    kept, full = stats.get("candidate_pairs"), stats.get("estimated_pairs")
    return [
        f"  {label}: {solution.get('status')}, plan valid (check): {run.valid}"
        + ("" if run.valid else f" {run.violations}"),
        f"    wall / limit        {run.wall_s:.1f} / {limit:g} s = {run.wall_s / limit:.3f}",
        f"    objective / bound   {objective} / {bound} = {_ratio(objective, bound)}",
        f"    peak RSS            {run.peak_bytes / GIB:.2f} GiB",
        f"    pairs kept / full   {kept} / {full} = {_ratio(kept, full, 4)}"
        + ("" if stats.get("candidates_complete", True) else " (lean)"),
        f"    candidates / greedy done at  {stats.get('candidates_s')} / {stats.get('greedy_s')} s"
        f", CP-SAT rounds {stats.get('rounds')}, LNS steps {stats.get('lns_steps')}",
        f"    objective / greedy  {_ratio(objective, stats.get('greedy_objective'))}",
    ]


def report(name: str, args: argparse.Namespace, runs: dict[str, Run]) -> list[str]:
    size, limit = SIZES[name], _limit(name, args)
    lines = [f"== {name}: {size.shadowers} shadowers, {size.hosts} hosts, {size.weeks} weeks"]
    lean = runs["lean"]
    lines += _describe("lean (auto)", lean, limit)
    full = runs.get("full")
    if full is not None:
        lines += _describe("baseline: every candidate", full, limit)
        lines += [
            "  lean / baseline:",
            f"    objective  {_ratio(lean.solution['objective'], full.solution['objective'])}",
            f"    wall       {_ratio(lean.wall_s, full.wall_s, 3)}",
            f"    peak RSS   {_ratio(lean.peak_bytes, full.peak_bytes, 3)}",
        ]
    bound = lean.solution.get("bound") or 0
    checks = [
        ("within the time limit (<= 5% over)", lean.wall_s <= 1.05 * limit),
        (">= 99.5% of the proven bound", (lean.solution.get("objective") or 0) >= 0.995 * bound),
        ("peak RSS below 2 GiB", lean.peak_bytes < 2 * GIB),
        ("valid plan", lean.valid),
    ]
    lines += [f"  target: {text}: {'MET' if met else 'MISSED'}" for text, met in checks]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="the quick size only")
    parser.add_argument("--only", default=None, help=f"comma-separated sizes of {list(SIZES)}")
    parser.add_argument("--time-limit", type=float, default=None, help="override every limit")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-baseline", action="store_true", help="skip every-candidate runs")
    parser.add_argument(
        "--folder", type=Path, default=Path(tempfile.gettempdir()), help="problem files here"
    )
    parser.add_argument("--json", type=Path, help="also write every figure here")
    args = parser.parse_args(argv)
    names = ["quick"] if args.quick else (args.only or "L,quick").split(",")
    unknown = [n for n in names if n not in SIZES]
    if unknown:
        parser.error(f"unknown sizes {unknown}; known: {', '.join(SIZES)}")
    everything: dict[str, dict[str, Any]] = {}
    for name in names:
        runs = {"lean": lean_run(name, args)}
        if SIZES[name].full_fits and not args.no_baseline:
            runs["full"] = full_run(name, args)
        everything[name] = {
            kind: {"wall_s": r.wall_s, "peak_bytes": r.peak_bytes, "valid": r.valid, **r.solution}
            for kind, r in runs.items()
        }
        for kind in everything[name].values():
            kind.pop("assignments", None)
            kind.pop("unmet", None)
        print("\n".join(report(name, args, runs)), flush=True)
    if args.json:
        args.json.write_text(json.dumps(everything, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
