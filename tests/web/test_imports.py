"""HR: CSV upload; a bad file shows every bad row in the page and writes nothing."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rotations.models import Employee, HostingSlot
from tests.factories import RepFactory, RotationPlanFactory
from tests.web.people import hr_make

pytestmark = pytest.mark.django_db

STAFF = (
    "employee_id,name,email,role,department,site,timezone\n"
    "E1,Ann Lee,ann@example.com,backroom,Accounting,Detroit,America/Detroit\n"
    "R1,Rita Rep,rita@example.com,rep,Field Sales,Detroit,America/Detroit\n"
)


def _upload(client: Client, content: str, kind: str = "staff", **extra: str):
    """Check the file, then confirm the preview when there is one."""
    data = {"kind": kind, "file": SimpleUploadedFile("people.csv", content.encode()), **extra}
    preview = client.post("/imports/", data)
    if preview.status_code != 200:
        return preview
    token = re.search(r'name="confirm" value="([^"]+)"', preview.content.decode())
    assert token, preview.content.decode()
    return client.post("/imports/", {"confirm": token.group(1)})


def test_the_form_labels_every_field(hr_client: Client) -> None:
    page = hr_client.get("/imports/").content.decode()
    for field in ("kind", "file", "plan"):
        assert f'<label for="id_{field}">' in page
    assert 'enctype="multipart/form-data"' in page
    assert 'aria-describedby="id_file_helptext"' in page
    assert 'id="id_file_helptext"' in page


def test_a_good_file_is_imported_and_counted(hr_client: Client) -> None:
    response = _upload(hr_client, STAFF)
    assert response["Location"] == "/imports/"
    assert set(Employee.objects.values_list("employee_id", flat=True)) == {"E1", "R1"}
    page = hr_client.get("/imports/").content.decode()
    assert "people.csv: staff: 2 created, 0 updated, 0 unchanged" in page


def test_a_bad_file_lists_each_bad_row_and_writes_nothing(hr_client: Client) -> None:
    bad = STAFF + (
        "E2,Bo,not-an-email,backroom,Accounting,Detroit,America/Detroit\n"
        "E3,Cy,cy@example.com,manager,Accounting,Detroit,America/Detroit\n"
    )
    response = _upload(hr_client, bad)
    assert response.status_code == 400
    page = response.content.decode()
    report = page[page.index('id="import-report"') :]
    assert "staff: 2 bad row(s), nothing was written" in report
    assert '<td class="num">4</td><td>email</td>' in report
    assert '<td class="num">5</td><td>role</td>' in report
    assert not Employee.objects.exists()


def test_a_file_without_the_needed_columns_is_reported(hr_client: Client) -> None:
    response = _upload(hr_client, "employee_id,name\nE1,Ann\n")
    assert response.status_code == 400
    assert "missing column" in response.content.decode()


def test_a_file_that_is_not_utf8_is_reported(hr_client: Client) -> None:
    data = {"kind": "staff", "file": SimpleUploadedFile("x.csv", "name\nJosé".encode("latin-1"))}
    response = hr_client.post("/imports/", data)
    assert response.status_code == 400
    assert "is not UTF-8" in response.content.decode()


def test_recurring_slots_expand_over_the_chosen_plan(hr_client: Client) -> None:
    RepFactory.create(employee_id="R1")
    plan = RotationPlanFactory.create(period_start="2027-01-04", period_end="2027-01-17")
    slots = (
        "host_employee_id,capacity,kind,rrule,dtstart,duration\n"
        "R1,2,ride_along,FREQ=WEEKLY;BYDAY=TU,2027-01-05 09:00,PT2H\n"
    )
    without = _upload(hr_client, slots, kind="slots")
    assert without.status_code == 400
    assert not HostingSlot.objects.exists()
    response = _upload(hr_client, slots, kind="slots", plan=str(plan.pk))
    assert response.status_code == 302
    assert HostingSlot.objects.count() == 2


def test_a_good_file_is_previewed_and_nothing_is_written_until_confirmed(hr_client: Client) -> None:
    data = {"kind": "staff", "file": SimpleUploadedFile("people.csv", STAFF.encode())}
    preview = hr_client.post("/imports/", data)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "people.csv: staff: 2 to create, 0 to update, 0 unchanged (dry run" in page
    assert "Columns applied: employee_id, name, email, role, department, site, timezone." in page
    assert not Employee.objects.exists()
    token = re.search(r'name="confirm" value="([^"]+)"', page)
    assert token
    done = hr_client.post("/imports/", {"confirm": token.group(1)})
    assert done.status_code == 302
    assert Employee.objects.count() == 2
    again = hr_client.post("/imports/", {"confirm": token.group(1)}, follow=True)
    assert "That preview has expired" in again.content.decode()
    assert Employee.objects.count() == 2


def test_the_preview_lists_the_fields_each_update_changes(hr_client: Client) -> None:
    _upload(hr_client, STAFF)
    changed = STAFF.replace("ann@example.com", "ann.lee@example.com")
    data = {"kind": "staff", "file": SimpleUploadedFile("people.csv", changed.encode())}
    page = hr_client.post("/imports/", data).content.decode()
    assert "0 to create, 1 to update, 1 unchanged" in page
    assert "<td>E1</td><td>email</td>" in page


def test_a_body_above_the_limit_is_413_before_it_is_read(hr_client: Client, settings) -> None:
    """Not even multipart: had the page parsed the body it would have failed otherwise."""
    settings.API_UPLOAD_MAX_BYTES = 10
    response = hr_client.generic(
        "POST",
        "/imports/",
        "not multipart at all, and too long",
        content_type="multipart/form-data; boundary=nothing",
    )
    assert response.status_code == 413
    assert "the limit is 10" in response.content.decode()


def test_the_page_still_checks_the_csrf_token(db: None) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(hr_make())
    data = {"kind": "staff", "file": SimpleUploadedFile("people.csv", STAFF.encode())}
    assert client.post("/imports/", data).status_code == 403
    assert not Employee.objects.exists()


def test_a_nul_byte_is_reported_in_the_page_not_a_server_error(hr_client: Client) -> None:
    response = _upload(hr_client, STAFF.replace("Rita", "Ri\x00ta"))
    assert response.status_code == 400
    assert "contains a NUL byte" in response.content.decode()
