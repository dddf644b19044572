"""What each person may see: querysets cut to their role, so another person's object is a 404.

HR sees everything. A rep sees their own hosting slots and the assignments to them; an
employee sees the assignments they shadow in and the feedback they wrote. Someone with both
roles sees both; someone with no role sees nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from rotations.models import Assignment, Feedback, HostingSlot
from rotations.roles import employee_for, is_employee, is_hr, is_rep
from rotations.services.booking import TAKEN_STATUSES


def slots_for(user: Any) -> QuerySet[HostingSlot]:
    slots = (
        HostingSlot.objects.select_related("host")
        .annotate(taken=Count("assignments", filter=Q(assignments__status__in=TAKEN_STATUSES)))
        .order_by("start", "host_id")
    )  # Meta.ordering does not apply to aggregating queries
    if is_hr(user):
        return slots
    me = employee_for(user)
    if me is None or not is_rep(user):
        return slots.none()
    return slots.filter(host=me)


def assignments_for(user: Any) -> QuerySet[Assignment]:
    assignments = Assignment.objects.select_related("slot", "shadower", "plan")
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
    return assignments.filter(mine)


def feedback_for(user: Any) -> QuerySet[Feedback]:
    feedback = Feedback.objects.select_related("assignment")
    if is_hr(user):
        return feedback
    me = employee_for(user)
    if me is None or not is_employee(user):
        return feedback.none()
    return feedback.filter(author=me)
