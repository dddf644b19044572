"""The hard family's benchmark (issue 15): our solver against plain CP-SAT and the bounds.

    .venv/bin/python -m bench.solver --hard                  # seed 1, full times (~11 min)
    .venv/bin/python -m bench.solver --hard --quick --seeds 1,2,3

For each seed of `optimizer.hard.generate_hard_problem` (300 shadowers, 12 hosts, 12 weeks),
each figure measured in its own subprocess, one after the other (the machine has 2 cores):

- rotations: `optimizer.solve` at 30 s (quick: 10 s), its plan checked by `optimizer.check`;
- plain CP-SAT: the all-pairs model of `baseline.py` at 240 s (quick: 20 s);
- best known: plain CP-SAT at 300 s (quick: 30 s) hinted with rotations' plan;
- the LP bound: the plain LP over every candidate (the integer model's rows) and the
  strengthened one (`optimizer.bound`), both with HiGHS and no time limit to speak of;
- ratios: rotations / best known, rotations / greedy, the gaps each bound gives, and the
  check that the plain LP gap is at least 5% (the family is only "hard" if it is).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

FULL = {"rotations": 30.0, "plain": 240.0, "best": 300.0, "lp": 900.0}
QUICK = {"rotations": 10.0, "plain": 20.0, "best": 30.0, "lp": 300.0}


def _problem(seed: int) -> Any:
    from optimizer import parse_problem
    from optimizer.hard import generate_hard_problem

    return parse_problem(generate_hard_problem(seed=seed))


def _rotations(seed: int, time_s: float, workers: int, plan_path: str) -> dict[str, Any]:
    from optimizer import solve
    from optimizer.check import check_solution

    problem = _problem(seed)
    started = time.monotonic()
    solution = solve(problem, time_limit_s=time_s, workers=workers)
    wall = time.monotonic() - started
    Path(plan_path).write_text(
        json.dumps([[p.shadower, p.slot] for p in solution.assignments]), encoding="utf-8"
    )
    stats = solution.stats
    return {
        "objective": solution.objective,
        "bound": solution.bound,
        "valid": check_solution(problem, solution).ok,
        "wall_s": wall,
        "greedy": stats.get("greedy_objective"),
        "pairs": stats.get("candidate_pairs"),
        "lp_bound": stats.get("lp_bound"),
        "lns_steps": stats.get("lns_steps"),
        "lns_gain": stats.get("lns_gain"),
    }


def _plain(seed: int, time_s: float, workers: int, plan_path: str | None) -> dict[str, Any]:
    from bench.baseline import solve_baseline
    from optimizer.check import hard_rule_violations, objective_value
    from optimizer.types import Pair

    problem = _problem(seed)
    hint: tuple[Pair, ...] = ()
    if plan_path:
        hint = tuple(Pair(s, t) for s, t in json.loads(Path(plan_path).read_text("utf-8")))
    result = solve_baseline(problem, time_limit_s=time_s, workers=workers, hint=hint)
    found = result.status in ("OPTIMAL", "FEASIBLE")
    return {
        "status": result.status,
        "objective": objective_value(problem, result.assignments) if found else None,
        "valid": found and not hard_rule_violations(problem, result.assignments),
        "bound": result.bound,
    }


def _lp(seed: int, time_s: float, strengthen: bool) -> dict[str, Any]:
    import numpy as np

    from optimizer.bound import lp_bound
    from optimizer.candidates import build_candidates
    from optimizer.index import build_index

    cands = build_candidates(build_index(_problem(seed)))
    started = time.monotonic()
    found = lp_bound(
        cands,
        np.zeros(0, dtype=np.int64),
        time_limit_s=time_s,
        strengthen=strengthen,
        per_shadower=len(cands),
    )
    if found is None:
        return {"error": "no LP optimum in time"}
    return {"bound": found.bound, "value": found.value, "seconds": time.monotonic() - started}


def _child(kind: str, seed: int, args: argparse.Namespace, times: dict[str, float]) -> Any:
    command = [
        sys.executable,
        "-m",
        "bench.hard",
        "--child",
        kind,
        "--seed",
        str(seed),
        "--workers",
        str(args.workers),
        "--plan",
        args.plan,
        *(["--quick"] if args.quick else []),
    ]
    result = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=False)
    if result.returncode != 0:
        return {"error": f"{kind} exited with {result.returncode}"}
    return json.loads(result.stdout.strip().splitlines()[-1])


def _run_child(args: argparse.Namespace) -> int:
    times = QUICK if args.quick else FULL
    kind, seed = args.child, args.seed
    if kind == "rotations":
        out = _rotations(seed, times["rotations"], args.workers, args.plan)
    elif kind == "plain":
        out = _plain(seed, times["plain"], args.workers, None)
    elif kind == "best":
        out = _plain(seed, times["best"], args.workers, args.plan)
    elif kind == "lp_plain":
        out = _lp(seed, times["lp"], strengthen=False)
    else:
        out = _lp(seed, times["lp"], strengthen=True)
    print(json.dumps(out))
    return 0


def _ratio(a: Any, b: Any) -> str:
    if not isinstance(a, int | float) or not isinstance(b, int | float) or not b:
        return "n/a"
    return f"{a / b:.5f}"


def _gap(bound: Any, plan: Any) -> str:
    if not isinstance(bound, int | float) or not isinstance(plan, int | float) or not plan:
        return "n/a"
    return f"{100 * (bound - plan) / plan:.2f}%"


def report(seed: int, times: dict[str, float], runs: dict[str, Any]) -> list[str]:
    ours, plain, best = runs["rotations"], runs["plain"], runs["best"]
    lp, strong = runs["lp_plain"], runs["lp_strong"]
    top = max(
        (v for v in (ours.get("objective"), plain.get("objective"), best.get("objective")) if v),
        default=None,
    )
    lines = [
        f"== hard seed {seed} (300 shadowers / 12 hosts / 12 weeks, "
        f"{ours.get('pairs', '?')} candidate pairs)",
        f"  rotations {times['rotations']:g} s: {ours.get('objective')} "
        f"(valid {ours.get('valid')}, wall {ours.get('wall_s', 0):.2f} s, "
        f"greedy {ours.get('greedy')}, bound shown {ours.get('bound')}, "
        f"LNS steps {ours.get('lns_steps')} gains {ours.get('lns_gain')})",
        f"  plain CP-SAT {times['plain']:g} s: {plain.get('objective')} "
        f"({plain.get('status', plain.get('error'))}, valid {plain.get('valid')})",
        f"  best known (plain CP-SAT {times['best']:g} s hinted with rotations' plan): "
        f"{best.get('objective')} ({best.get('status', best.get('error'))}, "
        f"valid {best.get('valid')})",
        f"  LP bound (plain rows, HiGHS): {lp.get('bound')} ({lp.get('seconds', 0):.1f} s)",
        f"  strengthened LP bound: {strong.get('bound')} ({strong.get('seconds', 0):.1f} s)",
        f"  rotations / best known     {_ratio(ours.get('objective'), best.get('objective'))}",
        f"  rotations / plain CP-SAT   {_ratio(ours.get('objective'), plain.get('objective'))}",
        f"  rotations / greedy         {_ratio(ours.get('objective'), ours.get('greedy'))}",
        f"  gap shown (bound vs rotations)      {_gap(ours.get('bound'), ours.get('objective'))}",
        f"  plain LP gap (vs best plan found)   {_gap(lp.get('bound'), top)}"
        f"  -> hard (>= 5%): {_hard(lp.get('bound'), top)}",
        f"  strengthened gap (vs best plan)     {_gap(strong.get('bound'), top)}",
    ]
    return lines


def _hard(bound: Any, plan: Any) -> str:
    if not isinstance(bound, int | float) or not isinstance(plan, int | float) or not plan:
        return "n/a"
    return "yes" if (bound - plan) / plan >= 0.05 else "NO"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.solver --hard", description=__doc__)
    parser.add_argument("--seeds", default="1", help="comma-separated seeds")
    parser.add_argument("--seed", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true", help="short times, for development")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write every figure here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--plan", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _run_child(args)
    times = QUICK if args.quick else FULL
    everything: dict[int, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for seed in (int(s) for s in args.seeds.split(",") if s):
            args.plan = str(Path(scratch) / f"plan{seed}.json")
            runs = {
                kind: _child(kind, seed, args, times)
                for kind in ("rotations", "plain", "best", "lp_plain", "lp_strong")
            }
            everything[seed] = runs
            print("\n".join(report(seed, times, runs)), flush=True)
    if args.json:
        args.json.write_text(json.dumps(everything, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
