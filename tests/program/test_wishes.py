"""Wishes: stated by shadowers, sent to the solver as contract v1.1 preferences, and
counted as met or not in a plan."""

from __future__ import annotations

import pytest
from django.test import Client

from optimizer import parse_problem, solve
from program.ledger import plan_wishes_met
from program.models import Wish
from program.services import ProgramError, wish_add
from rotations.models import Assignment, Employee, HostingSlot, RotationPlan
from rotations.selectors.problem import plan_problem
from rotations.services.errors import NotAllowedError
from rotations.services.plans import plan_apply_solution
from tests.factories import (
    AssignmentFactory,
    EmployeeFactory,
    HostingSlotFactory,
    RepFactory,
    RotationPlanFactory,
    local,
)
from tests.web.people import hr_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def shadower() -> Employee:
    return EmployeeFactory.create(employee_id="E-SAM", name="Sam", tags=[])


def two_slots() -> tuple[HostingSlot, HostingSlot]:
    """Two slots at the same time: Sam can take only one; they are worth the same."""
    first = HostingSlotFactory.create(
        host=RepFactory.create(employee_id="R-ANN"), start=local(2027, 1, 5), kind="ride_along"
    )
    second = HostingSlotFactory.create(
        host=RepFactory.create(employee_id="R-BOB", tags=["solar"]),
        start=local(2027, 1, 5),
        kind="customer_visit",
    )
    return first, second


def plan() -> RotationPlan:
    return RotationPlanFactory.create(rules={"sessions_per_shadower": 1})


def test_a_plan_without_wishes_is_a_version_1_problem(shadower: Employee) -> None:
    doc = plan_problem(plan=plan())
    assert doc["version"] == 1
    assert "preferences" not in doc


def test_wishes_enter_the_problem_as_contract_preferences(shadower: Employee) -> None:
    two_slots()
    wish_add(employee=shadower, target="kind", value="customer_visit", weight=3)
    wish_add(employee=shadower, target="host", value="R-ANN", weight=-1)
    wish_add(employee=shadower, target="tag", value="Solar", weight=1)
    doc = plan_problem(plan=plan())
    assert doc["version"] == 1.1
    assert doc["preferences"] == [
        {"shadower": "E-SAM", "kind": "customer_visit", "weight": 3},
        {"shadower": "E-SAM", "host": "R-ANN", "weight": -1},
        {"shadower": "E-SAM", "tag": "solar", "weight": 1},
    ]
    assert len(parse_problem(doc).preferences) == 3


@pytest.mark.parametrize(("kind", "taken"), [("ride_along", 0), ("customer_visit", 1)])
def test_a_wish_decides_between_equal_slots_and_counts_as_met(
    shadower: Employee, kind: str, taken: int
) -> None:
    slots = two_slots()
    wish_add(employee=shadower, target="kind", value=kind, weight=2)
    the_plan = plan()
    solution = solve(parse_problem(plan_problem(plan=the_plan)), time_limit_s=5, workers=1)
    plan_apply_solution(plan=the_plan, solution=solution)
    assert list(Assignment.objects.filter(plan=the_plan).values_list("slot", flat=True)) == [
        slots[taken].pk
    ]
    met = plan_wishes_met(plan=the_plan)
    assert (met.met, met.stated) == (1, 1)


def test_stating_the_same_wish_again_replaces_it(shadower: Employee) -> None:
    wish_add(employee=shadower, target="tag", value="hvac", weight=1)
    wish_add(employee=shadower, target="tag", value="HVAC", weight=3)
    assert list(Wish.objects.values_list("tag", "weight")) == [("hvac", 3)]


@pytest.mark.parametrize(
    ("target", "value", "weight", "message"),
    [
        ("kind", "karaoke", 2, "not a kind"),
        ("host", "E-SAM", 2, "not an active rep"),
        ("tag", "hvac", 0, "not 0"),
        ("tag", "hvac", 4, "-3 to 3"),
        ("tag", "  ", 1, "say which"),
    ],
)
def test_a_bad_wish_is_refused(
    shadower: Employee, target: str, value: str, weight: int, message: str
) -> None:
    with pytest.raises(ProgramError, match=message):
        wish_add(employee=shadower, target=target, value=value, weight=weight)


def test_only_backroom_people_state_wishes() -> None:
    with pytest.raises(NotAllowedError):
        wish_add(employee=RepFactory.create(), target="tag", value="hvac", weight=1)


def test_a_wish_about_someone_no_longer_a_rep_is_left_out(shadower: Employee) -> None:
    RepFactory.create(employee_id="R-X")
    wish_add(employee=shadower, target="host", value="R-X", weight=2)
    Employee.objects.filter(employee_id="R-X").update(role="backroom")
    doc = plan_problem(plan=plan())
    assert "preferences" not in doc
    parse_problem(doc)  # still a valid problem


def test_with_a_ledger_weight_reps_carry_what_they_hosted_in_the_year_before() -> None:
    rep = RepFactory.create(employee_id="R-BUSY")
    for day, status in ((3, "completed"), (4, "confirmed"), (5, "declined")):
        AssignmentFactory.create(
            shadower=EmployeeFactory.create(),
            slot=HostingSlotFactory.create(host=rep, start=local(2026, 12, day)),
            status=status,
        )
    AssignmentFactory.create(  # more than a year before the plan: not counted
        slot=HostingSlotFactory.create(host=rep, start=local(2025, 12, 1)), status="completed"
    )
    quiet = plan()
    assert "hosted" not in {k for p in plan_problem(plan=quiet)["people"] for k in p}
    weighted = RotationPlanFactory.create(weights={"ledger": 3})
    people = {p["id"]: p for p in plan_problem(plan=weighted)["people"]}
    assert people["R-BUSY"]["hosted"] == 2
    assert parse_problem(plan_problem(plan=weighted)).weights.ledger == 3


def test_the_plan_page_says_how_many_wishes_were_met(shadower: Employee) -> None:
    slots = two_slots()
    wish_add(employee=shadower, target="host", value="R-BOB", weight=2)
    wish_add(employee=shadower, target="kind", value="ride_along", weight=1)
    the_plan = plan()
    Assignment.objects.create(plan=the_plan, shadower=shadower, slot=slots[1])
    client = Client()
    client.force_login(hr_make())
    page = client.get(f"/plans/{the_plan.pk}/").content.decode()
    assert "Wishes met: 1 of 2." in page
