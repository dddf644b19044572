"""The program's REST API, with the pages' roles."""

from __future__ import annotations

from django.core.cache import cache
from rest_framework.test import APIClient

from program.models import Idea, Policy, Wish
from tests.api.conftest import client_for
from tests.program.conftest import Session


def api(user: object) -> APIClient:
    cache.clear()  # throttling counts per test
    return client_for(user)  # type: ignore[arg-type]


def test_hr_reads_the_due_list_and_ledger_and_edits_the_policy(session: Session) -> None:
    hr = api(session.hr)
    due = hr.get("/api/v1/program/due/").json()
    assert [row["employee_id"] for row in due] == ["E-OTTO", "E-SAM"]  # Sam has 1 of 2
    ledger = hr.get("/api/v1/program/ledger/").json()
    assert [(r["employee_id"], r["shadowers"]) for r in ledger] == [("R-RITA", 1)]
    answer = hr.put(
        "/api/v1/program/policy/", {"sessions": 1, "months": 12, "new_hire_days": 30}, "json"
    )
    assert answer.status_code == 200
    assert Policy.objects.latest("pk").sessions == 1
    assert [r["employee_id"] for r in hr.get("/api/v1/program/due/").json()] == ["E-OTTO"]


def test_employees_and_reps_may_not_read_the_due_list(session: Session) -> None:
    for user in (session.shadower, session.rep):
        assert api(user).get("/api/v1/program/due/").status_code == 403
        assert api(user).post("/api/v1/program/plan-next/").status_code == 403


def test_hr_drafts_the_next_plan(session: Session) -> None:
    answer = api(session.hr).post("/api/v1/program/plan-next/")
    assert answer.status_code == 201, answer.json()
    assert answer.json()["participants"] == ["E-OTTO", "E-SAM"]


def test_an_employee_keeps_their_own_wishes(session: Session) -> None:
    sam = api(session.shadower)
    made = sam.post("/api/v1/wishes/", {"target": "host", "value": "R-RITA", "weight": 3}, "json")
    assert made.status_code == 201, made.json()
    assert made.json()["host"] == "R-RITA"
    bad = sam.post("/api/v1/wishes/", {"target": "kind", "value": "karaoke", "weight": 3}, "json")
    assert bad.status_code == 400
    assert api(session.other).get("/api/v1/wishes/").json()["results"] == []
    wish = Wish.objects.get()
    assert api(session.other).delete(f"/api/v1/wishes/{wish.pk}/").status_code == 404
    assert len(api(session.hr).get("/api/v1/wishes/").json()["results"]) == 1
    assert sam.delete(f"/api/v1/wishes/{wish.pk}/").status_code == 204


def test_ideas_flow_from_shadower_to_hr_to_rep(session: Session) -> None:
    body = {"assignment": session.past.pk, "text": "Show stock", "area": "ordering"}
    assert api(session.other).post("/api/v1/ideas/", body, "json").status_code == 400
    made = api(session.shadower).post("/api/v1/ideas/", body, "json")
    assert made.status_code == 201, made.json()
    pk = made.json()["id"]
    assert (
        api(session.shadower)
        .patch(f"/api/v1/ideas/{pk}/", {"status": "accepted"}, "json")
        .status_code
        == 403
    )
    triaged = api(session.hr).patch(
        f"/api/v1/ideas/{pk}/", {"status": "accepted", "owner": "Billing"}, "json"
    )
    assert triaged.status_code == 200, triaged.json()
    assert Idea.objects.get().status == "accepted"
    seen = api(session.rep).get("/api/v1/ideas/").json()["results"]
    assert [(i["text"], i["owner"]) for i in seen] == [("Show stock", "Billing")]
    assert api(session.other).get(f"/api/v1/ideas/{pk}/").status_code == 404


def test_hr_reads_everyones_history(session: Session) -> None:
    rows = {r["employee_id"]: r for r in api(session.hr).get("/api/v1/program/history/").json()}
    assert rows["E-SAM"]["due"] is True
    assert [(s["host"], s["plan"]) for s in rows["E-SAM"]["history"]] == [("Rita Rep", "Now")]
    assert rows["E-OTTO"]["history"] == []
    assert api(session.shadower).get("/api/v1/program/history/").status_code == 403
