"""Who sees what: one selector per entity, used by the API, the pages, feeds and e-mails.

HR sees everything, drafts included. Everyone else sees only what is published: the
assignments of published plans, minus the ones a draft revision adds (until HR publishes it).
A rep sees their own hosting slots and the sessions on them; an employee the sessions they
shadow in and the feedback they wrote. Someone with both roles sees both; someone with no
role, nothing. Anything outside the selector is a 404 for that person.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.db.models import Count, Q, QuerySet

from rotations.models import (
    LIVE_STATUSES,
    PINNED_STATUSES,
    Assignment,
    Feedback,
    HostingSlot,
    Pending,
    RotationPlan,
)
from rotations.roles import employee_for, is_employee, is_hr, is_rep


def assignments_published(
    queryset: QuerySet[Assignment] | None = None,
) -> QuerySet[Assignment]:
    """The assignments people are shown: of published plans, not only in a draft revision."""
    base = Assignment.objects.all() if queryset is None else queryset
    return base.filter(plan__published_at__isnull=False).exclude(pending=Pending.ADD)


def plan_sessions_to_publish(*, plan: RotationPlan) -> QuerySet[Assignment]:
    """HR's view of a plan: the sessions publishing would put in place (the live ones, with
    a draft revision's additions, a cancelled one it proposes again included, and without
    its drops). Without a revision: the plan's live sessions."""
    return (
        Assignment.objects.filter(plan=plan)
        .filter(Q(status__in=LIVE_STATUSES) | Q(pending=Pending.ADD))
        .exclude(pending=Pending.DROP)
        .select_related("shadower", "slot__host")
    )


def assignments_visible_to(*, user: Any) -> QuerySet[Assignment]:
    assignments = Assignment.objects.select_related("slot", "slot__host", "shadower", "plan")
    if is_hr(user):
        return assignments
    me = employee_for(user)
    if me is None:
        return assignments.none()
    mine = Q(pk__in=[])
    if is_rep(user):
        mine |= Q(slot__host=me)
    if is_employee(user):
        mine |= Q(shadower=me)
    return assignments_published(assignments.filter(mine))


def _own(user: Any, queryset: QuerySet[Any], *, role: Callable[[Any], bool], by: str) -> Any:
    """All of `queryset` for HR; for someone in `role`, the rows whose `by` is them."""
    if is_hr(user):
        return queryset
    me = employee_for(user)
    if me is None or not role(user):
        return queryset.none()
    return queryset.filter(**{by: me})


def slots_visible_to(*, user: Any) -> QuerySet[HostingSlot]:
    """Slots with `taken` (seats held by confirmed and completed sessions of any plan)."""
    slots = (
        HostingSlot.objects.select_related("host")
        .annotate(taken=Count("assignments", filter=Q(assignments__status__in=PINNED_STATUSES)))
        .order_by("start", "host_id")
    )  # Meta.ordering does not apply to aggregating queries
    return cast(QuerySet[HostingSlot], _own(user, slots, role=is_rep, by="host"))


def feedback_visible_to(*, user: Any) -> QuerySet[Feedback]:
    feedback = Feedback.objects.select_related("assignment")
    return cast(QuerySet[Feedback], _own(user, feedback, role=is_employee, by="author"))


def plans_visible_to(*, user: Any) -> QuerySet[RotationPlan]:
    """Plans, drafts included, are HR's; people see their sessions, not plans."""
    return RotationPlan.objects.all() if is_hr(user) else RotationPlan.objects.none()
