"""Solver benchmark: S, M, tight S and tight M companies, with their targets.

    .venv/bin/python -m bench.solver                        # everything (long: see README)
    .venv/bin/python -m bench.solver --only S,tightS --baseline-time 30

Each measurement runs in its own subprocess so each peak memory (ru_maxrss) is its own:
the solver (`optimizer.solve`, plan verified by `optimizer.check`), the LP relaxation
bound (GLOP, `lp_bound.py`) and, on the instances named by `--baseline-on`, the plain
all-pairs CP-SAT baseline (`baseline.py`).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GIB = 1024**3


@dataclass(frozen=True)
class Instance:
    shadowers: int
    hosts: int
    weeks: int
    tight: bool
    time_limit_s: float  # what the target grants


INSTANCES: dict[str, Instance] = {
    "S": Instance(200, 40, 12, tight=False, time_limit_s=2.0),
    "M": Instance(2000, 300, 12, tight=False, time_limit_s=60.0),
    "tightS": Instance(200, 40, 12, tight=True, time_limit_s=30.0),
    "tightM": Instance(2000, 300, 12, tight=True, time_limit_s=60.0),
}


def _problem(name: str, seed: int) -> Any:
    from optimizer import parse_problem
    from optimizer.generate import generate_problem

    spec = INSTANCES[name]
    doc = generate_problem(
        shadowers=spec.shadowers, hosts=spec.hosts, weeks=spec.weeks, seed=seed, tight=spec.tight
    )
    started = time.monotonic()
    problem = parse_problem(doc)
    return problem, time.monotonic() - started


def _peak_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB


# --- the three measurements, each run in a child process ------------------------------


def _measure_solver(args: argparse.Namespace) -> dict[str, Any]:
    from optimizer import solve
    from optimizer.check import check_solution

    problem, parse_s = _problem(args.instance, args.seed)
    started = time.monotonic()
    solution = solve(problem, time_limit_s=args.time_limit, workers=args.workers)
    wall = time.monotonic() - started
    report = check_solution(problem, solution)
    stats = solution.stats
    return {
        "status": solution.status,
        "objective": solution.objective,
        "bound": solution.bound,
        "valid": report.ok,
        "violations": report.violations[:5],
        "pairs": stats.get("candidate_pairs"),
        "greedy": stats.get("greedy_objective"),
        "build_s": stats.get("build_s"),
        "solve_s": stats.get("solve_s"),
        "parse_s": parse_s,
        "wall_s": wall,
        "peak_bytes": _peak_bytes(),
    }


def _measure_lp(args: argparse.Namespace) -> dict[str, Any]:
    from bench.lp_bound import lp_bound

    problem, _ = _problem(args.instance, args.seed)
    result = lp_bound(
        problem,
        backend=args.lp_backend,
        time_limit_s=args.lp_time,
        log=_to_stderr if args.verbose else None,
    )
    return {
        "value": result.value,
        "bound": result.bound,
        "rounds": result.rounds,
        "columns": result.columns,
        "pairs": result.pairs,
        "seconds": result.seconds,
        "peak_bytes": _peak_bytes(),
    }


def _to_stderr(message: str) -> None:
    print(f"  [lp] {message}", file=sys.stderr, flush=True)


def _measure_baseline(args: argparse.Namespace) -> dict[str, Any]:
    from bench.baseline import solve_baseline
    from optimizer.check import hard_rule_violations, objective_value

    problem, _ = _problem(args.instance, args.seed)
    result = solve_baseline(problem, time_limit_s=args.baseline_time, workers=args.workers)
    violations = hard_rule_violations(problem, result.assignments)
    found = result.status in ("OPTIMAL", "FEASIBLE")
    return {
        "status": result.status,
        "objective": objective_value(problem, result.assignments) if found else None,
        "bound": result.bound,
        "valid": found and not violations,
        "build_s": result.build_s,
        "solve_s": result.solve_s,
        "peak_bytes": _peak_bytes(),
    }


MEASURES = {"solver": _measure_solver, "lp": _measure_lp, "baseline": _measure_baseline}


def _child(kind: str, name: str, args: argparse.Namespace) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "bench.solver",
        "--child",
        kind,
        "--instance",
        name,
        "--seed",
        str(args.seed),
        "--time-limit",
        str(_time_limit(name, args)),
        "--workers",
        str(args.workers),
        "--baseline-time",
        str(args.baseline_time),
        "--lp-time",
        str(args.lp_time),
        "--lp-backend",
        args.lp_backend,
        *(["--verbose"] if args.verbose else []),
    ]
    # stderr goes straight through: tracebacks and --verbose progress show as they come.
    result = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=False)
    if result.returncode != 0:
        return {"error": f"{kind} run exited with {result.returncode} (see its stderr above)"}
    parsed: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return parsed


def _time_limit(name: str, args: argparse.Namespace) -> float:
    return float(args.time_limit) if args.time_limit else INSTANCES[name].time_limit_s


# --- report -------------------------------------------------------------------------------


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0:
        return "n/a"
    return f"{a / b:.5f}"


def _num(value: Any, digits: int = 2) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _report(name: str, args: argparse.Namespace, runs: dict[str, dict[str, Any]]) -> list[str]:
    solver, lp, base = runs["solver"], runs.get("lp", {}), runs.get("baseline")
    lines = [f"== {name}: {INSTANCES[name]}, time limit {_time_limit(name, args)} s"]
    if "error" in solver:
        return [*lines, f"  solver failed: {solver['error']}"]
    objective = solver["objective"]
    lines += [
        f"  candidate pairs   {_num(solver['pairs'])}",
        f"  parse / build / solve / wall (s)  {_num(solver['parse_s'])} / "
        f"{_num(solver['build_s'])} / {_num(solver['solve_s'])} / {_num(solver['wall_s'])}",
        f"  status            {solver['status']}, plan valid (check): {solver['valid']}"
        + ("" if solver["valid"] else f" {solver['violations']}"),
        f"  objective         {_num(objective)}",
        f"  proven bound      {_num(solver['bound'])}",
        f"  LP bound          {_num(lp.get('value'))}"
        + (
            f"  ({lp['rounds']} pricing rounds, {lp['columns']} of {lp['pairs']} columns, "
            f"{_num(lp['seconds'], 1)} s, peak {lp['peak_bytes'] / GIB:.2f} GiB)"
            if "value" in lp
            else f"  ({lp.get('error', 'skipped')})"
        ),
        f"  greedy objective  {_num(solver['greedy'])}",
        f"  objective / LP    {_ratio(objective, lp.get('value'))}",
        f"  objective / greedy {_ratio(objective, solver['greedy'])}",
        f"  peak memory       {solver['peak_bytes'] / GIB:.2f} GiB",
    ]
    if base is not None:
        if "error" in base:
            lines.append(f"  baseline failed: {base['error']}")
        else:
            lines.append(
                f"  baseline (plain all-pairs CP-SAT, {args.baseline_time:g} s): {base['status']}, "
                f"objective {_num(base['objective'])}, valid {base['valid']}, "
                f"build {_num(base['build_s'])} s, peak {base['peak_bytes'] / GIB:.2f} GiB"
            )
            lines.append(f"  objective / baseline {_ratio(objective, base['objective'])}")
    lines += _targets(name, solver, lp, base)
    return lines


def _targets(
    name: str, solver: dict[str, Any], lp: dict[str, Any], base: dict[str, Any] | None
) -> list[str]:
    wall = solver["parse_s"] + solver["wall_s"]
    valid = bool(solver["valid"])
    checks: list[tuple[str, bool | None]] = []
    if name == "S":
        checks = [("valid plan within 2 s", valid and wall <= 2.0)]
    elif name == "M":
        ratio = solver["objective"] / lp["value"] if lp.get("value") else None
        checks = [
            ("valid plan within 60 s", valid and wall <= 60.0),
            ("above 95% of the LP bound", None if ratio is None else ratio >= 0.95),
            ("peak memory below 4 GiB", solver["peak_bytes"] < 4 * GIB),
        ]
    elif name == "tightS":
        baseline = None if base is None or "error" in base else base.get("objective")
        checks = [
            ("valid plan within 30 s", valid and wall <= 30.0),
            (
                "at least as good as the baseline",
                None if baseline is None else solver["objective"] >= baseline,
            ),
        ]
    return [
        f"  target: {text}: {'n/a' if met is None else 'MET' if met else 'MISSED'}"
        for text, met in checks
    ]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--hard" in argv:  # the hard family has its own report (bench/hard.py)
        from bench.hard import main as hard_main

        return hard_main([a for a in argv if a != "--hard"])
    parser = argparse.ArgumentParser(prog="python -m bench.solver", description=__doc__)
    parser.add_argument("--only", default="S,M,tightS,tightM", help="comma-separated instances")
    parser.add_argument(
        "--time-limit", type=float, default=None, help="override every instance's time limit"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline-time", type=float, default=240.0)
    parser.add_argument(
        "--baseline-on", default="tightS", help="instances to run the baseline on ('' for none)"
    )
    parser.add_argument("--no-lp", action="store_true", help="skip the LP bound")
    parser.add_argument("--lp-time", type=float, default=1800.0)
    parser.add_argument("--lp-backend", default="GLOP", choices=["GLOP", "PDLP"])
    parser.add_argument("--json", type=Path, help="also write every figure here")
    parser.add_argument("--verbose", action="store_true", help="LP progress on stderr")
    parser.add_argument("--child", choices=sorted(MEASURES), help=argparse.SUPPRESS)
    parser.add_argument("--instance", choices=sorted(INSTANCES), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        args.time_limit = _time_limit(args.instance, args)
        print(json.dumps(MEASURES[args.child](args)))
        return 0

    names = [n for n in args.only.split(",") if n]
    unknown = [n for n in names if n not in INSTANCES]
    if unknown:
        parser.error(f"unknown instances {unknown}; known: {', '.join(INSTANCES)}")
    baseline_on = {n for n in args.baseline_on.split(",") if n}
    everything: dict[str, dict[str, dict[str, Any]]] = {}
    for name in names:
        runs = {"solver": _child("solver", name, args)}
        if not args.no_lp:
            runs["lp"] = _child("lp", name, args)
        if name in baseline_on:
            runs["baseline"] = _child("baseline", name, args)
        everything[name] = runs
        print("\n".join(_report(name, args, runs)), flush=True)
    if args.json:
        args.json.write_text(json.dumps(everything, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
