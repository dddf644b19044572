"""Sessions that stand on a slot or a person: what a delete would destroy, and cancelling
them when the slot is cancelled or the person leaves (people are told; see `notices`)."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from rotations.models import Assignment, AssignmentStatus, Pending, RotationPlan
from rotations.services.errors import ConflictError
from rotations.services.notices import plan_sessions_announce

# Sessions still to happen or that happened: a delete would take them (and feedback) along.
_KEPT = (AssignmentStatus.PROPOSED, AssignmentStatus.CONFIRMED, AssignmentStatus.COMPLETED)
# Sessions a cancelled slot or a departed person no longer hold.
_CANCELLABLE = (AssignmentStatus.PROPOSED, AssignmentStatus.CONFIRMED)


def sessions_on(where: Q) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(where, status__in=_KEPT)
        .select_related("slot__host", "shadower", "plan")
        .order_by("slot__start", "pk")
    )


def sessions_refuse_delete(*, where: Q, what: str) -> None:
    """ConflictError listing the sessions (and feedback) a delete of `what` would destroy."""
    held = list(sessions_on(where))
    if not held:
        return
    listed = "; ".join(
        f"assignment {a.pk} ({a.shadower.name} with {a.slot.host.name}, "
        f"{a.slot.start:%Y-%m-%d %H:%M}, {a.status}, plan {a.plan.name})"
        for a in held[:20]
    )
    more = f" and {len(held) - 20} more" if len(held) > 20 else ""
    raise ConflictError(
        f"{what} has {len(held)} session(s): {listed}{more}. Cancel or deactivate it "
        "instead: its sessions are cancelled and people are told.",
        field="sessions",
    )


def sessions_cancel(*, where: Q) -> int:
    """Cancel the upcoming proposed or confirmed sessions matching `where`; announce the
    plans whose published sessions changed. Returns how many were cancelled."""
    upcoming = Assignment.objects.filter(
        where, status__in=_CANCELLABLE, slot__end__gt=timezone.now()
    )
    plan_ids = set(upcoming.values_list("plan_id", flat=True))
    count = upcoming.update(
        status=AssignmentStatus.CANCELLED,
        pending=Pending.NONE,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    for plan in RotationPlan.objects.filter(pk__in=plan_ids, published_at__isnull=False):
        plan_sessions_announce(plan=plan)
    return count
