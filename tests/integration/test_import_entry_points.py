"""Real-world files through the API, the page and the command: the same outcome each way.

Each entry point is a thin caller of one import service, so a file is read, checked and
written the same whether it comes over HTTP, through the form or from the shell.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from rotations.models import Employee, Unavailability
from rotations.services.jobs import solve_start
from rotations.services.plans import plan_publish
from tests.commands import run_command
from tests.factories import EmployeeFactory
from tests.integration.company import Company, small_company
from tests.web.people import hr_make

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Outcome:
    ok: bool
    text: str  # the summary and every error message, as that entry point shows them


Entry = Callable[[str, bytes, bool], Outcome]


def _hr(username: str) -> User:
    return User.objects.filter(username=username).first() or hr_make(username)


def _via_api(kind: str, data: bytes, dry_run: bool) -> Outcome:
    client = APIClient()
    client.force_authenticate(_hr("api-hr"))
    url = f"/api/v1/imports/{kind}/" + ("?dry_run=1" if dry_run else "")
    response = client.post(url, {"file": SimpleUploadedFile("f.csv", data)}, format="multipart")
    assert response.status_code in (200, 400), response.content
    body = response.json()
    report = body.get("report", body)
    messages = " ".join(e["message"] for e in report["errors"])
    return Outcome(response.status_code == 200, f"{report['summary']} {messages}")


def _via_page(kind: str, data: bytes, dry_run: bool) -> Outcome:
    client = Client()
    client.force_login(_hr("page-hr"))
    preview = client.post("/imports/", {"kind": kind, "file": SimpleUploadedFile("f.csv", data)})
    page = preview.content.decode()
    assert preview.status_code in (200, 400), page
    if preview.status_code == 400:
        return Outcome(False, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))
    heading = re.search(r'id="preview-heading"[^>]*>f\.csv: ([^<]*)<', page)
    assert heading, page
    if dry_run:
        return Outcome(True, html.unescape(heading.group(1)))
    token = re.search(r'name="confirm" value="([^"]+)"', page)
    assert token
    done = client.post("/imports/", {"confirm": token.group(1)}, follow=True)
    message = re.search(r"f\.csv: ([^<]*)<", done.content.decode())
    assert message, done.content.decode()
    return Outcome(True, message.group(1))


def _via_command(kind: str, data: bytes, dry_run: bool, *, tmp: Path) -> Outcome:
    path = tmp / f"entry-{kind}.csv"
    path.write_bytes(data)
    ran = run_command(f"import_{kind}", path, *(["--dry-run"] if dry_run else []))
    return Outcome(ran.error is None, f"{ran.out} {ran.err} {ran.failure}")


@pytest.fixture(params=["api", "page", "command"])
def entry(request: pytest.FixtureRequest, tmp_path: Path) -> Entry:
    if request.param == "api":
        return _via_api
    if request.param == "page":
        return _via_page
    return lambda kind, data, dry_run: _via_command(kind, data, dry_run, tmp=tmp_path)


def run(entry: Entry, kind: str, data: bytes, *, dry_run: bool = False) -> Outcome:
    return entry(kind, data, dry_run)


# Excel for Windows, "CSV UTF-8" in a locale with a decimal comma: BOM, CRLF, `;`.
EXCEL_UTF8 = (
    "\ufeffemployee_id;name;email;role;department;site;timezone;hire_date;tags\r\n"
    "E1;Tomás Ruiz;tomas@example.com;backroom;Contabilidad;Detroit;America/Detroit;"
    "2019-04-01;hvac\r\n"
    'E2;"Reyes; Dana";dana@example.com;rep;Field Sales;Detroit;America/Detroit;;\r\n'
).encode()

# Google Sheets, File > Download > CSV: commas, CRLF, no BOM, quotes only where needed.
GOOGLE_SHEETS = (
    "employee_id,name,email,role,department,site,timezone,hire_date,tags\r\n"
    'E1,"Ruiz, Tomás",tomas@example.com,backroom,Accounting,Detroit,America/Detroit,'
    '2019-04-01,"hvac,design"\r\n'
    "E2,Dana Reyes,dana@example.com,rep,Field Sales,Detroit,America/Detroit,,\r\n"
).encode()

# LibreOffice Calc, quote all text cells: doubled quotes, a line break inside a cell, LF.
LIBREOFFICE = (
    b'"employee_id","name","email","role","department","site","timezone"\n'
    b'"E1","John ""Jack"" Smith","jack@example.com","backroom","Sales\nNorth","Detroit",'
    b'"America/Detroit"\n'
    b'"E2","Smith, ""JJ"" John","jj@example.com","rep","Field Sales","Detroit",'
    b'"America/Detroit"\n'
)


def test_an_excel_csv_utf8_export_is_imported(entry: Entry):
    outcome = run(entry, "staff", EXCEL_UTF8)
    assert outcome.ok, outcome.text
    assert "staff: 2 created, 0 updated, 0 unchanged" in outcome.text
    tomas = Employee.objects.get(employee_id="E1")
    assert (tomas.name, tomas.department.name, tomas.tags) == (
        "Tomás Ruiz",
        "Contabilidad",
        ["hvac"],
    )
    assert Employee.objects.get(employee_id="E2").name == "Reyes; Dana"


def test_a_google_sheets_export_is_imported(entry: Entry):
    outcome = run(entry, "staff", GOOGLE_SHEETS)
    assert outcome.ok, outcome.text
    tomas = Employee.objects.get(employee_id="E1")
    assert (tomas.name, tomas.tags, tomas.hire_date) == (
        "Ruiz, Tomás",
        ["hvac", "design"],
        dt.date(2019, 4, 1),
    )


def test_a_libreoffice_export_keeps_doubled_quotes_and_line_breaks(entry: Entry):
    outcome = run(entry, "staff", LIBREOFFICE)
    assert outcome.ok, outcome.text
    assert Employee.objects.get(employee_id="E1").name == 'John "Jack" Smith'
    assert Employee.objects.get(employee_id="E1").department.name == "Sales\nNorth"
    assert Employee.objects.get(employee_id="E2").name == 'Smith, "JJ" John'


def test_a_latin1_file_is_refused_naming_its_likely_encoding(entry: Entry):
    outcome = run(entry, "staff", GOOGLE_SHEETS.decode().encode("latin-1"))
    assert not outcome.ok
    assert "Windows-1252 / Latin-1" in outcome.text
    assert "CSV UTF-8" in outcome.text
    assert not Employee.objects.exists()


def test_a_nul_byte_is_refused_cleanly(entry: Entry):
    outcome = run(entry, "staff", GOOGLE_SHEETS.replace(b"Dana", b"Da\x00na"))
    assert not outcome.ok
    assert "line 3: contains a NUL byte" in outcome.text or "NUL byte" in outcome.text
    assert "Traceback" not in outcome.text
    assert not Employee.objects.exists()


def test_a_re_import_without_optional_columns_keeps_stored_values(entry: Entry):
    EmployeeFactory.create(
        employee_id="E1",
        name="Old Name",
        email="tomas@example.com",
        hire_date=dt.date(2019, 4, 1),
        tags=["hvac"],
        active=False,
    )
    partial = (
        "employee_id,name,email,role,department,site,timezone\n"
        "E1,Tomás Ruiz,tomas@example.com,backroom,Accounting,Detroit,America/Detroit\n"
    ).encode()
    outcome = run(entry, "staff", partial)
    assert outcome.ok, outcome.text
    assert "1 updated" in outcome.text
    tomas = Employee.objects.get(employee_id="E1")
    assert (tomas.name, tomas.hire_date, tomas.tags, tomas.active) == (
        "Tomás Ruiz",
        dt.date(2019, 4, 1),
        ["hvac"],
        False,
    )


def test_an_empty_cell_in_a_present_optional_column_clears_it(entry: Entry):
    EmployeeFactory.create(employee_id="E1", hire_date=dt.date(2019, 4, 1), tags=["hvac"])
    emptied = (
        "employee_id,name,email,role,department,site,timezone,hire_date,tags\n"
        "E1,Tomás Ruiz,tomas@example.com,backroom,Accounting,Detroit,America/Detroit,,\n"
    ).encode()
    assert run(entry, "staff", emptied).ok
    tomas = Employee.objects.get(employee_id="E1")
    assert (tomas.hire_date, tomas.tags) == (None, [])


def test_a_dry_run_reports_and_writes_nothing(entry: Entry):
    EmployeeFactory.create(employee_id="E2", name="Dana Reyes", email="old@example.com")
    outcome = run(entry, "staff", GOOGLE_SHEETS, dry_run=True)
    assert outcome.ok, outcome.text
    assert "staff: 1 to create, 1 to update, 0 unchanged (dry run" in outcome.text
    assert not Employee.objects.filter(employee_id="E1").exists()
    assert Employee.objects.get(employee_id="E2").email == "old@example.com"


def test_a_time_away_re_import_without_reason_keeps_the_reason(entry: Entry):
    person = EmployeeFactory.create(employee_id="E1")
    first = b"employee_id,start,end,reason\nE1,2027-02-01,2027-02-05,Ski trip\n"
    assert run(entry, "unavailability", first).ok
    outcome = run(entry, "unavailability", b"employee_id,start,end\nE1,2027-02-01,2027-02-05\n")
    assert outcome.ok, outcome.text
    assert "1 unchanged" in outcome.text
    assert list(
        Unavailability.objects.filter(employee=person).values_list("reason", flat=True)
    ) == ["Ski trip"]


@dataclass(frozen=True)
class AwayOnASession:
    company: Company
    csv: bytes  # a day off for a shadower on the day of one of their sessions
    sessions: int  # that shadower's sessions on that day


def _away_on_a_session(*, publish: bool) -> AwayOnASession:
    company = small_company()
    solve_start(plan=company.plan, time_limit_s=1.5, workers=1, wait=True)
    if publish:
        plan_publish(plan=company.plan)
    session = company.plan.assignments.select_related("shadower__site", "slot").first()
    assert session is not None
    person = session.shadower
    zone = zoneinfo.ZoneInfo(person.site.timezone)
    day = session.slot.start.astimezone(zone).date()
    sessions = [
        a
        for a in company.plan.assignments.filter(shadower=person).select_related("slot")
        if a.slot.start.astimezone(zone).date() == day
    ]
    csv = f"employee_id,start,end\n{person.employee_id},{day},{day}\n".encode()
    return AwayOnASession(company, csv, len(sessions))


def test_a_dry_run_counts_the_new_conflicts_it_would_raise_in_a_published_plan(entry: Entry):
    away = _away_on_a_session(publish=True)

    outcome = run(entry, "unavailability", away.csv, dry_run=True)

    assert outcome.ok, outcome.text
    assert f'would raise {away.sessions} new conflict(s) in plan "Winter"' in outcome.text
    assert not Unavailability.objects.exists()


def test_a_dry_run_does_not_count_the_conflicts_a_plan_has_already(entry: Entry):
    away = _away_on_a_session(publish=True)
    assert run(entry, "unavailability", away.csv).ok  # the conflict is there now

    outcome = run(entry, "unavailability", away.csv, dry_run=True)

    assert outcome.ok, outcome.text
    assert "0 to create, 0 to update, 1 unchanged (dry run, nothing was written)" in outcome.text
    assert "conflict" not in outcome.text


def test_the_api_and_the_page_name_the_plan_a_dry_run_would_raise_conflicts_in():
    away = _away_on_a_session(publish=False)  # a solved plan counts too
    plan = away.company.plan
    api = APIClient()
    api.force_authenticate(_hr("api-hr"))
    body = api.post(
        "/api/v1/imports/unavailability/?dry_run=1",
        {"file": SimpleUploadedFile("f.csv", away.csv)},
        format="multipart",
    ).json()
    assert body["conflicts"] == [{"plan": plan.pk, "name": "Winter", "new": away.sessions}]
    page = Client()
    page.force_login(_hr("page-hr"))
    preview = page.post(
        "/imports/", {"kind": "unavailability", "file": SimpleUploadedFile("f.csv", away.csv)}
    ).content.decode()
    assert f'<a href="/plans/{plan.pk}/">Winter</a>: {away.sessions} new conflict' in preview
