"""Plain-text rendering of a plan summary, for the terminal."""

from __future__ import annotations

from rotations.selectors.summary import PlanSummary, RunFacts


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def _run_line(run: RunFacts) -> str:
    if run.status != "succeeded":
        return f"Last solve {run.status}: {run.error or run.solver_status}"
    line = f"Solver: {run.solver_status}"
    if run.wall_s is not None:
        line += f" after {run.wall_s:.1f} s"
    if run.parts:
        line += f" in {run.parts} parts"
    figures = []
    if run.objective is not None:
        figures.append(f"objective {run.objective}")
    if run.bound is not None:
        figures.append(f"bound {run.bound}")
    if run.gap is not None:
        figures.append(f"gap {100 * run.gap:.2f}%")
    line += f"; {', '.join(figures)}" if figures else ""
    # The bound is proven: say what the gap promises, not a figure HR reads as "this much worse".
    return line + (f"\n  (the bound is proven: {run.headroom})" if run.headroom else "")


def format_summary(summary: PlanSummary, *, plan_key: str) -> str:
    start, end = summary.period
    lines = [
        f'Plan "{summary.plan}"  {start} .. {end} ({summary.timezone}), status {summary.status}',
    ]
    if summary.last_run is not None:
        lines.append(_run_line(summary.last_run))
    lines += [
        "",
        f"Sessions placed: {summary.sessions_placed} / {summary.sessions_required} required "
        f"({_percent(summary.sessions_placed, summary.sessions_required)}); "
        f"{summary.shadowers_complete} of {summary.shadowers} shadowers have all their sessions",
        "",
        "Shortfall by reason (a shadower may have several):",
    ]
    if summary.shortfall:
        width = max(len(s.reason) for s in summary.shortfall)
        lines += [
            f"  {s.reason:<{width}}  {s.shadowers:>4} shadowers  {s.sessions:>4} sessions"
            for s in summary.shortfall
        ]
    else:
        lines.append("  none: every shadower has every session")
    lines += ["", "Busiest hosts:"]
    lines += [
        f"  {h.name} ({h.employee_id}, {h.site}): {h.sessions} sessions"
        for h in summary.busiest_hosts
    ] or ["  nobody hosts yet"]
    lines += ["", "Department coverage:"]
    if summary.departments:
        width = max(len(d.department) for d in summary.departments)
        lines.append(
            f"  {'department':<{width}}  {'shadowers':>9}  {'placed':>6}/{'required':<8}  "
            f"{'share':>6}  {'max away':>8}"
        )
        lines += [
            f"  {d.department:<{width}}  {d.shadowers:>9}  {d.placed:>6}/{d.required:<8}  "
            f"{100 * d.share:>5.1f}%  {d.max_away if d.max_away is not None else '-':>8}"
            for d in summary.departments
        ]
    quoted = f'"{plan_key}"' if " " in plan_key else plan_key
    lines += [
        "",
        "Where to look next:",
        f"  every assignment:  python manage.py export_plan {quoted} --format csv",
        f"  solver's answer:   python manage.py export_plan {quoted} --format json"
        "  (unmet: who is short, and why)",
        "  the pages:         python manage.py grant_role hr-trial hr (it prints a password),"
        " then runserver, http://127.0.0.1:8000/",
        "  the admin:         python manage.py createsuperuser, then"
        " http://127.0.0.1:8000/admin/rotations/",
        "  the API:           http://127.0.0.1:8000/api/docs/",
        f"  solve again:       python manage.py solve_plan {quoted} --time-limit 60",
    ]
    return "\n".join(lines)
