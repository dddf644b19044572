"""Where `solve`'s time goes on one hard instance: every LNS step and every improvement.

    .venv/bin/python -m bench.lns_profile --seed 1 --time 30 --out /tmp/lns_profile.json

Writes a JSON document: the solution's stats (greedy, rounds, bound, LNS totals per kind),
the progress reports (elapsed s, objective, bound) and one row per LNS step (start s, kind,
its size after the step, step wall s, CP-SAT s, CP-SAT limit, gain). A one-line summary per
kind goes to stdout.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from optimizer import lns as lns_module
from optimizer import parse_problem, solve
from optimizer.hard import generate_hard_problem


def profile(seed: int, time_s: float, workers: int) -> dict[str, Any]:
    steps: list[dict[str, Any]] = []
    step, credit = lns_module.Lns.step, lns_module.Lns.credit

    def timed_step(self: lns_module.Lns, plan: set[int], **kw: Any) -> Any:
        at = time.monotonic()
        kind, found, wall = step(self, plan, **kw)
        steps.append(
            {
                "at_s": round(at - started, 2),
                "kind": kind,
                "size": self.sizes[kind],
                "step_s": round(time.monotonic() - at, 3),
                "cp_sat_s": round(wall, 3),
                "limit_s": round(kw["time_s"], 2),
                "gain": 0,
            }
        )
        return kind, found, wall

    def counted_credit(self: lns_module.Lns, kind: str, gain: int, seconds: float) -> None:
        steps[-1]["gain"] = gain
        credit(self, kind, gain, seconds)

    progress: list[tuple[float, int, int]] = []
    problem = parse_problem(generate_hard_problem(seed=seed))
    lns_module.Lns.step = timed_step  # type: ignore[method-assign]
    lns_module.Lns.credit = counted_credit  # type: ignore[method-assign]
    try:
        started = time.monotonic()
        solution = solve(
            problem,
            time_limit_s=time_s,
            workers=workers,
            on_progress=lambda o, b, e: progress.append((round(e, 2), o, b)),
        )
    finally:
        lns_module.Lns.step, lns_module.Lns.credit = step, credit  # type: ignore[method-assign]
    return {
        "seed": seed,
        "time_s": time_s,
        "objective": solution.objective,
        "bound": solution.bound,
        "stats": solution.stats,
        "progress": progress,
        "steps": steps,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.lns_profile", description=__doc__)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path("lns_profile.json"))
    args = parser.parse_args(argv)
    found = profile(args.seed, args.time, args.workers)
    args.out.write_text(json.dumps(found, indent=1), encoding="utf-8")
    print(f"seed {args.seed}: objective {found['objective']}, bound {found['bound']}")
    first = found["steps"][0]["at_s"] if found["steps"] else None
    print(f"greedy at {found['stats'].get('greedy_s')} s, first LNS step at {first} s")
    for kind in lns_module.KINDS:
        rows = [r for r in found["steps"] if r["kind"] == kind]
        if rows:
            print(
                f"  {kind:10} steps {len(rows):3}  improved {sum(r['gain'] > 0 for r in rows):3}"
                f"  gain {sum(r['gain'] for r in rows):6}"
                f"  CP-SAT s {sum(r['cp_sat_s'] for r in rows):6.1f}"
                f"  mean step s {sum(r['step_s'] for r in rows) / len(rows):.2f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
