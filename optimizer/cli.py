"""Command line: `python -m optimizer solve|check|generate`.

Exit codes: 0 done (for `check`: the plan is valid), 1 `check` found violations,
2 a document could not be read (every message is printed to stderr, naming the entry).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import Any

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_BAD_INPUT = 2


class _BadInputError(Exception):
    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("\n".join(messages))


def _read_json(path: str) -> Any:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as err:
        raise _BadInputError([f"{path}: cannot read: {err.strerror or err}"]) from err
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise _BadInputError([f"{path}: not JSON: {err}"]) from err


def _write_json(doc: Any, output: str | None) -> None:
    text = json.dumps(doc, indent=2) + "\n"
    if output is None or output == "-":
        sys.stdout.write(text)
    else:
        Path(output).write_text(text, encoding="utf-8")


def _problem(path: str) -> Any:
    from optimizer.parse import ProblemError, parse_problem

    try:
        return parse_problem(_read_json(path))
    except ProblemError as err:
        raise _BadInputError([f"{path}: {message}" for message in err.messages]) from err


def _solve(args: argparse.Namespace) -> int:
    from optimizer.parse import solution_to_dict
    from optimizer.partition import partition_wanted, solve_partitioned
    from optimizer.solve import solve

    problem = _problem(args.problem)
    stop = threading.Event()

    def interrupted(signum: int, frame: FrameType | None) -> None:
        # First Ctrl-C: keep the best plan found so far; the second one aborts.
        stop.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)

    previous = signal.signal(signal.SIGINT, interrupted)
    # The limit counts from the start of the process: starting Python, importing OR-Tools
    # and parsing take seconds on a busy machine, and writing the answer takes a little.
    budget = max(0.1, args.time_limit - _since_start() - _WRITE_RESERVE_S)
    partitioned = args.partition == "on" or (args.partition == "auto" and partition_wanted(problem))
    common: dict[str, Any] = {
        "time_limit_s": budget,
        "workers": args.workers,
        "on_progress": _progress if args.progress else None,
        "stop_event": stop,
    }
    try:
        if partitioned:  # each part chooses its own candidates
            solution = solve_partitioned(problem, **common)
        else:
            solution = solve(problem, per_shadower=args.per_shadower, **common)
    finally:
        signal.signal(signal.SIGINT, previous)
    _write_json(solution_to_dict(solution), args.output)
    if solution.infeasible:
        for message in solution.infeasible:
            print(f"infeasible: {message}", file=sys.stderr)
    return EXIT_OK


_WRITE_RESERVE_S = 0.2


def _since_start() -> float:
    """Seconds since this process started (Linux /proc; 0 where it cannot be read)."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        ticks = os.sysconf("SC_CLK_TCK")
        return max(0.0, uptime - int(fields[19]) / ticks)
    except (OSError, ValueError, IndexError):
        return 0.0


def _progress(objective: int, bound: int, elapsed: float) -> None:
    print(f"{elapsed:7.2f}s  objective {objective}  bound {bound}", file=sys.stderr)


def _check(args: argparse.Namespace) -> int:
    from optimizer.check import check_solution
    from optimizer.parse import ProblemError, parse_solution

    problem = _problem(args.problem)
    try:
        solution = parse_solution(_read_json(args.solution))
    except ProblemError as err:
        raise _BadInputError([f"{args.solution}: {message}" for message in err.messages]) from err
    report = check_solution(problem, solution)
    if report.ok:
        print(
            f"ok {solution.status}: {len(solution.assignments)} assignments, "
            f"objective {report.objective}, {len(solution.unmet)} shadowers unmet"
        )
        return EXIT_OK
    print(f"{len(report.violations)} violations:")
    for violation in report.violations:
        print(f"  {violation}")
    return EXIT_VIOLATIONS


def _generate(args: argparse.Namespace) -> int:
    from optimizer.generate import SIZES, generate_problem
    from optimizer.hard import generate_hard_problem

    if args.size:
        args.shadowers, args.hosts, args.weeks, sites = SIZES[args.size]
        args.sites = args.sites or sites
    if args.shadowers is None or args.hosts is None:
        raise _BadInputError(["generate: give --size, or --shadowers and --hosts"])
    if args.hard:
        hard = generate_hard_problem(
            shadowers=args.shadowers, hosts=args.hosts, weeks=args.weeks, seed=args.seed
        )
        _write_json(hard, args.output)
        return EXIT_OK
    try:
        doc = generate_problem(
            shadowers=args.shadowers,
            hosts=args.hosts,
            weeks=args.weeks,
            seed=args.seed,
            tight=args.tight,
            previous=args.previous,
            sites=args.sites,
        )
    except ValueError as err:  # a count out of range: say which, no traceback
        raise _BadInputError([f"generate: {err}"]) from err
    _write_json(doc, args.output)
    return EXIT_OK


def _per_shadower(text: str) -> int | str | None:
    if text in ("auto", "all"):
        return None if text == "all" else text
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        msg = f"expected auto, all or a positive number, not {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return count


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m optimizer", description="Peer-shadowing scheduler (contract v1)."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    solve = commands.add_parser("solve", help="solve a problem document")
    solve.add_argument("problem", help="problem JSON file ('-' for stdin)")
    solve.add_argument("-o", "--output", help="write the solution here (default: stdout)")
    solve.add_argument("--time-limit", type=float, default=10.0, metavar="S")
    solve.add_argument("--workers", type=int, default=2, metavar="N")
    solve.add_argument("--progress", action="store_true", help="print progress to stderr")
    solve.add_argument(
        "--per-shadower",
        type=_per_shadower,
        default="auto",
        metavar="N|auto|all",
        help="candidate pairs kept per shadower: auto (lean only for very large problems), "
        "all, or a number",
    )
    solve.add_argument(
        "--partition",
        choices=("auto", "on", "off"),
        default="auto",
        help="solve in parts, one after another (auto: when the plan is large; see README)",
    )
    solve.set_defaults(run=_solve)

    check = commands.add_parser("check", help="verify a solution against its problem")
    check.add_argument("problem", help="problem JSON file")
    check.add_argument("solution", help="solution JSON file")
    check.set_defaults(run=_check)

    generate = commands.add_parser("generate", help="write a realistic random problem")
    generate.add_argument(
        "--size", choices=("L", "XL"), help="a named company: L 10,000/1,500, XL 50,000/8,000"
    )
    generate.add_argument("--shadowers", type=int, metavar="N")
    generate.add_argument("--hosts", type=int, metavar="M")
    generate.add_argument("--sites", type=int, metavar="K", help="sites (default 3 or 5; <= 20)")
    generate.add_argument("--weeks", type=int, default=12, metavar="W")
    generate.add_argument("--seed", type=int, default=1, metavar="K")
    generate.add_argument("--tight", action="store_true", help="demand above supply")
    generate.add_argument(
        "--hard", action="store_true", help="the hard family (a real LP gap; see optimizer/hard.py)"
    )
    generate.add_argument(
        "--previous", type=float, default=0.0, metavar="SHARE", help="share with earlier pairs"
    )
    generate.add_argument("-o", "--output", help="write the problem here (default: stdout)")
    generate.set_defaults(run=_generate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except _BadInputError as err:
        for message in err.messages:
            print(message, file=sys.stderr)
        return EXIT_BAD_INPUT
    return code
