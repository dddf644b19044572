"""CSV imports over HTTP: the command's services and report, all or nothing, size-limited."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from program.models import Wish
from rotations.models import Employee, HostingSlot
from tests.api.conftest import World, error_fields

STAFF = (
    "employee_id,name,email,role,department,site,timezone\n"
    "N1,Nora New,n1@example.com,backroom,Accounting,Detroit,America/Detroit\n"
    "N2,Ned New,n2@example.com,rep,Field Sales,Detroit,America/Detroit\n"
)


def _upload(text: str | bytes, name: str = "staff.csv") -> SimpleUploadedFile:
    data = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_a_good_file_is_imported_and_reported(world: World):
    response = world.client("hr").post(
        "/api/v1/imports/staff/", {"file": _upload(STAFF)}, format="multipart"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["ok"], body["created"], body["errors"]) == (True, 2, [])
    assert body["summary"] == "staff: 2 created, 0 updated, 0 unchanged"
    assert Employee.objects.filter(employee_id__in=["N1", "N2"]).count() == 2


def test_one_bad_row_writes_nothing_and_every_bad_row_is_named(world: World):
    bad = STAFF + "N3,,n3@example.com,boss,Accounting,Detroit,America/Detroit\n"
    response = world.client("hr").post(
        "/api/v1/imports/staff/", {"file": _upload(bad)}, format="multipart"
    )
    assert response.status_code == 400
    body = response.json()
    assert {(e["field"], e["line"]) for e in body["errors"]} == {("name", 4), ("role", 4)}
    assert body["report"]["summary"] == "staff: 1 bad row(s), nothing was written"
    assert not Employee.objects.filter(employee_id__startswith="N").exists()


def test_a_file_that_is_not_csv_text_is_refused(world: World):
    hr = world.client("hr")
    latin1 = hr.post(
        "/api/v1/imports/staff/",
        {"file": _upload("name\nJos\xe9\n".encode("latin-1"))},
        format="multipart",
    )
    assert latin1.status_code == 400 and "UTF-8" in latin1.json()["errors"][0]["message"]
    nul = hr.post("/api/v1/imports/staff/", {"file": _upload(b"a,b\x00\n")}, format="multipart")
    assert nul.status_code == 400
    missing = hr.post("/api/v1/imports/staff/", {}, format="multipart")
    assert missing.status_code == 400 and error_fields(missing) == ["file"]


def test_recurring_slots_expand_over_the_named_plan(world: World):
    csv = (
        "host_employee_id,capacity,kind,rrule,dtstart,duration\n"
        "R1,2,ride_along,FREQ=WEEKLY;BYDAY=MO,2027-01-04 09:00,PT2H\n"
    )
    hr = world.client("hr")
    response = hr.post(
        "/api/v1/imports/slots/",
        {"file": _upload(csv), "plan": world.plan.pk},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 4  # the Mondays of January 2027
    assert HostingSlot.objects.filter(host=world.rep).count() == 6
    unknown = hr.post(
        "/api/v1/imports/slots/", {"file": _upload(csv), "plan": 999999}, format="multipart"
    )
    assert unknown.status_code == 400 and error_fields(unknown) == ["plan"]


def test_an_upload_above_the_limit_is_413_before_it_is_read(world: World, settings):
    settings.API_UPLOAD_MAX_BYTES = 1000
    hr = world.client("hr")
    big = STAFF + "".join(
        f"X{i},Person {i},x{i}@example.com,backroom,Accounting,Detroit,America/Detroit\n"
        for i in range(40)
    )
    response = hr.post("/api/v1/imports/staff/", {"file": _upload(big)}, format="multipart")
    assert response.status_code == 413
    assert error_fields(response) == ["file"]
    assert not Employee.objects.filter(employee_id__startswith="X").exists()


def test_the_size_is_judged_from_content_length_without_reading_the_body(world: World, settings):
    """A body that is not even multipart gets 413, not a parse error: it was never parsed."""
    settings.API_UPLOAD_MAX_BYTES = 10
    response = world.client("hr").generic(
        "POST",
        "/api/v1/imports/staff/",
        "not multipart at all, and too long",
        content_type="multipart/form-data; boundary=nothing",
    )
    assert response.status_code == 413


def test_a_dry_run_reports_the_changes_and_writes_nothing(world: World):
    hr = world.client("hr")
    hr.post("/api/v1/imports/staff/", {"file": _upload(STAFF)}, format="multipart")
    changed = STAFF.replace("Nora New,n1@example.com", "Nora Old,nora@example.com")
    response = hr.post(
        "/api/v1/imports/staff/?dry_run=1", {"file": _upload(changed)}, format="multipart"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["dry_run"], body["created"], body["updated"], body["unchanged"]) == (
        True,
        0,
        1,
        1,
    )
    assert body["changes"] == [{"key": "N1", "fields": ["name", "email"]}]
    assert body["columns"] == [
        "employee_id",
        "name",
        "email",
        "role",
        "department",
        "site",
        "timezone",
    ]
    assert Employee.objects.get(employee_id="N1").name == "Nora New"


WISHES = "employee_id,target,value,weight\nE1,kind,customer_visit,3\nE1,host,R1,-1\nE2,tag,HVAC,2\n"


def _wishes() -> list[tuple[str, str, int]]:
    return sorted(
        (w.employee.employee_id, w.target, w.weight)
        for w in Wish.objects.select_related("employee")
    )


def test_wishes_are_imported_through_the_api_as_hr(world: World):
    response = world.client("hr").post(
        "/api/v1/imports/wishes/", {"file": _upload(WISHES, "wishes.csv")}, format="multipart"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["kind"], body["ok"], body["created"]) == ("wishes", True, 3)
    assert [w[:2] for w in _wishes()] == [("E1", "host"), ("E1", "kind"), ("E2", "tag")]
    refused = world.client("employee").post(
        "/api/v1/imports/wishes/", {"file": _upload(WISHES, "wishes.csv")}, format="multipart"
    )
    assert refused.status_code == 403


def test_a_wishes_dry_run_writes_nothing_and_a_bad_row_is_named(world: World):
    hr = world.client("hr")
    dry = hr.post(
        "/api/v1/imports/wishes/?dry_run=1",
        {"file": _upload(WISHES, "wishes.csv")},
        format="multipart",
    )
    assert dry.status_code == 200, dry.content
    assert (dry.json()["dry_run"], dry.json()["created"]) == (True, 3)
    assert _wishes() == []
    bad = WISHES + "E404,kind,customer_visit,3\nE2,tag,HVAC,9\n"
    response = hr.post(
        "/api/v1/imports/wishes/", {"file": _upload(bad, "wishes.csv")}, format="multipart"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [e["line"] for e in errors] == [5, 6]
    assert errors[0]["field"] == "employee_id" and "weight" in errors[1]["message"]
    assert _wishes() == []


def test_a_wishes_upload_above_the_limit_is_413(world: World, settings):
    settings.API_UPLOAD_MAX_BYTES = 100
    response = world.client("hr").post(
        "/api/v1/imports/wishes/",
        {"file": _upload(WISHES * 5, "wishes.csv")},
        format="multipart",
    )
    assert response.status_code == 413 and error_fields(response) == ["file"]
