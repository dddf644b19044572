"""The program pages: HR's program page, employees' wishes and ideas, reps' ideas."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client

from program.models import Idea, Wish
from rotations.models import RotationPlan
from tests.program.conftest import Session


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_program_page_is_for_hr_only(session: Session) -> None:
    page = signed_in(session.hr).get("/program/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Due (2)" in text
    assert "Rita Rep" in text  # the host ledger
    assert signed_in(session.shadower).get("/program/").status_code == 403


def test_the_due_list_filters_and_exports(session: Session) -> None:
    hr = signed_in(session.hr)
    csv = hr.get("/program/?format=csv").content.decode().splitlines()
    assert csv[0].startswith("employee_id,name,department,site")
    assert [line.split(",")[0] for line in csv[1:]] == ["E-OTTO", "E-SAM"]
    assert "Due (0)" in hr.get("/program/?site=Nowhere").content.decode()


def test_hr_saves_the_policy_and_plans_the_next_period(session: Session) -> None:
    hr = signed_in(session.hr)
    hr.post("/program/policy/", {"sessions": 1, "months": 12, "new_hire_days": 60})
    answer = hr.post("/program/plan-next/")
    plan = RotationPlan.objects.get(name__startswith="Program")
    assert answer["Location"] == f"/plans/{plan.pk}/"
    assert [e.employee_id for e in plan.scope.participants.all()] == ["E-OTTO"]


def test_an_employee_states_a_wish_and_leaves_an_idea(session: Session) -> None:
    sam = signed_in(session.shadower)
    answer = sam.post("/program/mine/", {"target": "tag", "value": "hvac", "weight": 3})
    assert answer.status_code == 302
    assert Wish.objects.get().tag == "hvac"
    assert "Very much: topic hvac" in sam.get("/program/mine/").content.decode()
    assert f"/program/sessions/{session.past.pk}/idea/" in sam.get("/sessions/").content.decode()
    sam.post(
        f"/program/sessions/{session.past.pk}/idea/", {"text": "Faster quotes", "area": "ordering"}
    )
    idea = Idea.objects.get()
    signed_in(session.hr).post(
        f"/program/ideas/{idea.pk}/triage/",
        {"status": "accepted", "owner": session.billing.pk, "outcome": ""},
    )
    idea.refresh_from_db()
    assert idea.status == "accepted"
    assert "Faster quotes" in signed_in(session.rep).get("/program/hosted-ideas/").content.decode()
    assert "Faster quotes" in signed_in(session.hr).get("/program/").content.decode()


def test_another_employee_cannot_add_an_idea_to_someone_elses_session(session: Session) -> None:
    other = signed_in(session.other)
    assert other.get(f"/program/sessions/{session.past.pk}/idea/").status_code == 404


def test_hr_reads_one_persons_history(session: Session) -> None:
    page = signed_in(session.hr).get("/program/people/E-SAM/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Rita Rep" in text and "Now" in text and "Due" in text
    assert signed_in(session.hr).get("/program/people/R-RITA/").status_code == 404
    assert signed_in(session.shadower).get("/program/people/E-SAM/").status_code == 403
