"""Program writes: the policy, wishes, ideas and their triage, and "plan next period".

Keyword-only `<entity>_<action>` functions, like rotations/services; views and the API are
thin callers. They raise rotations' ServiceError subclasses, which both entry points
already turn into a message or an HTTP answer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from program.history import due_list, policy_get
from program.models import DraftScope, Idea, IdeaArea, IdeaStatus, Policy, Wish, WishTarget
from rotations.models import Assignment, Department, Employee, Role, RotationPlan, SlotKind
from rotations.services.errors import NotAllowedError, ServiceError
from rotations.services.plans import plan_create

DEFAULT_WEEKS = 12


class ProgramError(ServiceError):
    """A program request that cannot be done as asked."""


def policy_update(*, sessions: int, months: int, new_hire_days: int, by: Any = None) -> Policy:
    if months < 1 or sessions < 0 or new_hire_days < 0:
        raise ProgramError("sessions and days must be 0 or more, months at least 1")
    return Policy.objects.create(
        sessions=sessions, months=months, new_hire_days=new_hire_days, updated_by=by
    )


def wish_add(
    *,
    employee: Employee,
    target: str,
    value: str,
    weight: int,
) -> Wish:
    """A new wish of a backroom employee; stating the same target again replaces it."""
    if employee.role != Role.BACKROOM:
        raise NotAllowedError("only backroom employees state wishes")
    if weight == 0 or not -3 <= weight <= 3:
        raise ProgramError("the weight is -3 to 3, not 0")
    value = value.strip()
    if not value:
        raise ProgramError("say which kind, topic or rep")
    fields: dict[str, Any] = {"kind": "", "tag": "", "host": None}
    if target == WishTarget.KIND:
        if value not in SlotKind.values:
            raise ProgramError(f'"{value}" is not a kind of session')
        fields["kind"] = value
    elif target == WishTarget.TAG:
        fields["tag"] = value.lower()
    elif target == WishTarget.HOST:
        host = Employee.objects.filter(employee_id=value, role=Role.REP, active=True).first()
        if host is None:
            raise ProgramError(f'"{value}" is not an active rep')
        fields["host"] = host
    else:
        raise ProgramError(f'"{target}" is not kind, tag or host')
    with transaction.atomic():
        Wish.objects.filter(employee=employee, target=target, **fields).delete()
        return Wish.objects.create(employee=employee, target=target, weight=weight, **fields)


def wish_remove(*, wish: Wish, by: Employee | None) -> None:
    if by is not None and wish.employee_id != by.pk:
        raise NotAllowedError("this wish is someone else's")
    wish.delete()


def idea_submit(*, assignment: Assignment, author: Employee, text: str, area: str) -> Idea:
    """ "One thing we could do better", by the shadower, once the session is over."""
    if assignment.shadower_id != author.pk:
        raise NotAllowedError("only the shadower of this session may add an idea to it")
    if assignment.slot.end > timezone.now():
        raise ProgramError("ideas open once the session is over")
    if not text.strip():
        raise ProgramError("write the idea")
    if area not in IdeaArea.values:
        raise ProgramError(f'"{area}" is not an area')
    return Idea.objects.create(assignment=assignment, author=author, text=text.strip(), area=area)


# new -> accepted -> done; new or accepted -> declined; nothing leaves done or declined.
IDEA_MOVES = {
    IdeaStatus.NEW: {IdeaStatus.ACCEPTED, IdeaStatus.DECLINED},
    IdeaStatus.ACCEPTED: {IdeaStatus.DONE, IdeaStatus.DECLINED},
    IdeaStatus.DONE: set(),
    IdeaStatus.DECLINED: set(),
}


def idea_triage(
    *,
    idea: Idea,
    status: str | None = None,
    owner: Department | None = None,
    outcome: str | None = None,
) -> Idea:
    """HR moves an idea along and gives it an owner department and an outcome."""
    if status is not None and status != idea.status:
        if status not in IDEA_MOVES.get(IdeaStatus(idea.status), set()):
            raise ProgramError(f"an idea cannot go from {idea.status} to {status}")
        if status in (IdeaStatus.ACCEPTED, IdeaStatus.DONE) and (owner or idea.owner) is None:
            raise ProgramError("give the idea an owner department first")
        idea.status = status
    if owner is not None:
        idea.owner = owner
    if outcome is not None:
        idea.outcome = outcome.strip()
    idea.save()
    return idea


def _next_period(today: dt.date) -> tuple[dt.date, dt.date, RotationPlan | None]:
    last = RotationPlan.objects.order_by("-period_end", "-pk").first()
    if last is None:
        start = today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)  # next Monday
        return start, start + dt.timedelta(days=7 * DEFAULT_WEEKS - 1), None
    length = last.period_end - last.period_start
    start = max(last.period_end + dt.timedelta(days=1), today)
    return start, start + length, last


def plan_next_period_due(*, today: dt.date, days_before: int = 14) -> RotationPlan | None:
    """The scheduled draft (beat, daily): once the last plan ends within `days_before`
    days, draft the next one, once; None when it is not time yet, or nobody is due."""
    last = RotationPlan.objects.order_by("-period_end", "-pk").first()
    if last is None or (last.period_end - today).days > days_before:
        return None
    if DraftScope.objects.filter(plan__period_start__gt=last.period_start).exists():
        return None
    try:
        return plan_next_period(today=today)
    except ProgramError:
        return None


def plan_next_period(*, today: dt.date | None = None) -> RotationPlan:
    """A draft plan for the period after the last one, with the rules, weights and zone of
    the last plan, for exactly the people due by the end of that period (new hires first).
    History feeds novelty by itself: the problem's `history` holds every earlier session."""
    today = today or timezone.localdate()
    start, end, last = _next_period(today)
    policy = policy_get()
    due = due_list(on=end, policy=policy)  # due at some point in the period
    hired_since = start - dt.timedelta(days=policy.new_hire_days)
    if not due:
        raise ProgramError("nobody is due in the next period")
    name = f"Program {start:%Y-%m-%d}"
    if RotationPlan.objects.filter(name=name).exists():
        raise ProgramError(f'a plan named "{name}" already exists')
    with transaction.atomic():
        plan = plan_create(
            name=name,
            period_start=start,
            period_end=end,
            timezone_name=last.timezone if last else None,
            rules=dict(last.rules) if last else None,
            weights=dict(last.weights) if last else None,
        )
        scope = DraftScope.objects.create(plan=plan)
        scope.participants.set([row.employee for row in due])
        scope.new_hires.set(
            [
                r.employee
                for r in due
                if r.employee.hire_date and r.employee.hire_date >= hired_since
            ]
        )
    return plan
