"""Demo data for the program: a year of earlier plans with completed sessions, a policy,
wishes and a few ideas, so the program page is full after `./scripts/demo`."""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo

from program.models import Idea, IdeaArea, IdeaStatus, Policy, Wish, WishTarget
from rotations.demo.data import PRODUCT_TAGS
from rotations.models import (
    Assignment,
    AssignmentStatus,
    Department,
    Employee,
    HostingSlot,
    PlanStatus,
    Role,
    RotationPlan,
    SlotKind,
)

IDEAS = (
    (IdeaArea.ORDERING, "Show stock levels on the quote, so reps stop calling the warehouse."),
    (IdeaArea.INSTALLS, "Send the install checklist with the order confirmation."),
    (IdeaArea.BILLING, "One invoice per job instead of one per delivery."),
    (IdeaArea.SCHEDULING, "Let contractors book pick-up times online."),
    (IdeaArea.PRODUCT, "A short spec sheet for ductless units in Spanish."),
    (IdeaArea.SUPPORT, "Call back within the hour on warranty claims."),
)


def _quarter_plans(before: dt.date, zone: str) -> list[RotationPlan]:
    """Three archived 12-week plans covering the year before `before`."""
    plans = []
    for back in (3, 2, 1):
        start = before - dt.timedelta(weeks=13 * back)
        plans.append(
            RotationPlan.objects.create(
                name=f"Program history {start:%Y-%m-%d}",
                period_start=start,
                period_end=start + dt.timedelta(weeks=12, days=-1),
                timezone=zone,
                status=PlanStatus.ARCHIVED,
                published_at=dt.datetime.combine(
                    start - dt.timedelta(days=7), dt.time(9), tzinfo=zoneinfo.ZoneInfo(zone)
                ),
            )
        )
    return plans


def _sessions(rng: random.Random, plan: RotationPlan, reps: list[Employee]) -> list[Assignment]:
    """Two slots per rep in the plan's period, filled with people of their site."""
    backroom = list(
        Employee.objects.filter(role=Role.BACKROOM, hire_date__lt=plan.period_start).order_by(
            "employee_id"
        )
    )
    kinds = [SlotKind.RIDE_ALONG, SlotKind.CUSTOMER_VISIT, SlotKind.SALES_CALLS]
    made: list[Assignment] = []
    used: set[int] = set()
    for rep in reps:
        zone = zoneinfo.ZoneInfo(rep.site.timezone)
        for _ in range(2):
            day = plan.period_start + dt.timedelta(days=rng.randrange(0, 80))
            if day.weekday() >= 5:
                day -= dt.timedelta(days=day.weekday() - 4)
            start = dt.datetime.combine(day, dt.time(rng.choice((9, 13))), tzinfo=zone)
            slot, _ = HostingSlot.objects.get_or_create(
                host=rep,
                start=start,
                defaults={
                    "end": start + dt.timedelta(hours=2),
                    "capacity": 2,
                    "kind": rng.choice(kinds),
                    "tags": rng.sample(PRODUCT_TAGS, 1),
                },
            )
            pool = [p for p in backroom if p.site_id == rep.site_id and p.pk not in used]
            for person in rng.sample(pool, min(len(pool), rng.choice((1, 2)))):
                used.add(person.pk)
                made.append(
                    Assignment(
                        plan=plan,
                        shadower=person,
                        slot=slot,
                        status=AssignmentStatus.COMPLETED,
                        version=3,
                    )
                )
    return Assignment.objects.bulk_create(made)


def program_demo_seed(*, rng: random.Random, before: dt.date, zone: str) -> int:
    """A year of history before `before`, a policy, wishes and ideas; returns the
    number of sessions added."""
    Policy.objects.create(sessions=2, months=12, new_hire_days=60)
    reps = list(Employee.objects.filter(role=Role.REP).select_related("site").order_by("pk"))
    sessions: list[Assignment] = []
    for plan in _quarter_plans(before, zone):
        sessions += _sessions(rng, plan, reps)

    backroom = list(Employee.objects.filter(role=Role.BACKROOM).order_by("employee_id"))
    for person in rng.sample(backroom, len(backroom) // 3):
        target = rng.choice(list(WishTarget))
        wish = Wish(employee=person, target=target, weight=rng.choice((3, 2, 2, 1, -1)))
        if target == WishTarget.KIND:
            wish.kind = rng.choice([SlotKind.CUSTOMER_VISIT, SlotKind.RIDE_ALONG])
        elif target == WishTarget.TAG:
            wish.tag = rng.choice(PRODUCT_TAGS)
        else:
            wish.host = rng.choice([r for r in reps if r.site_id == person.site_id] or reps)
        wish.save()

    departments = list(Department.objects.order_by("name"))
    for assignment, (area, text) in zip(
        rng.sample(sessions, min(12, len(sessions))), IDEAS * 2, strict=False
    ):
        idea = Idea(assignment=assignment, author=assignment.shadower, text=text, area=area)
        fate = rng.random()
        if fate > 0.3:
            idea.owner = rng.choice(departments)
            idea.status = IdeaStatus.ACCEPTED if fate < 0.7 else IdeaStatus.DONE
            if idea.status == IdeaStatus.DONE:
                idea.outcome = "Rolled out to every site."
        idea.save()
    return len(sessions)
